"""Two instances on one data folder, as two real processes (`python -m pos`, offscreen Qt).

The first reaches the login screen and holds the folder; a second start exits at once with code
3 and says the app is already running, on stderr as well as in its message box (offscreen nobody
could close the box, so there it is only printed). Once the first is killed the folder is free:
the operating system dropped its lock. (In-process: tests/e2e/test_startup.py.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pos.paths import DataPaths

from .helpers import init_station

REPO = Path(__file__).resolve().parents[2]
READY = "login screen shown"


def start(data: Path, **kw) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-m", "pos", "--data-dir", str(data), "--lang", "en"], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def wait_for_login(log_file: Path, times: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if log_file.exists() and log_file.read_text(encoding="utf-8").count(READY) >= times:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    raise AssertionError(f"no '{READY}' in {log_file} after {timeout}s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)


def test_second_process_on_the_same_folder_exits_3_with_a_message(tmp_path):
    data = tmp_path / "data"
    log_file = DataPaths(data).log_file
    init_station(data)
    first = start(data)
    try:
        wait_for_login(log_file, 1, first)
        t0 = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "pos", "--data-dir", str(data), "--lang", "en"], cwd=REPO,
                                env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True,
                                timeout=60)
        assert second.returncode == 3, second.stderr
        assert "already running" in second.stderr and str(data) in second.stderr
        assert time.monotonic() - t0 < 30
        assert first.poll() is None  # the first one is untouched
    finally:
        stop(first)  # killed: no clean release of the lock
    third = start(data)
    try:
        wait_for_login(log_file, 2, third)
    finally:
        stop(third)
