"""`village-pos backup` and `village-pos restore`, run in-process through their run functions."""

import argparse
import sqlite3
import uuid

import pytest
from sqlalchemy import text

from pos.commands import backup as backup_cmd
from pos.commands import restore as restore_cmd
from pos.commands.common import CommandContext
from pos.db.engine import sqlite_url
from pos.domain.users import Operator, Role
from pos.instance import acquire_instance_lock
from pos.services.station import backups
from pos.services import settings as st


def args_for(paths, **kw):
    return argparse.Namespace(data_dir=paths.root, db=None, lang="en", **kw)


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


def test_backup_then_restore_from_the_command_line(paths, station_db, tmp_path, capsys):
    usb = tmp_path / "usb" / "村站备份"
    a = args_for(paths, to=usb)
    assert backup_cmd.run(CommandContext(a), a) == 0
    out = capsys.readouterr().out
    made = backups.list_backups(paths.backups)[0].path
    assert str(made) in out and (usb / made.name).exists()
    with station_db.unit_of_work() as s:
        s.execute(text("DELETE FROM station"))  # something to undo
    station_db.dispose()
    a = args_for(paths, file=usb / made.name)
    assert restore_cmd.run(CommandContext(a), a) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "before-restore" in out
    conn = sqlite3.connect(paths.database)
    assert conn.execute("select name from station").fetchone()[0] == "清水村服务站"
    conn.close()


def test_backup_uses_the_saved_second_folder_and_reports_a_missing_one(paths, station_db, tmp_path, capsys):
    st.save(station_db, Operator(uuid.uuid4(), "王小明", Role.OWNER), {backups.SECOND_FOLDER: str(tmp_path / "gone")})
    a = args_for(paths, to=None)
    assert backup_cmd.run(CommandContext(a), a) == 0  # the backup in the data folder was made
    err = capsys.readouterr().err
    assert "USB" in err


def test_restore_refused_while_the_app_runs(paths, station_db, capsys):
    made = backups.take_backup(paths, sqlite_url(paths.database), backups.MANUAL).path
    lock = acquire_instance_lock(paths.lock_file)
    try:
        a = args_for(paths, file=made)
        assert restore_cmd.run(CommandContext(a), a) == 2
    finally:
        lock.release()
    assert "running" in capsys.readouterr().err


def test_restore_of_a_corrupt_file_fails_with_a_message(paths, station_db, tmp_path, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\0garbage" * 1000)
    a = args_for(paths, file=bad)
    assert restore_cmd.run(CommandContext(a), a) == 2
    assert "bad.sqlite3" in capsys.readouterr().err


def test_backup_of_an_unreachable_postgres_says_so(paths, capsys):
    a = argparse.Namespace(data_dir=paths.root, db="postgresql+psycopg://pos@127.0.0.1:1/none", lang="en", to=None)
    assert backup_cmd.run(CommandContext(a), a) == 2
    assert "cannot be reached" in capsys.readouterr().err
