"""Settings → Backups with pytest-qt: back up now, restore (owner), the second folder, start-up."""

import sqlite3
import uuid

from PySide6.QtCore import Qt

from pos.db.models import Payment
from pos.domain.users import Operator, Role
from pos.services.station import backups
from pos.services.station.auth import AuthService
from pos.ui.backup_job import start_daily_backup
from pos.ui.owner_approval import OwnerPinDialog
from pos.ui.pages.settings.backup_tab import BackupTab
from tests.shifts.ui_helpers import make_ctx, when_modal


def ui_ctx(qapp, station_db, paths):
    ctx = make_ctx(qapp, station_db, paths.root.parent)
    return ctx


def owner_of(db):
    from pos.db.models import User
    from sqlalchemy import select

    with db.reader() as s:
        u = s.scalars(select(User).where(User.role == "owner")).one()
    return Operator(u.id, u.name, Role.OWNER)


def test_back_up_now_lists_the_copy(qtbot, qapp, paths, station_db, tmp_path):
    ctx = ui_ctx(qapp, station_db, paths)
    ctx.session.set_operator(owner_of(station_db))
    tab = BackupTab(ctx)
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 0 and not tab.restore_button.isEnabled()
    usb = tmp_path / "usb"
    usb.mkdir()
    assert tab.set_second_folder(str(usb))
    job = tab.back_up_now()
    qtbot.waitUntil(lambda: job.done)
    assert tab.table.rowCount() == 1 and tab.restore_button.isEnabled()
    assert "usb" in tab.result.text()
    assert len(backups.list_backups(usb)) == 1


def test_restore_needs_the_owner_and_asks_for_a_restart(qtbot, qapp, paths, station_db):
    boss = owner_of(station_db)
    ctx = ui_ctx(qapp, station_db, paths)
    view = AuthService(station_db).add_assistant(boss, "李芳", "5678")
    ctx.session.set_operator(Operator(view.id, view.name, Role.ASSISTANT))
    backups.take_backup(paths, ctx.db.engine.url, backups.MANUAL)
    with station_db.unit_of_work() as s:
        s.add(Payment(id=uuid.uuid4(), purpose="sale", method="cash", amount_fen=100))
    tab = BackupTab(ctx)
    qtbot.addWidget(tab)
    asked = []
    tab._confirm = lambda text: asked.append(text) or True

    when_modal(OwnerPinDialog, lambda dlg: qtbot.keyClick(dlg.pin, Qt.Key.Key_Escape))
    assert tab.restore_selected() is None and not asked  # the assistant alone cannot restore

    def approve(dlg):
        qtbot.keyClicks(dlg.pin, "1234")
        qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)

    when_modal(OwnerPinDialog, approve)
    with qtbot.waitSignal(tab.restart_required):
        job = tab.restore_selected()
    assert job is not None and asked
    conn = sqlite3.connect(paths.database)
    assert conn.execute("select count(*) from payment").fetchone()[0] == 0
    assert conn.execute("select operator from audit_log where action = 'database.restored'").fetchone()[0] == "王小明"
    conn.close()
    assert any(i.kind == "before-restore" for i in backups.list_backups(paths.backups))


def test_declined_confirmation_changes_nothing(qtbot, qapp, paths, station_db):
    ctx = ui_ctx(qapp, station_db, paths)
    ctx.session.set_operator(owner_of(station_db))
    backups.take_backup(paths, ctx.db.engine.url, backups.MANUAL)
    tab = BackupTab(ctx)
    qtbot.addWidget(tab)
    tab._confirm = lambda text: False
    assert tab.restore_selected() is None
    assert len(backups.list_backups(paths.backups)) == 1


def test_daily_backup_at_start_runs_in_the_background_once(qtbot, qapp, paths, station_db, tmp_path):
    ctx = ui_ctx(qapp, station_db, paths)
    job = start_daily_backup(ctx)
    qtbot.waitUntil(lambda: job.done)
    assert job.result is not None and "-daily" in job.result.path.name
    job = start_daily_backup(ctx)
    qtbot.waitUntil(lambda: job.done)
    assert job.result is None and job.error is None


def test_daily_backup_tells_about_a_missing_usb_stick(qtbot, qapp, paths, station_db, tmp_path):
    from pos.services import settings as st

    ctx = ui_ctx(qapp, station_db, paths)
    st.save(station_db, owner_of(station_db), {backups.SECOND_FOLDER: str(tmp_path / "E")})
    job = start_daily_backup(ctx)
    qtbot.waitUntil(lambda: job.done and hasattr(job, "message_box"))
    box = job.message_box
    assert "USB" in box.text() or "U" in box.text()
    box.close()
