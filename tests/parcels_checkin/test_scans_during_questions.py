"""Check-in's questions (which carrier? check in again?) take the scans that arrive while they
are up: the scan router gives them to the dialog in front, which queues them on the page."""

from PySide6.QtWidgets import QApplication

from pos.ui.pages.checkin.pickers import CarrierPickerDialog
from pos.ui.scan_router import ScanRouter

from .conftest import AMBIGUOUS, ZTO


def test_a_scan_while_the_carrier_question_is_up_waits_in_the_queue(qtbot, page, monkeypatch):  # noqa: F811
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    router = ScanRouter(lambda: page)
    router.route(AMBIGUOUS)
    dlg = page.dialog
    assert isinstance(dlg, CarrierPickerDialog)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dlg)
    assert router.route(ZTO) is True
    assert list(page.queue) == [ZTO] and page.dialog is dlg and beeps == []
