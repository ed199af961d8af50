"""`village-pos move-to URL`: put this station's records on a PostgreSQL server and switch to it."""

from __future__ import annotations

import argparse

from pos.commands.options import common_options


def add_parser(subs) -> None:
    p = subs.add_parser(
        "move-to", help="copy the station from its SQLite file onto a PostgreSQL server and switch to it",
        description="Copy every record onto an empty PostgreSQL database, check row counts and sums per "
        "table, then make the data folder use that database. The SQLite file is left as it was. "
        "The app must be closed.")
    common_options(p, sub=True)
    p.add_argument("url", metavar="URL", help="the empty database, e.g. postgresql+psycopg://pos:secret@127.0.0.1:5433/"
                   "station; `local` means this PC's own station server (village-pos server start)")


def run(args: argparse.Namespace) -> int:
    from pos.commands.common import CommandContext
    from pos.domain.errors import DomainError
    from pos.domain.i18n import tr_noop
    from pos.instance import AlreadyRunning, acquire_instance_lock
    from pos.server.move import MoveRefused, move_station
    from pos.server.saved_url import read_url, save_url
    from pos.server.station_server import StationServer
    from pos.server.urls import shown

    from PySide6.QtCore import QCoreApplication

    t = QCoreApplication.translate
    ctx = CommandContext(args)
    try:
        url = StationServer(ctx.paths.root).app_url() if args.url == "local" else args.url
        if read_url(ctx.paths.root):
            raise MoveRefused(tr_noop("errors", "The data folder {folder} already uses a database server: nothing was "
                                       "moved."), folder=str(ctx.paths.root))
        try:
            lock = acquire_instance_lock(ctx.paths.lock_file)
        except AlreadyRunning as e:
            raise MoveRefused(tr_noop("errors", "Village Station POS is running on {folder}. Close it first."),
                              folder=str(ctx.paths.root)) from e
        try:
            result = move_station(ctx.paths.database, url, ctx.paths.backups)
            save_url(ctx.paths.root, url)
        finally:
            lock.release()
    except DomainError as e:
        return ctx.fail(e)
    print(t("cli", "Station moved: {rows} records in {tables} tables, counts and sums checked. This data folder "
                 "now uses {url}; the file {file} was left as it was.").format(
        rows=result.rows, tables=len(result.tables), url=shown(url), file=ctx.paths.database))
    return 0

