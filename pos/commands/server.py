"""`village-pos server [start|stop|status|pairing]`: the station's PostgreSQL on the main PC."""

from __future__ import annotations

import argparse

from pos.commands.options import common_options

from pos.server.names import DEFAULT_PORT


def _port(text: str) -> int:
    if not text.isdigit() or not 1024 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1024 to 65535)")
    return int(text)


def add_parser(subs) -> None:
    p = subs.add_parser(
        "server", help="run the station's PostgreSQL on this PC (the main PC) for other counters",
        description="The station's own database server, for a station with two or more counters. "
        "The first start creates it in the data folder's server/ with generated passwords; it listens "
        "on the station's network for password logins from the same subnet.")
    common_options(p, sub=True)
    p.add_argument("action", nargs="?", default="status", choices=["start", "stop", "status", "pairing", "service"],
                   help="start (creating it the first time), stop, status (the default), or pairing: "
                   "show a one-time code another counter types into `village-pos pair`; service: print how to run "
                   "the server as a system service (systemd unit, or Windows pg_ctl register)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT,
                   help=f"the port, chosen when the server is first created (default {DEFAULT_PORT})")
    p.add_argument("--autostart", choices=["on", "off"],
                   help="on: the app starts the server whenever it starts on this PC")


def run(args: argparse.Namespace) -> int:
    from pos.commands.common import CommandContext
    from pos.domain.errors import DomainError
    from pos.server.station_server import StationServer

    from PySide6.QtCore import QCoreApplication

    t = QCoreApplication.translate
    ctx = CommandContext(args)
    server = StationServer(ctx.paths.root)
    try:
        if args.action == "start":
            if not server.initialised:
                print(t("cli", "Creating the station database server (once)…"))
                server.initialise(args.port)
            else:
                server.start()
        elif args.action == "stop":
            server.stop()
        elif args.action == "pairing":
            code = server.new_pairing_code()
            st = server.status()
            print(t("cli", "On the other counter, run:"))
            print(f"  village-pos pair {st.address}:{st.port} {code}")
            print(t("cli", "The code works once, for 30 minutes."))
            return 0
        elif args.action == "service":
            return _print_service(server)
        if args.autostart:
            server.set_autostart(args.autostart == "on")
    except DomainError as e:
        return ctx.fail(e)
    st = server.status()
    if not st.initialised:
        print(t("cli", "No station database server on this PC. Create and start it with: village-pos server start"))
        return 1
    state = t("cli", "running") if st.running else t("cli", "stopped")
    print(t("cli", "Station database server: {state}, address {address}:{port}, data {folder}").format(
        state=state, address=st.address, port=st.port, folder=server.pgdata))
    return 0 if st.running or args.action == "stop" else 1




def _print_service(server) -> int:
    import os

    from PySide6.QtCore import QCoreApplication

    from pos.server import service

    t = QCoreApplication.translate
    server.config()  # a clear message when the server was never created
    if os.name == "nt":
        print("REM " + t("cli", "Run in a Command Prompt opened as administrator, with the server stopped "
                         "(village-pos server stop):"))
        print(service.windows_register_command(server))
        print(f"net start {service.SERVICE_NAME}")
    else:
        print("# " + t("cli", "Save as /etc/systemd/system/village-pos-db.service, stop the server "
                       "(village-pos server stop), then run the last line:"))
        print(service.systemd_unit(server))
        print("# sudo systemctl daemon-reload && sudo systemctl enable --now village-pos-db")
    return 0
