"""Delivery to the door: mark parcels, start a run with its sheet, record each stop on return."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QTableWidget, QVBoxLayout,
    QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.pickup_documents import delivery_run_sheet
from pos.services.pickup import delivery
from pos.services.clock import Clock
from pos.services.pickup.delivery import RunSheet, Stop
from pos.ui.context import AppContext
from pos.ui.pages.parcel_widgets.common import (
    Carriers, StatusLine, fill_table, money, print_document, setup_table, station_name, translate,
)
from pos.ui.pages.parcel_widgets.dialogs import PaymentDialog


class DeliveredDialog(PaymentDialog):
    """Who took the parcels at the door, and what was collected."""

    def __init__(self, ctx: AppContext, stop: Stop, parent: QWidget | None = None) -> None:
        super().__init__(ctx, stop.due_fen, [], parent)
        self.setWindowTitle(self.tr("Delivered"))
        self.received_by = QLineEdit(stop.recipient_name)
        self.received_by.setMaxLength(50)
        form = QFormLayout()
        form.addRow(self.tr("Received by"), self.received_by)
        self.layout().insertLayout(0, form)
        self.received_by.selectAll()
        self.received_by.setFocus()

    def accept(self) -> None:
        if not self.received_by.text().strip():
            self.error.show_error(self.tr("Enter who took the parcels."))
            self.received_by.setFocus()
            return
        if self.due_fen == 0:
            QDialog.accept(self)
            return
        super().accept()


class DeliveryTab(QWidget):
    def __init__(self, ctx: AppContext, clock: Clock, carriers: Carriers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.clock, self.carriers = ctx, clock, carriers
        self.sources = ctx.wiring.due_sources
        self.waiting_sheet: RunSheet | None = None
        self.waiting_ids: list[uuid.UUID] = []
        self.run: RunSheet | None = None
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("Pickup code or waybill of a parcel to deliver (Enter)"))
        self.code.returnPressed.connect(self._typed)
        self.waiting = QTableWidget()
        setup_table(self.waiting, [self.tr("Pickup code"), self.tr("Recipient"), self.tr("Village group"),
                                   self.tr("Address"), self.tr("Due")])
        self.unmark_button = QPushButton(self.tr("Do not deliver the selected parcel (Del)"))
        self.unmark_button.clicked.connect(self.unmark_selected)
        self.start_button = QPushButton(self.tr("Start the run and print the sheet (Ctrl+D)"))
        self.start_button.clicked.connect(self.start_run)
        self.runs = QComboBox()
        self.runs.currentIndexChanged.connect(lambda _i: self._load_run())
        self.stops = QTableWidget()
        setup_table(self.stops, [self.tr("Recipient"), self.tr("Village group"), self.tr("Address"),
                                 self.tr("Pickup codes"), self.tr("To collect"), self.tr("Outcome")])
        self.delivered_button = QPushButton(self.tr("Delivered (Ctrl+S)"))
        self.delivered_button.clicked.connect(self.record_delivered)
        self.not_home_button = QPushButton(self.tr("Nobody at home (Ctrl+B)"))
        self.not_home_button.clicked.connect(self.record_not_home)
        self.reprint_button = QPushButton(self.tr("Print the sheet again (Ctrl+P)"))
        self.reprint_button.clicked.connect(self.print_run)
        self.status = StatusLine(factor=1.1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.code)
        lay.addWidget(self.waiting, 1)
        row = QHBoxLayout()
        row.addWidget(self.unmark_button)
        row.addStretch(1)
        row.addWidget(self.start_button)
        lay.addLayout(row)
        runs = QFormLayout()
        runs.addRow(self.tr("Runs out now"), self.runs)
        lay.addLayout(runs)
        lay.addWidget(self.stops, 1)
        row2 = QHBoxLayout()
        for b in (self.delivered_button, self.not_home_button, self.reprint_button):
            row2.addWidget(b)
        lay.addLayout(row2)
        lay.addWidget(self.status)
        for keys, slot in (("Ctrl+D", self.start_run), ("Ctrl+S", self.record_delivered),
                           ("Ctrl+B", self.record_not_home), ("Ctrl+P", self.print_run),
                           ("Delete", self.unmark_selected)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    def activated(self) -> None:
        self.refresh()
        self.code.setFocus()

    def refresh(self) -> None:
        self.waiting_sheet = delivery.waiting(self.ctx.db, self.clock, self.sources)
        rows, self.waiting_ids = [], []
        for stop in self.waiting_sheet.stops:
            for p in stop.parcels:
                self.waiting_ids.append(p.id)
                rows.append([p.pickup_code or p.waybill, stop.recipient_name, stop.village_group,
                             stop.address or self.tr("unknown"), money(p.due_fen)])
        fill_table(self.waiting, rows)
        current = self.runs.currentData()
        self.runs.blockSignals(True)
        self.runs.clear()
        for run_id, number in delivery.open_runs(self.ctx.db):
            self.runs.addItem(number, str(run_id))  # a str: Qt compares it in findData
        idx = self.runs.findData(current)
        self.runs.setCurrentIndex(idx if idx >= 0 else self.runs.count() - 1)
        self.runs.blockSignals(False)
        self._load_run()

    def _load_run(self) -> None:
        run_id = self.runs.currentData()
        self.run = delivery.run_sheet(self.ctx.db, self.clock, uuid.UUID(run_id), self.sources) if run_id else None
        outcomes = {"out": self.tr("out"), "delivered": self.tr("delivered"), "not_home": self.tr("nobody at home"),
                    "waiting": ""}
        fill_table(self.stops, [[s.recipient_name, s.village_group, s.address or self.tr("unknown"),
                                 " ".join(p.pickup_code for p in s.parcels),
                                 money(s.due_fen) if s.outcome == "out" else "", outcomes[s.outcome]]
                                for s in (self.run.stops if self.run else ())])
        if self.run and self.run.stops:
            self.stops.setCurrentCell(0, 0)

    # marking ---------------------------------------------------------------------------------
    def _typed(self) -> None:
        text = self.code.text().strip()
        self.code.clear()
        if text:
            self.handle_scan(text)

    def handle_scan(self, code: str) -> None:
        try:
            shown = delivery.mark_for_delivery(self.ctx.db, self.ctx.operator, self.clock, code)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.status.ok(self.tr("{code} will be delivered.").format(code=shown))
        self.refresh()

    def unmark_selected(self) -> None:
        row = self.waiting.currentRow()
        if not 0 <= row < len(self.waiting_ids):
            self.status.refuse(self.tr("Pick a parcel in the list first."))
            return
        try:
            delivery.unmark(self.ctx.db, self.ctx.operator, self.clock, self.waiting_ids[row])
        except DomainError as e:
            self.status.refuse(e)
            return
        self.status.ok(self.tr("It stays on the shelf for pickup."))
        self.refresh()

    # runs ------------------------------------------------------------------------------------
    def start_run(self) -> None:
        try:
            run = delivery.start_run(self.ctx.db, self.ctx.operator, self.clock, self.sources)
        except DomainError as e:
            self.status.refuse(e)
            return
        printed = self._print(run)
        self.refresh()
        self.runs.setCurrentIndex(self.runs.findData(str(run.id)))
        text = self.tr("Run {number}: {n} stop(s).").format(number=run.number, n=len(run.stops))
        if printed:
            text += " " + self.tr("The sheet is printing.")
        self.status.ok(text)
        self.stops.setFocus()

    def _print(self, run: RunSheet) -> bool:
        doc = delivery_run_sheet(run, station_name(self.ctx), self.carriers.print_names(), translate)
        return print_document(self.ctx, doc, "delivery_run", run.number)

    def print_run(self) -> None:
        if self.run is None:
            self.status.refuse(self.tr("No run is out."))
            return
        if self._print(self.run):
            self.status.ok(self.tr("The sheet is printing."))
        else:
            self.status.refuse(self.tr("No printer is set up (Settings, Devices)."))

    def _stop(self) -> Stop | None:
        row = self.stops.currentRow()
        if self.run is None or not 0 <= row < len(self.run.stops) or self.run.stops[row].outcome != "out":
            self.status.refuse(self.tr("Pick a stop that is still out."))
            return None
        return self.run.stops[row]

    def run_dialog(self, dlg: QDialog) -> bool:
        """Tests replace this to fill the dialog instead of waiting for a person."""
        return dlg.exec() == QDialog.DialogCode.Accepted

    def record_delivered(self) -> None:
        stop = self._stop()
        if stop is None:
            return
        if stop.due_fen and not self.ctx.allow_money(self):
            self.status.refuse(self.tr("Open a shift first: the money collected at the door goes into it."))
            return
        dlg = DeliveredDialog(self.ctx, stop, self)
        if not self.run_dialog(dlg):
            return
        try:
            number = delivery.record_delivered(
                self.ctx.db, self.ctx.operator, self.clock, self.run.id, stop.key, dlg.received_by.text(),
                dlg.payment, dlg.waived_by, sources=self.sources)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.status.ok(self.tr("Delivered to {name}. Receipt {number}.").format(
            name=dlg.received_by.text().strip(), number=number))
        self.refresh()

    def record_not_home(self) -> None:
        stop = self._stop()
        if stop is None:
            return
        try:
            delivery.record_not_home(self.ctx.db, self.ctx.operator, self.clock, self.run.id, stop.key)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.status.ok(self.tr("Back on the shelf, still marked for the next run."))
        self.refresh()
