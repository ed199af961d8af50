"""`village-pos init`: create the station and its owner from a script."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.domain.errors import DomainError
from pos.domain.station import StationDetails
from pos.services.station import setup as station


def run_init(args: argparse.Namespace) -> int:
    ctx = CommandContext(args)
    try:
        db = ctx.open()
        try:
            owner = station.set_up_station(
                db,
                StationDetails(args.station_name, args.address, args.phone),
                args.owner_name,
                args.owner_pin,
            )
        finally:
            db.dispose()
    except DomainError as e:
        return ctx.fail(e)
    print(
        QCoreApplication.translate("cli", "Station '{station}' created with owner {owner}. Data folder: {folder}").format(
            station=" ".join(args.station_name.split()), owner=owner.name, folder=ctx.paths.root
        )
    )
    return 0
