"""Starting the app for real: init then the window, one instance per folder, damaged databases."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos import app as app_module
from pos.cli import main
from pos.db.backup import backup_sqlite, list_backups
from pos.db.engine import sqlite_url
from pos.db.opening import DatabaseCorrupt, open_database
from pos.instance import AlreadyRunning, acquire_instance_lock
from pos.paths import DataPaths
from pos.services.station import setup as station
from pos.ui.login_page import LoginPage
from pos.ui.main_window import MainWindow
from pos.ui.workspace import Workspace


@pytest.fixture(autouse=True)
def _qt(qapp):
    return qapp


def init_station(d):
    argv = ["--data-dir", str(d), "init", "--station-name", "清水村服务站", "--owner-name", "王小明", "--owner-pin", "1234"]
    assert main(argv) == 0


def scripted_exec(qtbot, script):
    """Replace the event loop of run_gui by a script run against the real main window."""
    seen = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen["window"] = window
        # the login screen is up before the station's records are open (pos.app): wait for them
        qtbot.waitUntil(lambda: window.ctx is not None, timeout=30_000)
        script(window)
        window.close()
        return 0

    return fake_exec, seen


def test_init_then_start_shows_login_and_pin_reaches_main_window(tmp_path, qtbot, monkeypatch):
    d = tmp_path / "data"
    init_station(d)

    def script(window):
        login = window.current_screen()
        assert isinstance(login, LoginPage)
        assert login.station_label.text() == "清水村服务站"
        qtbot.keyClicks(login.pin, "1234")
        qtbot.keyClick(login.pin, Qt.Key.Key_Return)
        assert isinstance(window.current_screen(), Workspace)
        assert window.workspace.buttons["checkin"].text() == "包裹入库\nF2"  # Chinese by default

    fake_exec, seen = scripted_exec(qtbot, script)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert main(["--data-dir", str(d)]) == 0
    assert "window" in seen
    assert DataPaths(d).log_file.exists()


def test_demo_creates_a_station_with_the_readme_pin(tmp_path, qtbot, monkeypatch):
    d = tmp_path / "demo"

    def script(window):
        login = window.current_screen()
        qtbot.keyClicks(login.pin, "1234")
        qtbot.keyClick(login.pin, Qt.Key.Key_Return)
        assert window.ctx.operator.is_owner

    fake_exec, seen = scripted_exec(qtbot, script)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert main(["--data-dir", str(d), "--demo", "--lang", "en"]) == 0
    assert "window" in seen


def test_second_instance_on_the_same_folder_is_refused(tmp_path, monkeypatch):
    d = tmp_path / "data"
    paths = DataPaths(d)
    paths.ensure()
    lock = acquire_instance_lock(paths.lock_file)
    try:
        with pytest.raises(AlreadyRunning):
            acquire_instance_lock(paths.lock_file)
        told = []
        monkeypatch.setattr(app_module, "tell", lambda title, text: told.append(text))
        assert main(["--data-dir", str(d), "--lang", "en"]) == 3
        assert "already running" in told[0]
    finally:
        lock.release()
    # once the first instance is gone, the folder is free again
    acquire_instance_lock(paths.lock_file).release()


def test_unwritable_data_folder_gives_a_clear_message(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    told = []
    monkeypatch.setattr(app_module, "tell", lambda title, text: told.append(text))
    assert main(["--data-dir", str(blocker / "data"), "--lang", "en"]) == 1
    assert "cannot be written" in told[0]


def make_station_db(d):
    init_station(d)
    return DataPaths(d)


def test_damaged_database_is_refused_never_replaced_silently(tmp_path):
    paths = make_station_db(tmp_path / "data")
    paths.database.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseCorrupt):
        open_database(sqlite_url(paths.database), paths.backups)


def test_damaged_database_offers_the_newest_good_backup(tmp_path, monkeypatch):
    paths = make_station_db(tmp_path / "data")
    backup_sqlite(paths.database, paths.backups, "test")
    paths.database.write_bytes(b"garbage" * 1000)
    asked = []
    monkeypatch.setattr(app_module, "ask_restore_corrupt", lambda msg, newest: asked.append((msg, newest)) or True)
    db = app_module.open_station_database(sqlite_url(paths.database), paths)
    try:
        assert station.get_station(db).name == "清水村服务站"
    finally:
        db.dispose()
    assert asked and asked[0][1] is not None
    assert any("replaced" in p.name for p in list_backups(paths.backups))  # the damaged file is kept


def test_damaged_database_declined_exits_without_touching_it(tmp_path, monkeypatch):
    paths = make_station_db(tmp_path / "data")
    paths.database.write_bytes(b"garbage" * 1000)
    monkeypatch.setattr(app_module, "ask_restore_corrupt", lambda msg, newest: False)
    assert main(["--data-dir", str(paths.root), "--lang", "en"]) == 1
    assert paths.database.read_bytes() == b"garbage" * 1000


def test_missing_database_with_backups_asks_before_starting_empty(tmp_path, monkeypatch):
    paths = make_station_db(tmp_path / "data")
    backup_sqlite(paths.database, paths.backups, "test")
    for p in paths.root.glob("station.sqlite3*"):
        p.unlink()
    monkeypatch.setattr(app_module, "ask_restore_missing", lambda path, newest: True)
    db = app_module.open_station_database(sqlite_url(paths.database), paths)
    try:
        assert station.get_station(db).name == "清水村服务站"
    finally:
        db.dispose()


def test_crash_hook_logs_and_keeps_running(tmp_path, monkeypatch):
    import logging
    import sys

    from pos.logs import setup_logging
    from pos.ui import crash_hook

    log_file = tmp_path / "logs" / "pos.log"
    setup_logging(log_file)
    shown = []
    monkeypatch.setattr(crash_hook.QMessageBox, "critical", lambda *a: shown.append(a[2]))
    old = sys.excepthook
    try:
        crash_hook.install_crash_hook(log_file)
        try:
            raise RuntimeError("boom for the test")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    for h in logging.getLogger().handlers:
        h.flush()
    assert "boom for the test" in log_file.read_text(encoding="utf-8")
    assert str(log_file) in shown[0]


def test_upgrade_takes_a_copy_first(tmp_path):
    from pos.db import migrate
    from pos.db.engine import make_engine

    revisions = migrate.revision_chain()
    if len(revisions) < 2:
        pytest.skip("needs at least two migrations")
    first = revisions[0]
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    engine = make_engine(sqlite_url(paths.database))
    migrate.upgrade(engine, first)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO station (id, created_at, updated_at, name, address, phone) "
            "VALUES ('0123456789abcdef0123456789abcdef', '2026-11-22 00:00:00', '2026-11-22 00:00:00', '旧站', '', '')"
        )
    engine.dispose()
    db = open_database(sqlite_url(paths.database), paths.backups)
    db.dispose()
    copies = [p for p in list_backups(paths.backups) if f"before-upgrade-{first}" in p.name]
    assert len(copies) == 1
    conn = sqlite3.connect(copies[0])
    assert conn.execute("select name from station").fetchone()[0] == "旧站"
    conn.close()


@pytest.mark.parametrize("option, spec", [("--printer", "bogus:thing"), ("--scanner", "serial:"), ("--printer", "usb:zz:1")])
def test_bad_device_spec_is_refused_with_a_message(tmp_path, monkeypatch, option, spec):
    d = tmp_path / "data"
    init_station(d)
    told = []
    monkeypatch.setattr(app_module, "tell", lambda title, text: told.append(text))
    assert main(["--data-dir", str(d), "--lang", "en", option, spec]) == 2
    assert told and told[0].strip()


def test_a_broken_carrier_rule_file_stops_the_start_with_a_message(tmp_path, monkeypatch):
    """The rules are read once, at start-up (pos.wiring): a broken file is said there, not later
    on the first scan."""
    from pos.domain.carriers import RuleFileError
    from pos.domain.i18n import tr_noop

    def broken(path=None):
        raise RuleFileError(tr_noop("errors", "The carrier rule file {file} cannot be read: {problem}."),
                            file="carriers.toml", problem="gone")

    d = tmp_path / "data"
    init_station(d)
    told = []
    monkeypatch.setattr(app_module, "tell", lambda title, text: told.append(text))
    monkeypatch.setattr("pos.wiring.load_rules", broken)
    assert main(["--data-dir", str(d), "--lang", "en"]) == 1
    assert told and "carriers.toml" in told[0]


def test_missing_database_without_a_screen_stops_instead_of_starting_empty(tmp_path, capsys):
    """Offscreen nobody can answer the restore question: the app says so and changes nothing."""
    paths = make_station_db(tmp_path / "data")
    backup_sqlite(paths.database, paths.backups, "test")
    for p in paths.root.glob("station.sqlite3*"):
        p.unlink()
    assert main(["--data-dir", str(paths.root), "--lang", "en"]) == 1
    assert not paths.database.exists()
    assert "missing" in capsys.readouterr().err
