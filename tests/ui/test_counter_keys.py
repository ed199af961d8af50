"""Every page's Ctrl and Alt keys work with the cursor where it normally is (in a line edit: Qt's
editing keys, Ctrl+U deleting the line on Linux, must not swallow them), and lists are entered
with Down from the search box on every page that has both."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from pos.ui.shortcut_claim import EDITING_KEYS

_MODS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _logged_in(make_window, owner, qtbot=None):
    w = make_window()
    w._logged_in(owner)
    if qtbot is not None:  # shortcuts fire only in the active window
        with qtbot.waitActive(w):
            w.activateWindow()
    return w


class _Greedy(QObject):
    """A field as greedy as any platform's editing keys: it asks for every key first (offscreen
    Qt uses the Windows key bindings, where Ctrl+U is free; X11's take it for "delete line")."""

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        return False


def _greedy(field: QWidget) -> None:
    g = _Greedy(field)
    field.installEventFilter(g)


def _page_keys(page: QWidget) -> list[QKeySequence]:
    return [sc.key() for sc in page.findChildren(QShortcut) if not sc.key().isEmpty()
            and sc.key()[0].keyboardModifiers() & _MODS]


def _overridden_by_field(field: QWidget, seq: QKeySequence) -> bool:
    combo = seq[0]
    ev = QKeyEvent(QEvent.Type.ShortcutOverride, combo.key(), combo.keyboardModifiers())
    ev.ignore()
    QApplication.sendEvent(field, ev)
    return ev.isAccepted()


def _keys_over(field: QWidget) -> list[QKeySequence]:
    """The Ctrl and Alt shortcuts a field's ancestors made: the ones that can fire from it."""
    keys, w = [], field.parentWidget()
    while w is not None:
        keys += [sc.key() for sc in w.findChildren(QShortcut, options=Qt.FindChildOption.FindDirectChildrenOnly)
                 if not sc.key().isEmpty() and sc.key()[0].keyboardModifiers() & _MODS]
        w = w.parentWidget()
    # the editing keys stay with the field (a test below keeps pages off them)
    return [k for k in keys if k.toString(QKeySequence.SequenceFormat.PortableText) not in EDITING_KEYS]


def _check_fields_leave_keys(page: QWidget, where: str) -> list[str]:
    bad = []
    for field in page.findChildren(QLineEdit):
        if not field.isVisible() or not field.isEnabled():
            continue
        keys = _keys_over(field)
        field.setFocus()
        _greedy(field)
        for seq in keys:
            if _overridden_by_field(field, seq):
                bad.append(f"{where}: {field.placeholderText() or field.objectName()!r} takes "
                           f"{seq.toString(QKeySequence.SequenceFormat.PortableText)}")
    return bad


def test_no_page_key_is_an_everyday_editing_key(make_window, owner, qtbot):
    w = _logged_in(make_window, owner)
    for spec in w.workspace.specs:
        w.workspace.show_page(spec.key)
        for seq in _page_keys(w.workspace.current_page()):
            text = seq.toString(QKeySequence.SequenceFormat.PortableText)
            # check-in's Ctrl+Z undoes the last check-in only while the waybill field is empty
            assert text not in EDITING_KEYS or (spec.key, text) == ("checkin", "Ctrl+Z"), (spec.key, text)


def test_page_keys_win_over_every_line_edit_of_every_page(make_window, owner, qtbot):
    w = _logged_in(make_window, owner)
    bad = []
    for spec in w.workspace.specs:
        w.workspace.show_page(spec.key)
        page = w.workspace.current_page()
        bad += _check_fields_leave_keys(page, spec.key)
        if spec.key == "pickup":
            page.open_admin()
            admin = page.admin.page
            for i in range(admin.tabs.count()):
                admin.tabs.setCurrentIndex(i)
                bad += _check_fields_leave_keys(admin, f"parcel admin tab {i + 1}")
            page.admin.reject()
    assert bad == []


def test_pickup_ctrl_u_works_with_the_cursor_in_the_search_box(make_window, owner, qtbot):
    w = _logged_in(make_window, owner, qtbot)
    w.workspace.show_page("pickup")
    page = w.workspace.current_page()
    page.query.setFocus()
    _greedy(page.query)
    qtbot.keyClicks(page.query, "5678")
    qtbot.keyClick(page.query, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert page.query.text() == "5678"  # not deleted by the line edit
    assert page.status.refused and "请先查找村民" in page.status.text()  # the shortcut answered


def test_checkin_ctrl_k_is_not_the_scan_fields_delete_to_the_end(make_window, owner, qtbot):
    w = _logged_in(make_window, owner, qtbot)
    w.workspace.show_page("checkin")
    page = w.workspace.current_page()
    page.scan.setFocus()
    qtbot.keyClicks(page.scan, "SF1234")
    page.scan.setCursorPosition(2)
    qtbot.keyClick(page.scan, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert page.scan.text() == "SF1234"  # Ctrl+K is not the field's "delete to the end" here


def test_ctrl_z_still_undoes_typing_in_a_filled_waybill_field(make_window, owner, qtbot):
    w = _logged_in(make_window, owner, qtbot)
    w.workspace.show_page("checkin")
    page = w.workspace.current_page()
    page.scan.setFocus()
    qtbot.keyClicks(page.scan, "SF12")
    qtbot.keyClick(page.scan, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.scan.text() != "SF12"
