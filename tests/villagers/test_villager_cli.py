"""`village-pos export villagers` and `village-pos import villagers`, run in-process."""

import csv
import io

import pytest

from pos.cli import main
from pos.db.engine import sqlite_url
from pos.db.opening import open_database
from pos.paths import DataPaths
from pos.services.villagers import register as vs
from pos.services.villagers.csv_io import station_owner

HEADER = "name,phone,village_group,household,address,notes,delivery_consent,delivery_consent_at,balance_yuan\n"


@pytest.fixture(autouse=True)
def _qt(qapp):
    # the CLI translates its messages through Qt; share the test session's application
    return qapp


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    assert main(["--data-dir", str(d), "init", "--station-name", "清水村服务站", "--owner-name", "王小明",
                 "--owner-pin", "1234"]) == 0
    return d


def registered(d):
    db = open_database(sqlite_url(DataPaths(d).database), DataPaths(d).backups)
    try:
        return {v.name: v for v in vs.search(db, station_owner(db), "", include_inactive=True)}
    finally:
        db.dispose()


def test_import_then_export(data_dir, tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_bytes(("姓名,手机,组,余额\n张三,13812345678,三组,12.5\n李四,139****4321,一组,\n").encode("gb18030"))
    assert main(["--lang", "en", "import", "villagers", str(src), "--data-dir", str(data_dir)]) == 0
    assert "Imported 2 villagers" in capsys.readouterr().out
    assert registered(data_dir)["张三"].balance_fen == 1250
    out = tmp_path / "out.csv"
    assert main(["--data-dir", str(data_dir), "--lang", "en", "export", "villagers", "--out", str(out)]) == 0
    assert "Exported 2 villagers" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [(r["name"], r["phone"], r["balance_yuan"]) for r in rows] == [
        ("李四", "139****4321", "0.00"), ("张三", "13812345678", "12.50")]  # full phones on the owner's PC


def test_bad_rows_refuse_the_import_and_are_listed(data_dir, tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text(HEADER + "张三,13812345678,,,,,,,\n,138,,,,,maybe,,\n王五,,,,,,,,abc\n", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "--lang", "en", "import", "villagers", str(src)]) == 1
    err = capsys.readouterr().err
    assert "Line 3, column name: Please enter the villager's name." in err
    assert "Line 3, column phone:" in err and "Line 3, column delivery_consent:" in err
    assert "Line 4, column balance_yuan: 'abc' is not an amount of money" in err
    assert "Nothing was imported: 2 of 3 rows are bad" in err
    assert registered(data_dir) == {}
    assert main(["--data-dir", str(data_dir), "--lang", "en", "import", "villagers", str(src), "--skip-bad-rows"]) == 0
    assert "Imported 1 villagers; 2 bad rows skipped." in capsys.readouterr().out
    assert list(registered(data_dir)) == ["张三"]


def test_messages_in_chinese_by_default(data_dir, tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text(HEADER + ",,,,,,,,\n王五,12,,,,,,,\n", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "import", "villagers", str(src)]) == 1
    err = capsys.readouterr().err
    assert "第 3 行" in err and "没有导入任何数据" in err


def test_unreadable_file_and_missing_station(tmp_path, capsys, data_dir):
    assert main(["--data-dir", str(data_dir), "--lang", "en", "import", "villagers", str(tmp_path / "none.csv")]) == 2
    assert "Cannot read" in capsys.readouterr().err
    empty = tmp_path / "empty"
    assert main(["--data-dir", str(empty), "--lang", "en", "export", "villagers", "--out", str(tmp_path / "x.csv")]) == 2
    assert "no station yet" in capsys.readouterr().err


def test_export_by_registration_day(data_dir, tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text(HEADER + "张三,,,,,,,,\n", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "import", "villagers", str(src)]) == 0
    out = tmp_path / "out.csv"
    argv = ["--data-dir", str(data_dir), "--lang", "en", "export", "villagers", "--out", str(out)]
    assert main([*argv, "--from", "2000-01-01", "--to", "2000-12-31"]) == 0
    assert "Exported 0 villagers" in capsys.readouterr().out
    assert main([*argv, "--from", "2000-13-01"]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_help_lists_villagers(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "villagers" in capsys.readouterr().out
