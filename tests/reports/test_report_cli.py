"""`village-pos report daily|monthly`: through pos.cli.main once it is wired, and through the
command's run() with the same arguments meanwhile."""

import argparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from pos.cli import build_parser
from pos.commands import report as report_cmd
from pos.commands.common import CommandContext
from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import upgrade
from pos.db.unit_of_work import Database
from pos.domain.errors import ValidationError
from pos.services.reports.data import parse_day, parse_month
from tests.reports import dataset
from tests.reports.pdf_reading import pdf_text


@pytest.fixture(autouse=True)
def _qt(qapp):
    """The QApplication first: CommandContext would otherwise create a bare QCoreApplication,
    and every widget test after this file would fail."""
    return qapp


def parser() -> argparse.ArgumentParser:
    """The `report` subcommand as pos.cli builds it."""
    return build_parser()


@pytest.fixture
def data_dir(tmp_path, shanghai):
    root = tmp_path / "station"
    root.mkdir()
    eng = make_engine(sqlite_url(root / "station.sqlite3"))
    upgrade(eng, "head")
    dataset.build(Database(eng))
    eng.dispose()
    return root


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    return report_cmd.run(CommandContext(args), args, clock=dataset.clock)


def test_daily_report_pdf(data_dir, tmp_path, capsys):
    out = tmp_path / "daily.pdf"
    assert run(["report", "daily", "--date", "2026-11-20", "--out", str(out), "--data-dir", str(data_dir)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "2026-11-20" in capsys.readouterr().out
    text = pdf_text(out)
    assert "站点日报" in text and "顺丰速运" in text


def test_daily_defaults_to_today(data_dir, tmp_path):
    out = tmp_path / "today.pdf"
    assert run(["report", "daily", "--out", str(out), "--data-dir", str(data_dir)]) == 0
    assert "2026-11-22" in pdf_text(out)


def test_monthly_statement_pdf_in_english(data_dir, tmp_path, capsys):
    out = tmp_path / "m.pdf"
    argv = ["report", "monthly", "--month", "2026-11", "--out", str(out), "--data-dir", str(data_dir), "--lang", "en"]
    assert run(argv) == 0
    assert "Monthly statement for 2026-11 written to" in capsys.readouterr().out
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("argv, message", [
    (["daily", "--date", "2026-02-30"], "'2026-02-30' is not a date; write it as YYYY-MM-DD"),
    (["daily", "--date", "22/11/2026"], "'22/11/2026' is not a date"),
    (["daily", "--date", "2026-12-01"], "2026-12-01 has not begun yet"),
    (["daily", "--month", "2026-11"], "The daily report takes --date, not --month."),
    (["monthly"], "Say which month: --month YYYY-MM"),
    (["monthly", "--month", "2026-13"], "'2026-13' is not a month"),
    (["monthly", "--month", "2026-11", "--date", "2026-11-01"], "The monthly statement takes --month, not --date."),
])
def test_bad_dates_give_clear_messages(data_dir, tmp_path, capsys, argv, message):
    out = tmp_path / "x.pdf"
    assert run(["report", *argv, "--out", str(out), "--data-dir", str(data_dir), "--lang", "en"]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_messages_in_chinese(data_dir, tmp_path, capsys, chinese):
    assert run(["report", "daily", "--date", "2026-02-30", "--out", str(tmp_path / "x.pdf"), "--data-dir",
                str(data_dir), "--lang", "zh_CN"]) == 2
    assert "“2026-02-30”不是日期" in capsys.readouterr().err


def test_missing_folder_and_folder_as_file(data_dir, tmp_path, capsys):
    assert run(["report", "daily", "--out", str(tmp_path / "no" / "x.pdf"), "--data-dir", str(data_dir),
                "--lang", "en"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert run(["report", "daily", "--out", str(tmp_path), "--data-dir", str(data_dir), "--lang", "en"]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_out_is_required():
    with pytest.raises(SystemExit):
        parser().parse_args(["report", "daily"])


def test_through_pos_cli_main_when_wired(data_dir, tmp_path):
    from pos import cli

    subs = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert "report" in subs.choices
    out = tmp_path / "d.pdf"
    assert cli.main(["report", "daily", "--date", "2026-11-20", "--out", str(out), "--data-dir", str(data_dir)]) == 0
    assert out.exists()


@settings(max_examples=200, deadline=None)
@given(hs.text(max_size=14))
def test_any_text_is_a_date_or_a_clear_error(text):
    try:
        day = parse_day(text)
    except ValidationError as e:
        assert e.field == "date"
    else:
        assert 1900 <= day.year <= 9998
    try:
        year, month = parse_month(text)
    except ValidationError as e:
        assert e.field == "month"
    else:
        assert 1 <= month <= 12
