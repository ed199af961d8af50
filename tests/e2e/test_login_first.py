"""The login screen comes before the station's records: painted with only Qt loaded, usable at once.

pos.app shows the login screen, then imports the database layer on a worker thread and opens the
records behind it. These tests hold that order (what is loaded at the first paint, in a fresh
interpreter) and that a PIN typed in the meantime is not lost. How long each step takes is the
cold-start benchmark's business (benchmarks/cold_start.py), never asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos import app as app_module
from pos.cli import main
from pos.paths import DataPaths
from pos.ui.main_window import MainWindow
from pos.ui.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "escpos", "reportlab", "pypinyin", "serial", "pos.services.station.auth", "pos.db.models")

PROBE = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and type(obj).__name__ == "LoginPage" and "loaded" not in seen:
            seen["loaded"] = sorted(m for m in HEAVY if m in sys.modules)
            seen["station"] = obj.station_label.text()
            QTimer.singleShot(0, app.quit)
        return False

probe = FirstPaint()
app.installEventFilter(probe)
from pos.cli import main
from pos.paths import DataPaths
seen["exit"] = main(sys.argv[1:])
print(json.dumps(seen))
"""


@pytest.fixture(autouse=True)
def _qt(qapp):
    return qapp


def init_station(d: Path) -> None:
    argv = ["--data-dir", str(d), "init", "--station-name", "清水村服务站", "--owner-name", "王小明", "--owner-pin", "1234"]
    assert main(argv) == 0


def test_login_is_painted_before_the_database_layer_is_loaded(tmp_path):
    d = tmp_path / "data"
    init_station(d)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}", "--data-dir", str(d)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["loaded"] == []
    assert seen["station"] == "清水村服务站"  # read ahead from the file, in the station's language
    assert seen["exit"] == 0


def test_prefetched_modules_do_not_load_qt():
    """The worker thread imports these; Qt widgets belong to the GUI thread only."""
    code = ("import sys\n"
            "for name in ('PySide6', 'PySide6.QtCore', 'PySide6.QtGui', 'PySide6.QtWidgets'):\n"
            "    sys.modules[name] = None\n"
            f"for name in {app_module.PREFETCH!r}:\n"
            "    __import__(name)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_records_open_without_the_printers_libraries(tmp_path):
    """python-escpos with barcode, qrcode, PIL and yaml took 0.28 s to import, on the way from the
    painted login to the open records; the print queue's thread imports them later. Neither the
    prefetch nor the device settings' check at the start (the default printer profile) loads them,
    and a profile python-escpos does not have is still refused."""
    d = tmp_path / "data"
    init_station(d)
    code = (f"for name in {app_module.PREFETCH!r}:\n"
            "    __import__(name)\n"
            "import sys\n"
            "from pathlib import Path\n"
            "from pos.db.engine import sqlite_url\n"
            "from pos.db.opening import open_database\n"
            "from pos.services.hardware import device_settings\n"
            f"db = open_database(sqlite_url(Path({str(d / 'station.sqlite3')!r})), Path({str(tmp_path / 'b')!r}))\n"
            "cfg = device_settings.read(db)\n"
            "print(cfg.profile, sorted(m for m in ('escpos', 'PIL', 'barcode', 'qrcode', 'yaml') if m in sys.modules))\n"
            "from dataclasses import replace\n"
            "from pos.domain.errors import ValidationError\n"
            "try:\n"
            "    device_settings.validate(replace(cfg, profile='no-such-printer'))\n"
            "except ValidationError as e:\n"
            "    print('refused', e.params['profile'])\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["default []", "refused no-such-printer"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME places the cache on Linux only")
def test_the_print_queues_escpos_uses_the_apps_capabilities_cache(tmp_path):
    """python-escpos left to itself parses its capabilities file at every start and leaves the
    result in a new temporary folder; the print queue's thread imports it through pos.devices,
    which points it at the app's cache folder, so the second start reads the cache."""
    code = ("from pos.devices.print_queue import _renderers\n"
            "_renderers()\n"
            "import escpos.capabilities as c, os\n"
            "print(c.pickle_dir, c.full_load)\n")
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    runs = [subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                           timeout=120) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    (first_dir, first_full), (second_dir, second_full) = (r.stdout.split() for r in runs)
    assert Path(first_dir) == Path(second_dir) == tmp_path / "VillageStationPOS"
    assert (first_full, second_full) == ("True", "False")


def test_a_pin_entered_while_the_records_open_logs_in_once_they_are_open(tmp_path, qtbot, monkeypatch):
    d = tmp_path / "data"
    init_station(d)
    seen = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        login = window.login_page
        assert window.ctx is None and window.current_screen() is login
        assert login.station_label.text() == "清水村服务站"
        login.pin.insert("1234")
        qtbot.keyClick(login.pin, Qt.Key.Key_Return)
        seen["waiting"] = login.prompt.text()
        qtbot.waitUntil(lambda: isinstance(window.current_screen(), Workspace), timeout=30_000)
        seen["operator"] = window.ctx.operator.name
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert main(["--data-dir", str(d), "--lang", "en"]) == 0
    assert "please wait" in seen["waiting"]
    assert seen["operator"] == "王小明"
    # the log a helper on the phone reads: started, login shown, then ready, in this order
    log = DataPaths(d).log_file.read_text(encoding="utf-8")
    marks = [log.index(m) for m in ("starting village-pos", "login screen shown", "station ready")]
    assert marks == sorted(marks)


def test_digits_typed_while_the_records_open_stay_in_the_field(tmp_path, qtbot, monkeypatch):
    d = tmp_path / "data"
    init_station(d)
    seen = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        window.login_page.pin.insert("12")
        qtbot.waitUntil(lambda: window.ctx is not None, timeout=30_000)
        seen["pin"] = window.login_page.pin.text()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert main(["--data-dir", str(d), "--lang", "en"]) == 0
    assert seen["pin"] == "12"


def test_a_failure_behind_the_login_screen_ends_the_app_with_its_code(tmp_path, monkeypatch):
    d = tmp_path / "data"
    init_station(d)
    told = []
    monkeypatch.setattr(app_module, "tell", lambda title, text: told.append(text))
    # a bad printer is found after the login screen is up: the partner is told, the app exits 2
    assert main(["--data-dir", str(d), "--lang", "en", "--printer", "bogus:thing"]) == 2
    assert told and told[0].strip()


def test_without_a_read_ahead_the_window_starts_in_the_saved_language(tmp_path, qtbot, monkeypatch):
    """--db takes step 2 before the window exists: every text on it, the status bar's too, is
    in the language saved in the records, not the default one."""
    from pos.db.engine import sqlite_url
    from pos.db.opening import open_database
    from pos.services import settings as st

    d = tmp_path / "data"
    init_station(d)
    paths = DataPaths(d)
    db = open_database(sqlite_url(paths.database), paths.backups)
    try:
        with db.unit_of_work() as s:
            st.put(s, st.LANGUAGE, "en")
    finally:
        db.dispose()
    seen = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen["operator"] = window.status.operator.text()
        seen["devices"] = [window.status.printer.line(), window.status.scanner.line()]
        seen["prompt"] = window.login_page.prompt.text()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert main(["--data-dir", str(d), "--db", sqlite_url(paths.database)]) == 0
    assert seen["operator"] == "Not logged in"
    assert seen["prompt"] == "Enter your PIN and press Enter"
    assert all(text.isascii() for text in seen["devices"]), seen["devices"]
