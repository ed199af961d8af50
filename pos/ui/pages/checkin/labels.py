"""How the check-in page gets shelf labels printed: the check-in service builds the label (worded
here, in the partner's language) and stores its print job in its own transaction; the page then
tells the devices to send it. A reprint is the same: stored by the service, then sent."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication

from pos.domain.carriers import RuleSet
from pos.domain.errors import DomainError
from pos.domain.receipt import Document
from pos.services.clock import Clock
from pos.services.parcels import checkin
from pos.services.parcels.checkin import CheckinResult, ParcelView
from pos.services.parcels.labels import LabelWording
from pos.ui.context import AppContext


def doc_translate(text: str) -> str:
    return QCoreApplication.translate("parcel_documents", text)


class LabelPrinter:
    """The check-in page's labels. Without devices (none wired) no label is queued."""

    def __init__(self, ctx: AppContext, clock: Clock, rules: RuleSet, language: Callable[[], str],
                 on_error: Callable[[DomainError], None]) -> None:
        self.ctx = ctx
        self.clock = clock
        self.rules = rules
        self.language = language
        self.on_error = on_error
        self.last: Document | None = None

    def wording(self) -> LabelWording | None:
        """What check_in takes as ``label``: None when there is nothing to print on."""
        if self.ctx.devices is None:
            return None
        return LabelWording(doc_translate, self.language())

    def checked_in(self, result: CheckinResult) -> None:
        if result.label_job is None or self.ctx.devices is None:
            return
        self.last = result.label
        self.ctx.devices.queued()

    def print(self, p: ParcelView) -> None:
        """The label again, with its own job and history event; the check-in is saved already."""
        wording, devices = self.wording(), self.ctx.devices
        if wording is None or devices is None:
            return
        try:
            printed = checkin.print_label(self.ctx.db, self.ctx.operator, self.clock, self.rules, p.id, wording)
        except DomainError as e:
            self.on_error(e)
            return
        self.last = printed.label
        devices.queued()
