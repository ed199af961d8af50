"""The cash drawer, wired to the receipt printer's RJ-11 socket and opened by a printer pulse.

A sale paid in cash opens it through a DrawerKick block at the end of its receipt (the sale is
committed before that receipt is queued). Opening it without a sale is the owner's call, and
it is written to the audit log before the pulse is queued: save first, then touch hardware.
"""

from __future__ import annotations

import uuid
from typing import Callable

from PySide6.QtCore import QCoreApplication

from pos.domain.receipt import Document

AUDIT_OPEN_NO_SALE = "drawer.open_no_sale"


def drawer_document(pin: int | None = None) -> Document:
    return Document().drawer_kick(pin)


def add_cash_kick(doc: Document, kick_on_cash: bool, pin: int | None = None) -> Document:
    """Append the drawer pulse to a cash receipt when the station wants it."""
    if kick_on_cash and not doc.has_drawer_kick():
        doc.drawer_kick(pin)
    return doc


def open_without_sale(
    require_owner: Callable[[str], object | None],
    audit: Callable[[str, str], None],
    enqueue: Callable[[Document, str, str], uuid.UUID],
) -> uuid.UUID | None:
    """Ask for the owner, log it, queue the pulse. None when the owner did not approve."""
    owner = require_owner(QCoreApplication.translate("devices", "Open the cash drawer without a sale"))
    if owner is None:
        return None
    name = getattr(owner, "name", "")
    audit(AUDIT_OPEN_NO_SALE, f"approved by {name}".strip())
    return enqueue(drawer_document(), "drawer", "")
