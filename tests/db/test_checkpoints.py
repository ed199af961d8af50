"""The write-ahead log is checkpointed by a thread of its own shortly after commits, so that no
commit of the app's own thread has to (pos.db.checkpoints)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from pos.db import checkpoints
from pos.db.engine import make_engine, sqlite_url
from pos.db.unit_of_work import Database
from tests.polling import wait_for


def recorded(monkeypatch) -> list[str]:
    done: list[str] = []
    real = checkpoints.checkpoint

    def checkpoint(path: str) -> None:
        real(path)
        done.append(path)

    monkeypatch.setattr(checkpoints, "checkpoint", checkpoint)
    return done


def test_a_commit_is_checkpointed_off_the_committing_thread(tmp_path, monkeypatch):
    threads: list[str] = []
    real = checkpoints.checkpoint
    monkeypatch.setattr(checkpoints, "checkpoint",
                        lambda path: (threads.append(threading.current_thread().name), real(path)))
    path = tmp_path / "station.sqlite3"
    db = Database(make_engine(sqlite_url(path)))
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x)"))
    with db.unit_of_work() as s:
        s.execute(text("INSERT INTO t VALUES (1)"))
    assert wait_for(lambda: threads)
    assert set(threads) == {"wal-checkpoints"} and threading.current_thread().name != "wal-checkpoints"
    db.dispose()


def test_the_log_is_copied_into_the_database_file(tmp_path):
    path = tmp_path / "station.sqlite3"
    db = Database(make_engine(sqlite_url(path)))
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x)"))
    size = path.stat().st_size
    with db.unit_of_work() as s:
        s.execute(text("INSERT INTO t VALUES (:x)"), [{"x": "y" * 3000} for _ in range(50)])
    assert wait_for(lambda: path.stat().st_size > size)  # SQLite alone would wait for 1,000 pages
    db.dispose()


def test_a_burst_of_commits_is_checkpointed_without_a_pause(tmp_path, monkeypatch):
    done = recorded(monkeypatch)
    monkeypatch.setattr(checkpoints, "QUIET_S", 60.0)  # only the count can trigger it
    path = tmp_path / "station.sqlite3"
    db = Database(make_engine(sqlite_url(path)))
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x)"))
    for n in range(checkpoints.BATCH):
        with db.unit_of_work() as s:
            s.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})
    assert wait_for(lambda: str(path.resolve()) in done)
    db.dispose()


def test_no_checkpoint_while_paused(tmp_path, monkeypatch):
    done = recorded(monkeypatch)
    path = tmp_path / "station.sqlite3"
    db = Database(make_engine(sqlite_url(path)))
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x)"))
    with checkpoints.paused():
        with db.unit_of_work() as s:
            s.execute(text("INSERT INTO t VALUES (1)"))
        time.sleep(checkpoints.QUIET_S + 0.3)
        assert str(path.resolve()) not in done
    assert wait_for(lambda: str(path.resolve()) in done)
    db.dispose()


def test_a_file_that_is_gone_is_left_alone(tmp_path):
    checkpoints.checkpoint(str(tmp_path / "gone.sqlite3"))
    assert not (tmp_path / "gone.sqlite3").exists()  # not created by the attempt


def test_only_sqlite_files_get_a_checkpointer(tmp_path):
    assert checkpoints.committer(make_engine("sqlite://")) is None
    assert checkpoints.committer(make_engine("sqlite:///:memory:")) is None
    assert checkpoints.committer(make_engine(sqlite_url(tmp_path / "x.sqlite3"))) is not None
