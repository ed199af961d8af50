"""The Linux package for real: build it, install it with apt (as the README says: apt fetches the
Qt libraries it depends on), start the installed app offscreen
as an ordinary user to the login screen, remove the package and find the station's data intact.

Slow (about two minutes: PyInstaller, then dpkg-deb) and it changes the system: it installs
the package and adds a throw-away user, so it runs only as root (CI runs as root on a throw-away
machine). The user and the package are removed again at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from pos import __version__
from pos.paths import APP_NAME

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = Path("/usr/bin/village-pos")
LOGIN_SHOWN = "login screen shown"
START_DEADLINE_S = 120


def _why_not() -> str | None:
    if sys.platform != "linux":
        return "the .deb is built and installed on Linux only"
    if os.geteuid() != 0:
        return "installs the package into this system with apt-get: run as root (CI does)"
    # objdump (binutils, for PyInstaller) is not here: tests/machine.py installs it for a root run
    for tool in ("apt-get", "dpkg", "dpkg-deb", "useradd", "userdel", "runuser"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


if (_reason := _why_not()) is not None:
    pytestmark.append(pytest.mark.skip(reason=_reason))


def run(*cmd: str, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("timeout", 300)
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert done.returncode == 0, f"{' '.join(cmd)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def deb() -> Path:
    out = run("bash", "installers/linux/build-deb.sh", cwd=ROOT, timeout=1200).stdout
    path = ROOT / "dist" / f"village-pos_{__version__}_{run('dpkg', '--print-architecture').stdout.strip()}.deb"
    assert path.is_file(), out
    return path


@pytest.fixture
def station_user():
    """A throw-away login with its own home, like the partner's account on the station PC."""
    name = f"vpos{uuid.uuid4().hex[:8]}"
    # not under pytest's tmp_path: that is private to root, and the user must reach its home
    base = Path(tempfile.mkdtemp(prefix="village-pos-user-"))
    base.chmod(0o755)
    home = base / name
    run("useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/sh", name)
    try:
        yield name, home
    finally:
        subprocess.run(["userdel", name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def as_user(user: str, home: Path, *args: str) -> list[str]:
    """The command line that runs the installed program as `user` in a clean environment."""
    env = [f"HOME={home}", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "QT_QPA_PLATFORM=offscreen"]
    return ["runuser", "-u", user, "--", "env", "-i", *env, str(PROGRAM), *args]


def wait_for_login_screen(proc: subprocess.Popen, log_file: Path) -> str:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        text = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
        if LOGIN_SHOWN in text:
            return text
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the installed app exited {proc.returncode} before the login screen\n{out}\n{err}\n{text}")
        time.sleep(0.2)
    pytest.fail(f"no '{LOGIN_SHOWN}' in {log_file} within {START_DEADLINE_S} s")


def test_installed_package_starts_to_the_login_screen_and_removal_keeps_the_data(deb, station_user):
    user, home = station_user

    if not any(Path("/var/lib/apt/lists").glob("*_Packages*")):  # a fresh image: no package lists yet
        run("apt-get", "update", "-qq", timeout=600)
    # apt-get install ./FILE.deb, like `sudo apt install ./village-pos_<version>_amd64.deb` in the
    # README: dpkg -i alone fails on a system without the Qt libraries the package depends on
    installed = run("apt-get", "install", "-y", "--no-install-recommends", str(deb),
                    env={**os.environ, "SUDO_USER": user, "DEBIAN_FRONTEND": "noninteractive"}, timeout=600)
    try:
        # postinst gave the installing user the printer and serial-scanner groups
        groups = run("id", "-nG", user).stdout.split()
        assert "lp" in groups and "dialout" in groups, installed.stdout
        assert Path("/opt/village-pos/village-pos").is_file()
        assert Path("/usr/share/applications/village-pos.desktop").is_file()
        assert Path("/usr/share/icons/hicolor/256x256/apps/village-pos.png").is_file()
        assert Path("/usr/lib/udev/rules.d/60-village-pos.rules").is_file()

        assert run(*as_user(user, home, "--version")).stdout.strip() == f"village-pos {__version__}"

        # the default data folder of an ordinary user, as on the station PC
        data = home / ".local" / "share" / APP_NAME
        created = run(*as_user(user, home, "init", "--station-name", "清水村服务站",
                               "--owner-name", "王小明", "--owner-pin", "1234"))
        assert str(data) in created.stdout
        assert (data / "station.sqlite3").is_file()

        proc = subprocess.Popen(as_user(user, home), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        try:
            log = wait_for_login_screen(proc, data / "logs" / "village-pos.log")
            assert f"starting village-pos {__version__}" in log
            assert proc.poll() is None, "the app should be waiting at the login screen"
            assert "Traceback" not in log and " ERROR " not in log, log
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
            proc.communicate(timeout=30)
    finally:
        removed = subprocess.run(["dpkg", "-r", "village-pos"], capture_output=True, text=True)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not PROGRAM.exists() and not Path("/opt/village-pos").exists()
    # the station's records outlive the program, even a purge
    assert (data / "station.sqlite3").is_file()
    run("dpkg", "--purge", "village-pos")
    assert (data / "station.sqlite3").is_file()
    assert (data / "logs" / "village-pos.log").is_file()
