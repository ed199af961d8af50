"""Reports → Income from the keyboard: months by source, a month's lines, the statement saved as
PDF and CSV, a month not begun shown as an empty statement."""

import csv
import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos.devices.fakes import FakeDevices
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services import settings as st
from pos.services.income.rates import RATES
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.fonts import load_app_font
from pos.ui.pages.reports.reports_page import ReportsPage
from pos.wiring import wire_station
from tests.income import dataset
from tests.income.dataset import JULY, JULY_RATE, JUNE, RATES as DATASET_RATES

NOW = dataset.L(7, 20, 10)


@pytest.fixture
def page(qtbot, qapp, database, shanghai, tmp_path):
    dataset.build(database)
    with database.unit_of_work() as s:
        st.put(s, RATES, [r.to_json() for r in DATASET_RATES + (JULY_RATE,)])
    load_app_font(qapp)
    tr = Translations(qapp)
    tr.use("zh_CN")
    ctx = AppContext(db=database, paths=DataPaths(tmp_path / "data"), auth=AuthService(database),
                     translations=tr, devices=FakeDevices(), wiring=wire_station())
    p = ReportsPage(ctx, clock=lambda: NOW.astimezone(dt.timezone.utc))
    p.clock_for_tests = p.clock
    qtbot.addWidget(p)
    p.resize(1280, 860)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    p.activated()
    saved = []
    p.income.choose_path = lambda suggested, suffix: saved.append(tmp_path / f"statement.{suffix}") or saved[-1]
    p.saved = saved
    return p


def open_income(page, qtbot):
    """Alt+I, then the twelve months read (on the thread pool)."""
    qtbot.keyClick(page.date_edit, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not page.income.loading, timeout=20000)
    return page.income


def _row(view, row):
    return [view.months.item(row, c).text() for c in range(7)]


def _yuan(fen):
    return f"-¥{-fen / 100:.2f}" if fen < 0 else f"¥{fen / 100:.2f}"


def test_months_by_source_from_the_keyboard(page, qtbot):
    view = open_income(page, qtbot)
    assert page.tabs.currentWidget() is view and QApplication.focusWidget() is view.months
    assert view.months.rowCount() == 12
    order = ("purchase_commission", "parcel_fee", "service_commission", "sales_margin")
    july = [_yuan(JULY[k]) for k in order]
    assert _row(view, 0) == ["2026-07（至今）", *july, _yuan(sum(JULY.values())),
                             _yuan(sum(JULY.values()) - JULY["sales_margin"])]
    assert view.tiles["total"].value.text() == _yuan(sum(JULY.values()))
    qtbot.keyClick(view.months, Qt.Key.Key_Down)
    assert view.month() == (2026, 6)
    assert _row(view, 1)[1:5] == [_yuan(JUNE[k]) for k in order]
    assert view.tiles["county"].value.text() == _yuan(JUNE["purchase_commission"] + JUNE["parcel_fee"])
    items = {view.lines.item(r, 1).text() for r in range(view.lines.rowCount())}
    assert {"家电", "食品", "顺丰速运 (按入库)", "顺丰速运 (按取件)", "饮料", "粮油"} <= items
    county = sum(JULY.values()) - JULY["sales_margin"]
    assert view.chart.summary_text() == f"每月收入（元）: {_yuan(sum(JULY.values()))} / {_yuan(county)}"
    assert any(k == "Alt+I" for k, _ in page.help_keys())


def test_the_statement_saved_as_pdf_and_csv(page, qtbot):
    view = open_income(page, qtbot)
    qtbot.keyClick(view.months, Qt.Key.Key_Down)
    qtbot.keyClick(view.months, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.worker is None and "statement.pdf" in view.status.text(), timeout=20000)
    text = "\n".join(pg.extract_text() for pg in PdfReader(str(page.saved[-1])).pages)
    assert "清水村电商服务站" in text and "收入结算单" in text and "2026-06" in text
    assert _yuan(sum(JUNE.values())) in text
    qtbot.keyClick(view.months, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.worker is None and "statement.csv" in view.status.text(), timeout=20000)
    rows = list(csv.reader(io.StringIO(page.saved[-1].read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["服务站", "月份", "来源"]
    assert rows[-1][2:] == ["合计", "", "", "", "", f"{sum(JUNE.values()) / 100:.2f}"]


def test_a_month_not_begun_is_a_clear_empty_statement(page, qtbot):
    view = open_income(page, qtbot)
    qtbot.keyClick(view.months, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.month() == (2026, 8)
    assert view.empty.isVisible() and "2026-08" in view.empty.text() and "尚未开始" in view.empty.text()
    assert not view.lines.isVisible() and view.tiles["total"].value.text() == "¥0.00"
    qtbot.keyClick(view.months, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.worker is None and "statement.pdf" in view.status.text(), timeout=20000)
    text = "\n".join(pg.extract_text() for pg in PdfReader(str(page.saved[-1])).pages)
    assert "2026-08" in text and "本月没有收入记录" in text


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_income_tab_fits_a_1024_screen(page, qtbot, language):
    from tests.ui.layout_check import problems

    page.ctx.translations.use(language)
    page = ReportsPage(page.ctx, clock=page.clock)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activated()
    page.show_income()
    qtbot.waitUntil(lambda: not page.income.loading, timeout=20000)
    qtbot.keyClick(page.income.months, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.income.months.isVisible())
    qtbot.wait(50)
    page.grab().save(str(page.ctx.paths.root.parent / f"income_{language}.png"))
    found = problems(page.income)
    assert found == [], "\n".join(found)
    page.ctx.translations.use("zh_CN")


def test_the_months_are_read_off_the_gui_thread_and_a_refresh_meanwhile_waits_for_them(page, qtbot, monkeypatch):
    """At five years the twelve months take seconds: the window keeps answering while they are
    read, says so, and a second refresh asked for meanwhile reads once more afterwards."""
    import threading

    from pos.services.income import statements

    gate, threads, real = threading.Event(), [], statements.overview

    def slow_overview(*args, **kwargs):
        threads.append(threading.current_thread())
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(statements, "overview", slow_overview)
    view = page.income
    qtbot.keyClick(page.date_edit, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(threads) == 1)
    assert view.loading and view.status.text() == "正在读取各月收入…"
    assert view.month() == (2026, 7)  # this month while reading, not the date edit's earliest
    assert threads[0] is not threading.main_thread()
    view.refresh()  # a rate changed meanwhile: not a second read at once
    qtbot.keyClick(view.months, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # keys still work
    assert len(threads) == 1 and view.overview is None
    gate.set()
    qtbot.waitUntil(lambda: len(threads) == 2 and not view.loading, timeout=20000)
    assert view.months.rowCount() == 12 and view.status.text() == ""
    assert view.tiles["total"].value.text() != ""


def test_a_failed_read_is_said_and_the_tab_stays_usable(page, qtbot, monkeypatch):
    from pos.domain.errors import DomainError
    from pos.services.income import statements

    def broken(*_a, **_k):
        raise DomainError("数据库不可用")

    monkeypatch.setattr(statements, "overview", broken)
    view = open_income(page, qtbot)
    assert "数据库不可用" in view.error.text() and view.status.text() == ""
    monkeypatch.undo()
    view.refresh()
    qtbot.waitUntil(lambda: not view.loading, timeout=20000)
    assert view.months.rowCount() == 12 and not view.error.isVisible()
