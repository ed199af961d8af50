import pytest

from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import upgrade
from pos.db.unit_of_work import Database
from pos.domain.station import StationDetails
from pos.paths import DataPaths
from pos.services.station import setup as station


@pytest.fixture
def paths(tmp_path):
    p = DataPaths(tmp_path / "data")
    p.ensure()
    return p


@pytest.fixture
def url(paths):
    return sqlite_url(paths.database)


@pytest.fixture
def station_db(paths, url):
    """The station database in the data folder (where the app keeps it), with an owner."""
    eng = make_engine(url)
    upgrade(eng, "head")
    db = Database(eng)
    station.set_up_station(db, StationDetails("清水村服务站"), "王小明", "1234")
    yield db
    db.dispose()


@pytest.fixture
def write_protect():
    """Make files and folders unchangeable, even by root (a write-protected USB stick, a data folder
    on a read-only disk): chattr +i. Skips where the file system has no such flag."""
    import subprocess

    done = []

    def protect(*targets):
        for t in targets:
            r = subprocess.run(["chattr", "+i", str(t)], capture_output=True)
            if r.returncode != 0:
                pytest.skip(f"chattr +i not available here: {r.stderr.decode(errors='replace').strip()}")
            done.append(t)

    yield protect
    for t in reversed(done):
        subprocess.run(["chattr", "-i", str(t)], capture_output=True)
