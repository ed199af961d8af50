"""tests/machine.py: which Debian packages a machine lacks, and how the run gets them."""

import sys
import sysconfig

import pytest

from tests import machine
from tests.machine import DEB_TEST_PROGRAMS, QT_LIBRARIES, apt_line, missing_packages, plan


def no_sudo():
    pytest.fail("sudo must not be asked about")


def test_a_complete_machine_needs_nothing():
    assert missing_packages(QT_LIBRARIES, DEB_TEST_PROGRAMS, lambda lib: True, lambda prog: True) == ()
    assert plan((), is_root=False, has_apt=True, sudo_works=no_sudo).nothing_to_do


def test_a_bare_debian_lacks_every_qt_package_once_and_binutils():
    packages = missing_packages(QT_LIBRARIES, DEB_TEST_PROGRAMS, lambda lib: False, lambda prog: False)
    assert packages == ("libglib2.0-0", "libegl1", "libgl1", "libx11-6", "libfontconfig1", "libfreetype6",
                        "libxkbcommon0", "libdbus-1-3", "libzstd1", "binutils")


def test_only_what_is_missing():
    packages = missing_packages(QT_LIBRARIES, DEB_TEST_PROGRAMS, lambda lib: lib != "libGL.so.1",
                                lambda prog: True)
    assert packages == ("libgl1",)


def test_root_installs_with_apt_get_itself():
    p = plan(("libgl1",), is_root=True, has_apt=True, sudo_works=no_sudo)
    assert (p.packages, p.command, p.refusal) == (("libgl1",), (), "")


def test_a_user_with_password_less_sudo_installs_through_sudo():
    p = plan(("libgl1",), is_root=False, has_apt=True, sudo_works=lambda: True)
    assert (p.command, p.refusal) == (("sudo", "-n"), "")


def test_otherwise_the_run_stops_with_the_apt_line():
    p = plan(("libgl1", "libegl1"), is_root=False, has_apt=True, sudo_works=lambda: False)
    assert not p.nothing_to_do
    assert f"sudo {apt_line(('libgl1', 'libegl1'))}" in p.refusal
    assert apt_line(("libgl1", "libegl1")) == "apt-get install -y --no-install-recommends libgl1 libegl1"


def test_without_apt_it_names_the_debian_packages():
    p = plan(("libgl1",), is_root=True, has_apt=False, sudo_works=no_sudo)
    assert "libgl1" in p.refusal and "apt-get" not in p.refusal


def test_debians_python_needs_its_shared_library_package_for_pyinstaller(monkeypatch):
    monkeypatch.setattr(sysconfig, "get_config_var", lambda name: "libpython3.11.so.1.0")
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    monkeypatch.setattr(sys, "version_info", (3, 11, 2))
    assert machine.deb_test_libraries() == {"libpython3.11.so.1.0": "libpython3.11"}
    monkeypatch.setattr(sys, "base_prefix", "/root/.local/share/uv/python/cpython-3.11.14-linux-x86_64-gnu")
    assert machine.deb_test_libraries() == {}
