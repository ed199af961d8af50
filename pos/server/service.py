"""Running the station server as an OS service, so it starts at boot and outlives the app.

Registering a service needs administrator rights, which the app itself does not have: this
module writes out what the installer (or the partner's helper) runs, with this PC's real paths.
"""

from __future__ import annotations

import getpass
import os

from pos.server.binaries import tool
from pos.server.station_server import StationServer

SERVICE_NAME = "VillagePosDB"


def systemd_unit(server: StationServer, user: str | None = None) -> str:
    """A unit running postgres itself in the foreground (systemd then sees the real process)."""
    user = user or getpass.getuser()
    return (
        "[Unit]\n"
        "Description=Village Station POS station database (PostgreSQL)\n"
        "After=network-online.target\n"
        "Wants=network-online.target\n\n"
        "[Service]\n"
        "Type=simple\n"
        f"User={user}\n"
        f"ExecStart={tool('postgres')} -D {server.pgdata} -p {server.config().port}\n"
        "ExecReload=/bin/kill -HUP $MAINPID\n"
        # SIGINT = PostgreSQL's fast shutdown: sessions end, nothing committed is lost
        "KillSignal=SIGINT\n"
        "KillMode=mixed\n"
        "TimeoutStopSec=60\n"
        "Restart=on-failure\n\n"
        "[Install]\n"
        "WantedBy=multi-user.target\n"
    )


def windows_register_command(server: StationServer) -> str:
    """The pg_ctl register line for an elevated prompt; the account's password is asked for."""
    account = f".\\{os.environ.get('USERNAME') or getpass.getuser()}"
    return (f'"{tool("pg_ctl")}" register -N {SERVICE_NAME} -D "{server.pgdata}" -S auto '
            f'-o "-p {server.config().port}" -U {account} -P YOUR_WINDOWS_PASSWORD')
