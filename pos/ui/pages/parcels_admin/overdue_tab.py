"""Overdue parcels: send reminders, and scan the oldest into a return batch for the courier."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton, QTableWidget, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.pickup_documents import return_slip
from pos.services.parcels import reminders
from pos.services.parcels import returns
from pos.services.clock import Clock
from pos.services.pickup.settings import load as load_settings
from pos.services.parcels.returns import BatchView, NotOverdue
from pos.ui.context import AppContext
from pos.ui.pages.parcel_widgets.common import (
    Carriers, StatusLine, fill_table, print_document, setup_table, station_name, translate,
)
from pos.ui.time_format import local_text


class OverdueTab(QWidget):
    def __init__(self, ctx: AppContext, clock: Clock, carriers: Carriers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.clock, self.carriers = ctx, clock, carriers
        self.rows: list = []
        self.batch: BatchView | None = None
        self.rules = QLabel()
        self.table = QTableWidget()
        setup_table(self.table, [self.tr("Next step"), self.tr("Pickup code"), self.tr("Carrier"), self.tr("Waybill"),
                                 self.tr("Recipient"), self.tr("Phone"), self.tr("Days"), self.tr("Reminded")])
        self.remind_button = QPushButton(self.tr("Send reminders (Ctrl+R)"))
        self.remind_button.clicked.connect(self.send_reminders)
        self.batch_label = QLabel()
        self.waybill = QLineEdit()
        self.waybill.setPlaceholderText(self.tr("Scan or type a waybill to put it in the return batch"))
        self.waybill.returnPressed.connect(self._typed)
        self.batch_table = QTableWidget()
        setup_table(self.batch_table, [self.tr("Waybill"), self.tr("Pickup code"), self.tr("Recipient"),
                                       self.tr("Days")])
        self.remove_button = QPushButton(self.tr("Take out the selected parcel (Del)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.close_button = QPushButton(self.tr("Courier takes the batch: close and print slip (Ctrl+Enter)"))
        self.close_button.clicked.connect(self.close_batch)
        self.status = StatusLine(factor=1.1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.rules)
        lay.addWidget(self.table, 2)
        lay.addWidget(self.remind_button)
        lay.addWidget(self.batch_label)
        lay.addWidget(self.waybill)
        lay.addWidget(self.batch_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        lay.addLayout(row)
        lay.addWidget(self.status)
        for keys, slot in (("Ctrl+R", self.send_reminders), ("Ctrl+Return", self.close_batch),
                           ("Delete", self.remove_selected)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    def activated(self) -> None:
        self.refresh()
        self.waybill.setFocus()

    def refresh(self) -> None:
        cfg = load_settings(self.ctx.db)
        self.rules.setText(self.tr("Reminder after {remind} days in stock; back to the courier after {ret} days.")
                           .format(remind=cfg.reminder_age_days, ret=cfg.return_age_days))
        self.rows = returns.overdue(self.ctx.db, self.clock)
        fill_table(self.table, [[
            self.tr("return") if r.stage == "return" else self.tr("remind"), r.pickup_code or "-",
            self.carriers.name(r.carrier), r.waybill, r.recipient_name, r.phone_masked, str(r.days),
            local_text(r.reminded_at, "%m-%d %H:%M") if r.reminded_at else "",
        ] for r in self.rows])
        self.batch = returns.current_batch(self.ctx.db, self.clock)
        self._show_batch()

    def _show_batch(self) -> None:
        b = self.batch
        if b is None or not b.parcels:
            self.batch_label.setText(self.tr("No return batch open: scan an overdue parcel to start one."))
            self.batch_table.setRowCount(0)
            return
        self.batch_label.setText(self.tr("Return batch {number} for {carrier}: {n} parcel(s)").format(
            number=b.number, carrier=self.carriers.name(b.carrier), n=len(b.parcels)))
        fill_table(self.batch_table, [[p.waybill, p.pickup_code or "-", p.recipient_name, str(p.days)]
                                      for p in b.parcels])

    # actions ---------------------------------------------------------------------------------
    def send_reminders(self) -> None:
        try:
            res = reminders.send_reminders(self.ctx.db, self.ctx.operator, self.clock)
        except DomainError as e:
            self.status.refuse(e)
            return
        if res.parcels:
            self.status.ok(self.tr("{n} reminder(s) for {p} parcel(s) are waiting with the notices to be sent.")
                           .format(n=res.notices, p=res.parcels))
        else:
            self.status.info(self.tr("Every overdue parcel has been reminded already."))
        self.refresh()

    def _typed(self) -> None:
        text = self.waybill.text().strip()
        self.waybill.clear()
        if text:
            self.handle_scan(text)

    def handle_scan(self, code: str) -> None:
        try:
            if self.batch is None:
                self.batch = returns.open_batch(self.ctx.db, self.ctx.operator, self.clock)
            try:
                self.batch = returns.scan_into_batch(self.ctx.db, self.ctx.operator, self.clock, self.batch.id, code)
            except NotOverdue as e:
                reason = self.ask_reason(e)
                if not reason:
                    self.status.info(self.tr("Not put in the batch."))
                    return
                self.batch = returns.scan_into_batch(self.ctx.db, self.ctx.operator, self.clock, self.batch.id, code,
                                                     early_reason=reason)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.status.ok(self.tr("In the batch: {n} parcel(s).").format(n=len(self.batch.parcels)))
        self._show_batch()

    def ask_reason(self, err: NotOverdue) -> str:
        """Tests replace this; a person types why the parcel goes back early (e.g. refused)."""
        from pos.i18n import error_text

        text, ok = QInputDialog.getText(self, self.tr("Return early"), error_text(err))
        return text.strip() if ok else ""

    def remove_selected(self) -> None:
        row = self.batch_table.currentRow()
        if self.batch is None or not 0 <= row < len(self.batch.parcels):
            self.status.refuse(self.tr("Pick a parcel in the batch first."))
            return
        try:
            self.batch = returns.remove_from_batch(self.ctx.db, self.ctx.operator, self.clock, self.batch.id,
                                                   self.batch.parcels[row].id)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.status.ok(self.tr("Taken out of the batch; it stays in stock."))
        self._show_batch()

    def close_batch(self) -> None:
        if self.batch is None:
            self.status.refuse(self.tr("Scan the parcels to return first."))
            return
        try:
            closed = returns.close_batch(self.ctx.db, self.ctx.operator, self.clock, self.batch.id)
        except DomainError as e:
            self.status.refuse(e)
            return
        doc = return_slip(closed, station_name(self.ctx), self.carriers.print_names(), translate)
        printed = print_document(self.ctx, doc, "return_slip", closed.number)
        text = self.tr("Batch {number} closed: {n} parcel(s) returned.").format(number=closed.number,
                                                                                 n=len(closed.parcels))
        if printed:
            text += " " + self.tr("The slip is printing for the courier to sign.")
        self.batch = None
        self.refresh()
        self.status.ok(text)
