"""`village-pos pair ADDRESS CODE`: make this PC a counter of the main PC's station database."""

from __future__ import annotations

import argparse

from pos.commands.options import common_options

from pos.server.names import DEFAULT_PORT


def add_parser(subs) -> None:
    p = subs.add_parser(
        "pair", help="join the station database on the main PC with the code it shows",
        description="Join the station's database on the main PC: type the address and the one-time "
        "code that `village-pos server pairing` (or Settings → 多柜台) shows there. The address is "
        "saved in this PC's data folder; later starts use it.")
    common_options(p, sub=True)
    p.add_argument("address", metavar="ADDRESS", help=f"the main PC's address, e.g. 192.168.1.10:{DEFAULT_PORT}")
    p.add_argument("code", metavar="CODE", help="the pairing code, e.g. K7QM-4XPA")


def run(args: argparse.Namespace) -> int:
    from pos.commands.common import CommandContext
    from pos.domain.errors import DomainError
    from pos.server.pairing import pair
    from pos.server.urls import shown

    from PySide6.QtCore import QCoreApplication

    t = QCoreApplication.translate
    ctx = CommandContext(args)
    try:
        url = pair(ctx.paths.root, args.address, args.code, default_port=DEFAULT_PORT)
    except DomainError as e:
        return ctx.fail(e)
    print(t("cli", "Paired: this counter now uses the station database {url}.").format(url=shown(url)))
    return 0
