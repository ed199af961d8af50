"""`village-pos county ...`: set up, serve and administer a county centre from the shell.

Registered in pos/commands/registry.py (GROUPS). Building the parser imports nothing heavy;
FastAPI and uvicorn are imported only by `serve`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from pos.county.env import DB_ENV

HELP = "run a county operations centre: the server stations sync with (PostgreSQL)"


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers (1 to 64)")
    return int(text)


def add_parser(subs) -> None:
    county = subs.add_parser(
        "county", help=HELP,
        description="The county operations centre (县级运营中心): a web service on PostgreSQL that "
        f"village stations sync with. The database URL comes from --db or ${DB_ENV}.")
    ops = county.add_subparsers(dest="county_command", metavar="ACTION", required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:
        p = ops.add_parser(name, help=help, description=help)
        # SUPPRESS: `village-pos --db URL county init` must not be undone by this level's default
        p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=f"the county database, e.g. postgresql+psycopg://county:secret@"
                       f"127.0.0.1/county (default: ${DB_ENV})")
        p.add_argument("--lang", choices=["zh_CN", "en"], default=argparse.SUPPRESS, help="language of the messages (default zh_CN)")
        return p

    action("init", "create or upgrade the county database; the first time, print a staff API token")
    serve = action("serve", "serve the county API over HTTP (put nginx in front for TLS)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: "
                       "only the reverse proxy on this machine reaches it)")
    serve.add_argument("--port", type=_port, default=8040, help="port to listen on (default 8040)")
    serve.add_argument("--workers", type=_workers, default=1, metavar="N",
                       help="server processes (default 1); one per CPU core the county server can spare")
    add = action("add-station", "add a station (or give an existing one a new code) and print its one-time "
                 "enrolment code")
    add.add_argument("name", metavar="NAME", help="the station's name")
    rev = action("revoke-station", "revoke the station's key: it can no longer sync until given a new code")
    rev.add_argument("name", metavar="NAME", help="the station's name")
    imp = action("import-manifest", "dispatch a truck's load to a station from a CSV file (waybill, carrier, "
                 "recipient_phone, recipient_name); nothing is imported if any row is bad")
    imp.add_argument("station", metavar="STATION", help="the station's name")
    imp.add_argument("file", type=Path, metavar="FILE.csv", help="the CSV file to read")
    imp.add_argument("--truck", default="", metavar="T", help="the truck or run, shown to the station")
    user = action("add-user", "add a county staff account for the web pages (or set an existing one's role and "
                  "password); asks the password twice")
    user.add_argument("name", metavar="NAME", help="the login name")
    user.add_argument("--role", choices=["administrator", "viewer"], required=True,
                      help="viewer: looks only; administrator: may also add stations")
    user.add_argument("--password-stdin", action="store_true",
                      help="read the password from the first line of standard input (for scripts)")
    tok = action("add-token", "print a new staff API token (for scripts that post manifests or read the stations)")
    tok.add_argument("name", metavar="NAME", help="whose or what the token is for")


def t(context: str, text: str) -> str:
    """QCoreApplication.translate, imported only when a message is printed."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text)


def _use_language(lang: str | None) -> None:
    from PySide6.QtCore import QCoreApplication

    from pos.i18n import Translations

    app = QCoreApplication.instance() or QCoreApplication(["village-pos"])
    Translations(app).use(lang or "zh_CN")


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError, OperationalError

    from pos.county.database import CountyDatabaseError, database_url

    _use_language(args.lang)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        url = database_url(args.db)
        return _ACTIONS[args.county_command](args, url)
    except CountyDatabaseError as e:
        from pos.i18n import error_text

        return _fail(error_text(e))
    except OperationalError as e:
        return _fail(t("county", "Cannot reach the county database: {problem}").format(problem=str(e.orig).strip()[:300]))
    except DBAPIError as e:
        return _fail(t("county", "The county database refused it: {problem}").format(problem=str(e.orig).strip()[:300]))


def _session(url: str):
    from sqlalchemy.orm import Session

    from pos.county.database import check_schema, make_county_engine

    engine = make_county_engine(url, pool_size=1)
    check_schema(engine)
    return engine, Session(engine, expire_on_commit=False)


def _init(args, url: str) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from pos.county import keys
    from pos.county.database import head_revision, make_county_engine, upgrade
    from pos.county.models import StaffToken

    engine = make_county_engine(url, pool_size=1)
    try:
        upgrade(engine)
        with Session(engine) as s, s.begin():
            token = keys.add_staff_token(s, "init") if not s.scalar(select(func.count()).select_from(StaffToken)) else None
    finally:
        engine.dispose()
    print(t("county", "The county database is ready (schema {revision}).").format(revision=head_revision()))
    if token:
        print(t("county", "Staff API token (shown only now; keep it safe): {token}").format(token=token))
    return 0


