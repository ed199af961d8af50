"""The `village-pos` command line: help, version, init and its refusals."""

import subprocess
import sys

import pytest

from pos import __version__
from pos.cli import build_parser, main
from pos.db.engine import sqlite_url
from pos.db.opening import open_database
from pos.paths import DataPaths
from pos.services.station import setup as station


@pytest.fixture(autouse=True)
def _qt(qapp):
    # the CLI translates its messages through Qt; share the test session's application
    return qapp


def init_args(d, *extra):
    return ["--data-dir", str(d), "--lang", "en", "init", "--station-name", "清水村服务站",
            "--owner-name", "王小明", "--owner-pin", "1234", *extra]


def test_help_documents_every_option_and_subcommand(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    for word in ("--data-dir", "--db", "--lang", "--demo", "--version", "init"):
        assert word in out
    with pytest.raises(SystemExit):
        main(["init", "--help"])
    out = capsys.readouterr().out
    for word in ("--station-name", "--owner-name", "--owner-pin", "--address", "--phone"):
        assert word in out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_init_creates_station_and_refuses_a_second(tmp_path, capsys):
    d = tmp_path / "data"
    assert main(init_args(d, "--address", "村委会旁", "--phone", "0578-8123456")) == 0
    assert "清水村服务站" in capsys.readouterr().out
    db = open_database(sqlite_url(DataPaths(d).database), DataPaths(d).backups)
    try:
        view = station.get_station(db)
        assert (view.name, view.address, view.phone) == ("清水村服务站", "村委会旁", "0578-8123456")
    finally:
        db.dispose()
    assert main(init_args(d)) == 2
    assert "already has a station" in capsys.readouterr().err


def test_global_options_after_the_subcommand(tmp_path):
    d = tmp_path / "data"
    argv = ["init", "--data-dir", str(d), "--station-name", "站", "--owner-name", "王", "--owner-pin", "1234"]
    assert main(argv) == 0
    assert DataPaths(d).database.exists()


@pytest.mark.parametrize(
    "pin, message",
    [("12", "4 to 8 digits"), ("abcd", "4 to 8 digits"), ("123456789", "4 to 8 digits")],
)
def test_init_refuses_bad_pin(tmp_path, capsys, pin, message):
    d = tmp_path / "data"
    argv = ["--data-dir", str(d), "--lang", "en", "init", "--station-name", "站", "--owner-name", "王", "--owner-pin", pin]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_init_message_in_chinese_by_default(tmp_path, capsys):
    d = tmp_path / "data"
    argv = ["--data-dir", str(d), "init", "--station-name", "站", "--owner-name", "王", "--owner-pin", "12"]
    assert main(argv) == 2
    assert "密码必须是 4 到 8 位数字" in capsys.readouterr().err


def test_init_requires_its_options(capsys):
    with pytest.raises(SystemExit) as e:
        build_parser().parse_args(["init", "--station-name", "x"])
    assert e.value.code == 2


def test_python_dash_m_pos_works():
    out = subprocess.run([sys.executable, "-m", "pos", "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and __version__ in out.stdout


def test_unwritable_data_folder_is_a_message_not_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    argv = ["--data-dir", str(blocker / "data"), "--lang", "en", "init", "--station-name", "站",
            "--owner-name", "王", "--owner-pin", "1234"]
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 1
    assert "cannot be written" in capsys.readouterr().err


def test_empty_data_dir_is_refused_not_taken_as_the_current_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as e:
        main(["--data-dir", "", "init", "--station-name", "站", "--owner-name", "王", "--owner-pin", "1234"])
    assert e.value.code == 2
    assert "empty" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
