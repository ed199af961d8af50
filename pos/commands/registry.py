"""What `village-pos export KIND` and `village-pos import KIND` can do.

Each entry names a function ``run(ctx: CommandContext, args) -> int`` in its own module, imported
only when that kind is asked for (start-up of the window stays light).
"""

from __future__ import annotations

import importlib
from typing import Callable

# kind -> "module:function"
EXPORTS: dict[str, str] = {
    "parcels": "pos.commands.export_parcels:run",
    "parcel-reconciliation": "pos.services.parcels.reconciliation:cli_export",
    "products": "pos.commands.export_products:run",
    "purchases": "pos.commands.export_purchases:run",
    "sales": "pos.commands.export_sales:run",
    "villagers": "pos.commands.export_villagers:run",
}
IMPORTS: dict[str, str] = {
    "products": "pos.commands.import_products:run",
    "villagers": "pos.commands.import_villagers:run",
}

# subcommand groups with their own actions: name -> module with add_parser(subs) and run(args)
GROUPS: dict[str, str] = {
    "county": "pos.county.cli",
    "server": "pos.commands.server",
    "pair": "pos.commands.pair",
    "move-to": "pos.commands.move_to",
    "link": "pos.commands.link",
    "unlink": "pos.commands.link",
    "sync": "pos.commands.sync",
}


def load(target: str) -> Callable:
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)
