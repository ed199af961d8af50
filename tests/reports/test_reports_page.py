"""The Reports page (F7) driven from the keyboard, over the hand-made dataset."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos.devices.fakes import FakeDevices
from pos.paths import DataPaths
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.fonts import load_app_font
from pos.ui.pages.reports.reports_page import ReportsPage
from pos.wiring import wire_station
from tests.reports import dataset

SHOTS = os.environ.get("POS_REPORT_SHOTS")  # a folder: save screenshots there to look at them


@pytest.fixture
def page(qtbot, qapp, report_db, chinese, tmp_path):
    load_app_font(qapp)
    ctx = AppContext(db=report_db, paths=DataPaths(tmp_path / "data"), auth=AuthService(report_db),
                     translations=chinese, devices=FakeDevices(), wiring=wire_station())
    p = ReportsPage(ctx, clock=dataset.clock)
    qtbot.addWidget(p)
    p.resize(1280, 860)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    p.activated()
    return p


def shot(widget, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))


def test_opens_on_today_with_the_date_focused(page):
    assert page.period().first == dataset.NOW.date()
    assert QApplication.focusWidget() is page.date_edit
    assert page.date_edit.maximumDate().toPython() == dataset.NOW.date()


def test_step_back_to_the_report_day_with_the_keyboard(page, qtbot):
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.data is not None and page.data.period.first == dataset.DAY)
    d = page.dashboard.tiles
    assert (d["received"].value.text(), d["handed_over"].value.text(), d["in_stock"].value.text(),
            d["overdue"].value.text(), d["net_sales"].value.text()) == ("3", "2", "5", "2", "¥79.00")
    assert page.dashboard.parcels_chart.summary_text().endswith(": 3 / 2")
    assert page.dashboard.sales_chart.summary_text().endswith("¥81")
    s = page.summary
    assert [s.cell("parcels", 0, c) for c in range(6)] == ["顺丰速运", "3", "1", "0", "2", "0"]
    assert [s.cell("parcels", 4, c) for c in range(6)] == ["合计", "3", "2", "1", "5", "2"]
    assert s.tables["parcels"].horizontalHeaderItem(1).text() == "入库"
    assert s.cell("overdue", 0, 1) == "WB0000000006"
    assert s.cell("cash", 8, 1) == "¥33.00"  # the drawer's net cash on the total row
    assert s.cell("shifts", 0, 6) == "-¥1.00"
    shot(page, "reports_dashboard_zh.png")
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentWidget() is page.summary
    shot(page, "reports_tables_zh.png")


def test_monthly_statement_with_alt_m(page, qtbot):
    qtbot.keyClick(page.date_edit, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert page.monthly_radio.isChecked()
    assert QApplication.focusWidget() is page.month_edit
    assert page.data.period.label == "2026-11"
    assert page.dashboard.tiles["received"].value.text() == "9"
    assert page.summary.cell("commission", 0, 1) == "3"
    qtbot.keyClick(page.month_edit, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.data.period.label == "2026-10")
    assert page.dashboard.tiles["received"].value.text() == "0"
    shot(page, "reports_month_zh.png")


def test_save_pdf_in_the_background(page, qtbot, tmp_path):
    page.set_day(dataset.DAY)
    target = tmp_path / "日报.pdf"
    asked = []
    page.choose_pdf_path = lambda suggested: asked.append(suggested) or target
    qtbot.keyClick(page.date_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.worker is not None and not page.save_button.isEnabled() and page.busy.isVisible()
    qtbot.waitUntil(lambda: page.worker is None, timeout=30000)
    assert target.read_bytes().startswith(b"%PDF")
    assert page.save_button.isEnabled() and not page.busy.isVisible()
    assert str(target) in page.status.text()
    assert asked[0].name == "站点日报-2026-11-20.pdf" and asked[0].parent.is_dir()


def test_save_pdf_cancelled_does_nothing(page, qtbot):
    page.choose_pdf_path = lambda suggested: None
    qtbot.keyClick(page.date_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.worker is None and page.save_button.isEnabled()


def test_save_pdf_into_a_missing_folder_says_so(page, qtbot, tmp_path):
    page.choose_pdf_path = lambda suggested: tmp_path / "nowhere" / "x.pdf"
    page.save_pdf()
    qtbot.waitUntil(lambda: page.worker is None, timeout=30000)
    assert page.error.isVisible() and "nowhere" in page.error.text()


def test_print_summary_with_ctrl_p(page, qtbot):
    page.set_day(dataset.DAY)
    qtbot.keyClick(page.date_edit, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    kind, ref, doc = page.ctx.devices.printed[-1]
    assert (kind, ref) == ("report", "D2026-11-20")
    texts = [getattr(b, "text", "") or getattr(b, "left", "") for b in doc.blocks]
    assert "站点日报" in texts and "入库" in texts
    assert "小票打印机" in page.status.text()


def test_no_print_button_without_a_printer(qtbot, report_db, chinese, tmp_path):
    ctx = AppContext(db=report_db, paths=DataPaths(tmp_path), auth=AuthService(report_db), translations=chinese,
                     wiring=wire_station())
    p = ReportsPage(ctx, clock=dataset.clock)
    qtbot.addWidget(p)
    p.show()
    p.activated()
    assert not p.print_button.isVisible()
    p.print_summary()  # Ctrl+P without a printer: nothing happens, nothing breaks


def test_pdfs_are_made_in_a_child_kept_while_the_partner_stays_and_ended_on_leaving(page, qtbot, tmp_path):
    page.set_day(dataset.DAY)
    page.choose_pdf_path = lambda suggested: tmp_path / "day.pdf"
    qtbot.keyClick(page.date_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.worker is None, timeout=30000)
    child = page.pdfs._proc
    assert child is not None and child.pid != os.getpid() and child.is_alive()
    page.choose_pdf_path = lambda suggested: tmp_path / "again.pdf"
    qtbot.keyClick(page.date_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.worker is None, timeout=30000)
    assert page.pdfs._proc is child and (tmp_path / "again.pdf").read_bytes().startswith(b"%PDF")
    page.hide()  # the partner goes to another page: the child and all its memory go
    assert page.pdfs.wait_stopped() and child.exitcode == 0


def test_a_pdf_process_that_died_is_told_and_the_next_pdf_works(page, qtbot, tmp_path):
    from pos.reports.pdf_process import PdfProcess
    from tests.reports.test_pdf_process import DiesInTheChild

    page.set_day(dataset.DAY)
    real = page.pdfs.write_report
    page.pdfs.write_report = lambda data, path, language: PdfProcess.write(
        page.pdfs, "report", DiesInTheChild(), path, language)
    page.choose_pdf_path = lambda suggested: tmp_path / "lost.pdf"
    page.save_pdf()
    qtbot.waitUntil(lambda: page.worker is None, timeout=30000)
    assert page.error.isVisible() and "PdfProcessDied" in page.error.text() and "PDF" in page.error.text()
    assert not (tmp_path / "lost.pdf").exists() and page.save_button.isEnabled()
    page.pdfs.write_report = real
    page.choose_pdf_path = lambda suggested: tmp_path / "next.pdf"
    page.save_pdf()
    qtbot.waitUntil(lambda: page.worker is None, timeout=30000)
    assert (tmp_path / "next.pdf").read_bytes().startswith(b"%PDF")
