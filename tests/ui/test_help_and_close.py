"""F1 shows what the screen is for and every key it takes; closing with a shift open asks first;
the window opens maximised or where the partner left it."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence

from pos.services.shifts import drawer
from pos.ui.help_panel import HelpDialog, keys_of, shortcuts_made_by
from pos.ui.window_geometry import restore_geometry, save_geometry


def _portable(text: str) -> set[str]:
    out = set()
    for part in text.split(" / "):
        seq = QKeySequence(part.strip())
        out.add(seq.toString(QKeySequence.SequenceFormat.PortableText) if not seq.isEmpty() else part.strip())
    return out


def _logged_in(make_window, owner, qtbot):
    w = make_window()
    w._logged_in(owner)
    return w


def test_every_page_lists_every_key_it_makes(make_window, owner, qtbot):
    w = _logged_in(make_window, owner, qtbot)
    for spec in w.workspace.specs:
        w.workspace.show_page(spec.key)
        page = w.workspace.current_page()
        listed = set().union(*(_portable(k) for k, _ in keys_of(page))) if keys_of(page) else set()
        missing = [k for k in shortcuts_made_by(page) if k not in listed]
        assert missing == [], f"{spec.key}: shortcuts not in help_keys(): {missing}"


@pytest.mark.parametrize("key", ["checkin", "pickup", "sales", "villagers", "settings"])
def test_f1_opens_the_help_of_the_page_on_screen_and_esc_closes_it(make_window, owner, qtbot, key):
    w = _logged_in(make_window, owner, qtbot)
    w.workspace.show_page(key)
    page = w.workspace.current_page()
    target = page.focusWidget() or page
    qtbot.keyClick(target, Qt.Key.Key_F1)
    dlg = w.help_dialog
    assert isinstance(dlg, HelpDialog) and dlg.isVisible()
    spec = next(s for s in w.workspace.specs if s.key == key)
    text = dlg.plain_text()
    assert spec.title in text
    assert "Ctrl+L" in text  # the keys that work everywhere
    for k, _ in keys_of(w.workspace.current_page())[:2]:
        assert k in text
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible()


def test_f1_on_the_login_screen_explains_the_pin(make_window, owner, qtbot):
    w = make_window()
    w.show_login()
    qtbot.keyClick(w.login_page, Qt.Key.Key_F1)
    assert "输入密码后按回车" in w.help_dialog.plain_text()  # the test station speaks Chinese
    w.help_dialog.reject()


def test_the_help_is_in_english_too(make_window, owner, qtbot, ctx):
    ctx.translations.use("en")
    w = _logged_in(make_window, owner, qtbot)
    w.workspace.show_page("checkin")
    w.show_help()
    text = w.help_dialog.plain_text()
    assert "Parcel check-in" in text and "Undo the last check-in" in text
    w.help_dialog.reject()


def test_help_dialog_fits_a_1024x768_screen(make_window, owner, qtbot):
    w = _logged_in(make_window, owner, qtbot)
    w.workspace.show_page("sales")
    w.show_help()
    assert w.help_dialog.height() <= 700 and w.help_dialog.width() <= 1000
    w.help_dialog.reject()


class _Spontaneous(QCloseEvent):
    def spontaneous(self) -> bool:  # what the window manager's Alt+F4 delivers
        return True


def test_alt_f4_with_a_shift_open_asks_and_says_what_is_open(make_window, owner, qtbot, ctx, monkeypatch):
    drawer.open_shift(ctx.db, owner, lambda: dt.datetime.now(dt.UTC), 10000)
    w = _logged_in(make_window, owner, qtbot)
    asked: list[str] = []
    monkeypatch.setattr(w, "ask_close", lambda what: asked.append(what) or False)
    ev = _Spontaneous()
    w.closeEvent(ev)
    assert not ev.isAccepted() and w.ctx.operator is not None
    assert len(asked) == 1 and "S" in asked[0] and owner.name in asked[0]
    monkeypatch.setattr(w, "ask_close", lambda what: True)
    ev = _Spontaneous()
    w.closeEvent(ev)
    assert ev.isAccepted()


def test_alt_f4_with_no_shift_open_closes_without_asking(make_window, owner, qtbot, monkeypatch):
    w = _logged_in(make_window, owner, qtbot)
    monkeypatch.setattr(w, "ask_close", lambda what: pytest.fail("asked with nothing open"))
    ev = _Spontaneous()
    w.closeEvent(ev)
    assert ev.isAccepted()


def test_the_app_closing_itself_is_not_asked_about(make_window, owner, qtbot, ctx, monkeypatch):
    drawer.open_shift(ctx.db, owner, lambda: dt.datetime.now(dt.UTC), 0)
    w = _logged_in(make_window, owner, qtbot)
    monkeypatch.setattr(w, "ask_close", lambda what: pytest.fail("a restore's own close was asked about"))
    ev = QCloseEvent()
    assert not ev.spontaneous()
    w.closeEvent(ev)
    assert ev.isAccepted()


def test_window_opens_maximised_first_then_where_it_was_left(qtbot, ctx, tmp_path):
    from pos.ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show_remembered(ctx.paths)
    assert w.isMaximized()
    w.showNormal()
    w.setGeometry(10, 10, 770, 570)  # the offscreen screen is 800x800
    save_geometry(w, ctx.paths)
    w2 = MainWindow(ctx)
    qtbot.addWidget(w2)
    assert restore_geometry(w2, ctx.paths)
    assert (w2.width(), w2.height()) == (770, 570)


def test_a_damaged_or_offscreen_saved_place_opens_maximised(qtbot, ctx):
    from pos.ui.main_window import MainWindow

    (ctx.paths.root / "window.json").write_text("{not json", encoding="utf-8")
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert not restore_geometry(w, ctx.paths)
    w.setGeometry(5000, 5000, 770, 570)
    save_geometry(w, ctx.paths)
    w2 = MainWindow(ctx)
    qtbot.addWidget(w2)
    # Qt itself moves a restored window back onto a screen; either way it must be visible
    if restore_geometry(w2, ctx.paths):
        from PySide6.QtGui import QGuiApplication
        assert any(s.availableGeometry().contains(w2.frameGeometry()) for s in QGuiApplication.screens())
