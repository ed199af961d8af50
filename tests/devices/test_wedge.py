"""The keyboard-wedge filter under pytest-qt: scans are caught whatever has focus, people's
typing reaches the field unchanged."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from pos.devices.scanner_wedge import WedgeScanFilter, scan_friendly


@pytest.fixture
def wedge(qapp):
    w = WedgeScanFilter(max_gap_ms=40, min_length=6)
    got = []
    w.scanned.connect(got.append)
    w.got = got
    w.start()
    yield w
    w.stop()


@pytest.fixture
def edit(qtbot):
    e = QLineEdit()
    qtbot.addWidget(e)
    e.show()
    e.setFocus()
    return e


def test_fast_keys_are_a_scan_and_stay_out_of_the_field(qtbot, wedge, edit):
    qtbot.keyClicks(edit, "6901234567892")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert wedge.got == ["6901234567892"]
    qtbot.wait(80)
    assert edit.text() == ""


def test_capitals_with_shift_are_part_of_the_scan(qtbot, wedge, edit):
    qtbot.keyClicks(edit, "SF1234567890")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert wedge.got == ["SF1234567890"]
    assert edit.text() == ""


def test_slow_typing_is_a_person(qtbot, wedge, edit):
    qtbot.keyClicks(edit, "6901234567892", delay=60)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.wait(80)
    assert wedge.got == []
    assert edit.text() == "6901234567892"


def test_chinese_and_mixed_typing_untouched(qtbot, wedge, edit):
    qtbot.keyClicks(edit, "ab", delay=60)
    qtbot.wait(80)
    qtbot.keyClicks(edit, "cd")  # two quick keys: too short for a scan
    qtbot.wait(80)
    assert edit.text() == "abcd" and wedge.got == []


def test_scan_without_suffix_ends_on_silence(qtbot, wedge, edit):
    qtbot.keyClicks(edit, "JT5123456789")
    qtbot.waitUntil(lambda: wedge.got == ["JT5123456789"], timeout=1000)
    assert edit.text() == ""


def test_scan_works_whatever_has_focus(qtbot, wedge):
    page = QWidget()
    lay = QVBoxLayout(page)
    a, b = QLineEdit(), QLineEdit()
    lay.addWidget(a)
    lay.addWidget(b)
    qtbot.addWidget(page)
    page.show()
    b.setFocus()
    qtbot.keyClicks(b, "YT1234567890")
    qtbot.keyClick(b, Qt.Key.Key_Return)
    qtbot.keyClicks(page, "A-3-0127")
    qtbot.keyClick(page, Qt.Key.Key_Enter)
    assert wedge.got == ["YT1234567890", "A-3-0127"]
    assert a.text() == b.text() == ""


def test_enter_after_a_short_burst_reaches_the_field(qtbot, wedge, edit):
    pressed = []
    edit.returnPressed.connect(lambda: pressed.append(edit.text()))
    qtbot.keyClicks(edit, "12")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert pressed == ["12"] and wedge.got == []


def test_ime_commit_at_scanner_speed_is_a_scan(qtbot, wedge, edit):
    # a pinyin IME composing the scanner's letters, then committing them on Enter
    for i in range(1, 13):
        QApplication.sendEvent(edit, QInputMethodEvent("sf1234567890"[:i], []))
    commit = QInputMethodEvent()
    commit.setCommitString("sf1234567890")
    QApplication.sendEvent(edit, commit)
    assert wedge.got == ["sf1234567890"]
    assert edit.text() == ""


def test_ime_commit_of_chinese_is_left_alone(qtbot, wedge, edit):
    commit = QInputMethodEvent()
    commit.setCommitString("张三丰")
    QApplication.sendEvent(edit, commit)
    assert edit.text() == "张三丰" and wedge.got == []


def test_stop_removes_the_filter(qtbot, wedge, edit):
    wedge.stop()
    qtbot.keyClicks(edit, "6901234567892")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert wedge.got == [] and edit.text() == "6901234567892"


def test_scan_friendly_disables_the_input_method(qtbot, edit):
    scan_friendly(edit)
    assert not edit.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