def _serve(args, url: str) -> int:
    import uvicorn

    from pos.county.app import create_app
    from pos.county.database import check_schema, make_county_engine

    engine = make_county_engine(url)
    check_schema(engine)
    print(t("county", "County centre serving on http://{host}:{port}/api/ (Ctrl+C stops it)").format(
        host=args.host, port=args.port), flush=True)
    # behind nginx on the same machine: trust its X-Forwarded-* headers, and only its
    common = dict(host=args.host, port=args.port, proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                  log_config=None, server_header=False)
    workers = getattr(args, "workers", 1)
    if workers > 1:
        # each worker is a process of its own (the GIL allows one core a process), built by the
        # factory from the URL in the environment
        engine.dispose()
        os.environ[DB_ENV] = url
        # uvicorn kills a worker that does not answer its supervisor's ping within the timeout
        # (5 s by default): a worker busy applying batches on a loaded machine missed it and was
        # killed mid-batch (measured: connections reset). A hung worker is still replaced.
        uvicorn.run("pos.county.app:app_from_environment", factory=True, workers=workers,
                    timeout_worker_healthcheck=60, **common)
        return 0
    uvicorn.run(create_app(engine), **common)
    engine.dispose()
    return 0


def _add_station(args, url: str) -> int:
    from pos.county import keys

    engine, s = _session(url)
    try:
        with s, s.begin():
            try:
                station, code, created = keys.add_station(s, args.name)
            except ValueError:
                return _fail(t("county", "The station name is empty, longer than 100 characters or has control characters."))
            expires = keys.CODE_LIFETIME.days
    finally:
        engine.dispose()
    if created:
        print(t("county", "Station {name} added.").format(name=station.name))
    else:
        print(t("county", "Station {name} exists; here is a new enrolment code for it.").format(name=station.name))
    print(t("county", "Enrolment code (one use, valid {days} days): {code}").format(days=expires, code=code))
    print(t("county", "On the station: Settings → County centre, or `village-pos link URL CODE`."))
    return 0


def _revoke_station(args, url: str) -> int:
    from pos.county import keys

    engine, s = _session(url)
    try:
        with s, s.begin():
            try:
                n = keys.revoke_station(s, args.name)
            except LookupError:
                return _fail(t("county", "There is no station called {name}.").format(name=args.name))
    finally:
        engine.dispose()
    print(t("county", "Station {name} revoked ({count} key(s)); its data stays. `county add-station {name}` "
              "gives it a new code.").format(name=args.name.strip(), count=n))
    return 0


def _import_manifest(args, url: str) -> int:
    from pos.county import manifests
    from pos.sync.contract import ContractError

    try:
        data = args.file.read_bytes()
    except OSError as e:
        return _fail(t("county", "Cannot read {file}: {problem}").format(file=args.file, problem=e.strerror or e))
    try:
        lines = manifests.read_manifest_csv(data)
    except manifests.CsvRowsError as e:
        print(t("county", "{file}: nothing imported; fix these rows:").format(file=args.file), file=sys.stderr)
        for p in e.problems:
            reason = t("county", p.template).format(**p.params)
            print("  " + t("county", "line {line}: {reason}").format(line=p.line, reason=reason), file=sys.stderr)
        return 1
    engine, s = _session(url)
    try:
        with s, s.begin():
            try:
                c = manifests.create_manifest(s, {"station": args.station, "truck": args.truck, "lines": lines})
            except LookupError:
                return _fail(t("county", "There is no station called {name}.").format(name=args.station))
            except ContractError as e:
                return _fail(t("county", "{file}: nothing imported: {problem}").format(file=args.file, problem=e))
    finally:
        engine.dispose()
    print(t("county", "Manifest {uuid} for {station}: {count} waybills dispatched ({arrived} already checked in).").format(
        uuid=c.uuid, station=args.station, count=c.lines, arrived=c.arrived))
    return 0


def _add_token(args, url: str) -> int:
    from pos.county import keys

    engine, s = _session(url)
    try:
        with s, s.begin():
            token = keys.add_staff_token(s, args.name)
    finally:
        engine.dispose()
    print(t("county", "Staff API token (shown only now; keep it safe): {token}").format(token=token))
    return 0


def _read_password(args) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    if not sys.stdin.isatty():
        print(t("county", "No terminal to ask the password on: use --password-stdin."), file=sys.stderr)
        return None
    first = getpass.getpass(t("county", "Password for {name}: ").format(name=args.name))
    if getpass.getpass(t("county", "The same password again: ")) != first:
        print(t("county", "The two passwords differ; nothing was changed."), file=sys.stderr)
        return None
    return first


def _add_user(args, url: str) -> int:
    from pos.county.web import auth

    password = _read_password(args)
    if password is None:
        return 2
    if auth.check_password_rules(password):
        return _fail(t("county", "The password must have 8 to 200 characters; nothing was changed."))
    engine, s = _session(url)
    try:
        with s, s.begin():
            try:
                created = auth.add_user(s, args.name, args.role, password)
            except ValueError:
                return _fail(t("county", "The name is empty, longer than 50 characters or has control characters."))
    finally:
        engine.dispose()
    role = t("county", "administrator") if args.role == "administrator" else t("county", "viewer")
    if created:
        print(t("county", "Staff account {name} added ({role}); log in at the county server's address.").format(
            name=args.name.strip(), role=role))
    else:
        print(t("county", "Staff account {name} updated ({role}): new password, unlocked, logged out "
                "everywhere.").format(name=args.name.strip(), role=role))
    return 0


_ACTIONS = {
    "init": _init,
    "serve": _serve,
    "add-station": _add_station,
    "revoke-station": _revoke_station,
    "import-manifest": _import_manifest,
    "add-token": _add_token,
    "add-user": _add_user,
}
