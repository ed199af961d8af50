"""`village-pos server`: the station's PostgreSQL on the main PC, run by the app itself.

Everything lives in the data folder's server/ (0700): the cluster (pgdata/), its log and
server.json (0600) with the port and two generated passwords: the superuser's (used only on this
PC, for administration and backups) and the app role's, which pairing hands to the other
counters. Remote logins use SCRAM from the station's own subnet only (pg_hba ``samenet``); the
bundled build has no TLS, so queries cross the counter LAN unencrypted (README).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop
from pos.server.binaries import tool
from pos.server.names import APP_ROLE, DATABASE, DEFAULT_PORT, SUPERUSER
from pos.server.private_file import write_private

log = logging.getLogger(__name__)

_START_TIMEOUT_S = 60


class ServerError(DomainError):
    pass


@dataclass
class ServerConfig:
    port: int
    superuser_password: str
    app_password: str
    autostart: bool = False  # started by the app on this PC (Settings → 多柜台)
    ready: bool = False  # the app role, the station database and pairing exist (set up after initdb)


@dataclass(frozen=True)
class ServerStatus:
    initialised: bool
    running: bool
    port: int | None
    address: str  # this PC's LAN address, as the other counters should type it


class StationServer:
    """The cluster under ``data_dir``/server. ``os_user`` runs the programs as another OS user:
    PostgreSQL refuses to run as root, so tests running as root pass an unprivileged one."""

    def __init__(self, data_dir: Path, *, os_user: str | None = None) -> None:
        self.root = Path(data_dir) / "server"
        self.pgdata = self.root / "pgdata"
        self.config_file = self.root / "server.json"
        self.log_file = self.root / "postgresql.log"
        self.os_user = os_user

    # configuration ---------------------------------------------------------------------------
    @property
    def initialised(self) -> bool:
        return self.config_file.is_file() and (self.pgdata / "PG_VERSION").is_file()

    def config(self) -> ServerConfig:
        try:
            data = json.loads(self.config_file.read_text(encoding="utf-8"))
            return ServerConfig(**data)
        except FileNotFoundError as e:
            raise ServerError(tr_noop("errors", "This PC has no station database server yet: run "
                                      "village-pos server start.")) from e
        except (OSError, ValueError, TypeError) as e:
            raise ServerError(tr_noop("errors", "The server settings {file} cannot be read: {reason}"),
                              file=str(self.config_file), reason=str(e)) from e

    def save_config(self, cfg: ServerConfig) -> None:
        write_private(self.config_file, json.dumps(asdict(cfg), indent=1))

    def set_autostart(self, on: bool) -> None:
        cfg = self.config()
        cfg.autostart = on
        self.save_config(cfg)

    def superuser_url(self, database: str = DATABASE, host: str = "127.0.0.1") -> str:
        cfg = self.config()
        return f"postgresql+psycopg://{SUPERUSER}:{cfg.superuser_password}@{host}:{cfg.port}/{database}"

    def app_url(self, host: str = "127.0.0.1") -> str:
        cfg = self.config()
        return f"postgresql+psycopg://{APP_ROLE}:{cfg.app_password}@{host}:{cfg.port}/{DATABASE}"

    # life cycle ------------------------------------------------------------------------------
    def initialise(self, port: int = DEFAULT_PORT) -> ServerConfig:
        """Create the cluster once (initdb, LAN listening, SCRAM everywhere); then start it and make
        the app role, the station database and the pairing function."""
        if self.initialised:
            return self.config()
        self._refuse_root()
        if not 1024 <= port <= 65535:
            raise ServerError(tr_noop("errors", "The port {port} cannot be used: choose one from 1024 to 65535."),
                              port=str(port))
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        if any(self.pgdata.iterdir()):
            raise ServerError(tr_noop("errors", "{folder} is not empty but holds no complete server: move it "
                                      "away, then try again."), folder=str(self.pgdata))
        self._give_to_os_user(self.root, self.pgdata)
        cfg = ServerConfig(port=port, superuser_password=secrets.token_urlsafe(24),
                           app_password=secrets.token_urlsafe(24))
        pwfile = self.root / "initdb.pw"
        write_private(pwfile, cfg.superuser_password + "\n")
        self._give_to_os_user(pwfile)
        try:
            self._run([tool("initdb"), "-D", str(self.pgdata), "-U", SUPERUSER, "-E", "UTF8", "--locale=C",
                       "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", f"--pwfile={pwfile}"])
        finally:
            pwfile.unlink(missing_ok=True)
        with open(self.pgdata / "postgresql.conf", "a", encoding="utf-8") as f:
            f.write("\n# village-pos: the station's counters reach this server over the LAN\n"
                    f"listen_addresses = '*'\nport = {port}\nunix_socket_directories = ''\n"
                    "password_encryption = 'scram-sha-256'\n")
        (self.pgdata / "pg_hba.conf").write_text(
            "# village-pos: password (SCRAM) logins from this PC and from the station's own subnet only\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
            "host all all ::1/128 scram-sha-256\n"
            "host all all samenet scram-sha-256\n", encoding="utf-8")
        self.save_config(cfg)
        self.start()  # finishes the set-up
        log.info("station database server initialised in %s on port %s", self.pgdata, port)
        return self.config()

    def _finish_setup(self) -> None:
        """Roles, database and pairing, each only if missing: a set-up cut short (power cut, full
        disk) is completed at the next start."""
        import psycopg

        from pos.server.pairing import install_pairing
        from pos.server.urls import psycopg_dsn

        cfg = self.config()
        wait_until_accepting(self.superuser_url("postgres"))
        with psycopg.connect(psycopg_dsn(self.superuser_url("postgres")), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone():
                conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{cfg.app_password}'")
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone():
                conn.execute(f"CREATE DATABASE {DATABASE} OWNER {APP_ROLE} ENCODING 'UTF8' TEMPLATE template0")
            # only the app role (its owner) and the superuser may open the station's records
            conn.execute(f"REVOKE CONNECT, TEMPORARY ON DATABASE {DATABASE} FROM PUBLIC")
            pairing_missing = not conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'pos_pairing'").fetchone()
        if pairing_missing:
            install_pairing(self.superuser_url("postgres"))
        cfg.ready = True
        self.save_config(cfg)

    def start(self) -> None:
        if not self.initialised:
            self.initialise()
            return
        self._refuse_root()
        cfg = self.config()
        if self.running():
            if not cfg.ready:
                self._finish_setup()
            return
        result = self._run([tool("pg_ctl"), "start", "-D", str(self.pgdata), "-l", str(self.log_file),
                            "-w", "-t", str(_START_TIMEOUT_S), "-o", f"-p {cfg.port}"], check=False)
        if result.returncode != 0:
            raise ServerError(tr_noop("errors", "The station database server did not start: {reason} (see {log})"),
                              reason=(result.stderr or result.stdout).strip()[-300:], log=str(self.log_file))
        if not cfg.ready:
            self._finish_setup()

    def stop(self) -> None:
        if not self.initialised or not self.running():
            return
        result = self._run([tool("pg_ctl"), "stop", "-D", str(self.pgdata), "-m", "fast", "-w"], check=False)
        if result.returncode != 0:
            raise ServerError(tr_noop("errors", "The station database server did not stop: {reason}"),
                              reason=(result.stderr or result.stdout).strip()[-300:])

    def running(self) -> bool:
        if not (self.pgdata / "PG_VERSION").is_file():
            return False
        return self._run([tool("pg_ctl"), "status", "-D", str(self.pgdata)], check=False).returncode == 0

    def status(self) -> ServerStatus:
        if not self.initialised:
            return ServerStatus(False, False, None, lan_address())
        return ServerStatus(True, self.running(), self.config().port, lan_address())

    def new_pairing_code(self) -> str:
        """A one-time code for another counter (the server must be running)."""
        from pos.server.pairing import new_code

        if not self.running():
            raise ServerError(tr_noop("errors", "Start the station database server first."))
        return new_code(self.superuser_url("postgres"), self.config().app_password)

    # helpers ---------------------------------------------------------------------------------
    def _refuse_root(self) -> None:
        if self.os_user is None and hasattr(os, "geteuid") and os.geteuid() == 0:
            raise ServerError(tr_noop("errors", "PostgreSQL does not run as root: start the server as the "
                                      "station's own user."))

    def _give_to_os_user(self, *paths: Path) -> None:
        if self.os_user is None:
            return
        for p in paths:
            shutil.chown(p, user=self.os_user)

    def _run(self, cmd: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
        kwargs: dict = {"capture_output": True, "text": True}
        if self.os_user is not None:
            kwargs["user"] = self.os_user
        if os.name == "nt":
            kwargs["creationflags"] = subprocess.CREATE_NO_WINDOW  # type: ignore[attr-defined]
        result = subprocess.run(cmd, **kwargs)
        if check and result.returncode != 0:
            raise ServerError(tr_noop("errors", "{program} failed: {reason}"), program=Path(cmd[0]).name,
                              reason=(result.stderr or result.stdout).strip()[-300:])
        return result


def lan_address() -> str:
    """This PC's address on the LAN (the one its default route uses); no packet is sent."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def wait_until_accepting(url: str, timeout_s: float = 20) -> None:
    import psycopg

    from pos.server.urls import psycopg_dsn

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            psycopg.connect(psycopg_dsn(url), connect_timeout=3).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
