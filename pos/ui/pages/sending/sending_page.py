"""Sending parcels (寄件, F10): take a villager's parcel and its postage into the shift, print the
sender's receipt, scan the courier's waybill onto it, hand the day's parcels to the courier on a
signed list (揽收), and find any outgoing parcel with its state.

Keys: Alt+1 / Alt+2 / Alt+3 the three tabs; on the form Alt+W takes the scale's steady weight,
Ctrl+Enter takes the payment, Alt+N clears the form; Alt+O and Alt+S start and close a courier's
collection; Alt+X marks the parcel chosen in the search as refused or returned, Alt+P reprints its
receipt. A scan of a J number picks that parcel; the next waybill scanned goes on it.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from pos.domain.errors import DeviceError, DomainError
from pos.domain.money import Money
from pos.domain.receipt_numbers import SEND, parse_number
from pos.services.clock import Clock, system_clock
from pos.services.sending import handover as ho
from pos.services.sending import parcels as sending
from pos.services.sending.receipts import handover_document, send_receipt_document
from pos.services.sending.tariffs import station_tariffs
from pos.ui.widgets.scrolled import scrolled
from pos.ui.fonts import big_font
from pos.ui.pages.parcel_widgets.common import Carriers, StatusLine, print_document, translate
from pos.ui.pages.sales.tender_dialog import TenderDialog
from pos.ui.pages.sending.outgoing_tabs import CollectionTab, SearchTab
from pos.ui.pages.sending.send_form import SendForm

FORM, COLLECTION, SEARCH = 0, 1, 2


class SendingPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None, *, clock: Clock = system_clock,
                 money_gate: Callable[[QWidget], bool] = lambda _parent: True) -> None:
        super().__init__(parent)
        self.ctx, self.clock = ctx, clock
        # asked before money is taken; the app passes "is a shift open? offer to open one"
        self.money_gate = money_gate
        self.carriers = Carriers(ctx)
        self.label_target: sending.SentView | None = None  # the parcel the next waybill scan goes on
        heading = QLabel(self.tr("Sending parcels"))
        heading.setFont(big_font(self.font(), 1.8))
        self.status = StatusLine()
        self.big = QLabel()
        self.big.setFont(big_font(self.font(), 1.6))
        self.form = SendForm(ctx)
        self.collection = CollectionTab(ctx, self.carriers)
        self.search = SearchTab(ctx, self.carriers)
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolled(self.form), self.tr("New parcel (Alt+1)"))
        self.tabs.addTab(self.collection, self.tr("Courier collection (Alt+2)"))
        self.tabs.addTab(self.search, self.tr("Outgoing parcels (Alt+3)"))
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.big)
        lay.addWidget(self.status)
        self._keys: list[tuple[str, str]] = []
        for keys, text, slot in [
            ("Alt+1", self.tr("New parcel"), lambda: self.show_tab(FORM)),
            ("Alt+2", self.tr("Courier collection"), lambda: self.show_tab(COLLECTION)),
            ("Alt+3", self.tr("Outgoing parcels"), lambda: self.show_tab(SEARCH)),
            ("Alt+W", self.tr("Take the steady weight from the scale"), self.take_weight),
            ("Ctrl+Return", self.tr("Take the payment and print the sender's receipt"), self.pay),
            ("Ctrl+Enter", "", self.pay),
            ("Alt+N", self.tr("Clear the form for the next parcel"), self.form.clear_parcel),
            ("Alt+O", self.tr("Start the courier's collection"), self.start_collection),
            ("Alt+S", self.tr("Print the handover list for the courier to sign, and close it"), self.close_collection),
            ("Alt+X", self.tr("Mark the chosen parcel as refused or returned"), self.mark_returned),
            ("Alt+P", self.tr("Reprint the chosen parcel's receipt"), self.reprint),
        ]:
            sc = QShortcut(QKeySequence(keys), self, slot)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if text:
                self._keys.append((keys if keys != "Ctrl+Return" else "Ctrl+Return / Ctrl+Enter", text))
        self.form.sender_find.installEventFilter(self)
        self.load_tariffs()

    # page protocol ------------------------------------------------------------------------------
    def help_keys(self) -> list[tuple[str, str]]:
        return [(self.tr("Scan"), self.tr("A J number picks that parcel; a waybill goes on the picked parcel, or "
                                          "on the courier's list while a collection is open")),
                *self._keys]

    def activated(self) -> None:
        self.load_tariffs()
        self.show_tab(self.tabs.currentIndex())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.form.sender_find and event.type() == event.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.form.move_match(1 if event.key() == Qt.Key.Key_Down else -1)
            return True
        return super().eventFilter(obj, event)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        if index == FORM:
            self.form.sender_find.setFocus()
        elif index == COLLECTION:
            self.collection.refresh()
            self.collection.carrier.setFocus()
        else:
            self.search.search()
            self.search.text.setFocus()

    def load_tariffs(self) -> None:
        """Read the tariff files again: an edited file counts at once, a broken one says where."""
        try:
            tariffs = station_tariffs(self.ctx.paths.root)
        except DomainError as e:
            tariffs = {}
            self.status.refuse(e)
        self.form.set_tariffs(tariffs, {c: self.carriers.name(c) for c in tariffs})
        self.collection.set_carriers(list(tariffs))

    # sending ------------------------------------------------------------------------------------
    def take_weight(self) -> None:
        try:
            self.form.take_weight()
        except DeviceError as e:
            self.status.refuse(e)

    def pay(self) -> None:
        if self.tabs.currentIndex() != FORM:
            return
        try:
            inp = sending.check_input(self.form.parcel_input())
            q = sending.price(self.form.tariffs, inp)
        except DomainError as e:
            self.status.refuse(e)
            return
        if not self.money_gate(self):
            return
        dlg = TenderDialog(self.ctx, q.total_fen, self)
        for w in (dlg.account, dlg.villager_search):
            w.setEnabled(False)  # postage is paid now: cash or mobile
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            result = sending.send_parcel(self.ctx.db, self.ctx.operator, self.clock, self.form.tariffs, inp,
                                         dlg.result_tenders)
        except DomainError as e:
            self.status.refuse(e)
            return
        number = result.parcel.number
        self.print_receipt(number)
        self.label_target = result.parcel
        self.big.setText(self.tr("{number}  {amount}  change {change}").format(
            number=number, amount=Money(result.parcel.total_fen), change=Money(result.change_fen)))
        self.status.ok(self.tr("Parcel {number} taken. Scan the courier's waybill when the label goes on.").format(
            number=number))
        self.form.clear_parcel()

    def print_receipt(self, number: str, reprint: bool = False) -> None:
        doc = send_receipt_document(self.ctx.db, number, self.carriers.print_names(), translate, reprint=reprint)
        print_document(self.ctx, doc, "receipt", number)

    # scans --------------------------------------------------------------------------------------
    def handle_scan(self, code: str) -> None:
        code = (code or "").strip()
        if not code:
            return
        try:
            if self.tabs.currentIndex() == COLLECTION and self.collection.handover is not None:
                self.collection.handover = ho.add_to_handover(self.ctx.db, self.ctx.operator, self.clock,
                                                              self.collection.handover.number, code)
                self.collection.refresh()
                self.status.ok(self.tr("On the list: {code}").format(code=code))
                return
            number = parse_number(code)
            if number is not None and number.prefix == SEND:
                self.label_target = sending.get_sent(self.ctx.db, str(number))
                self.status.info(self.tr("Parcel {number}: scan the courier's waybill for it.").format(
                    number=self.label_target.number))
                return
            if self.label_target is None:
                self.status.refuse(self.tr("Scan the parcel's receipt (J…) first, then the courier's waybill."))
                return
            p = sending.attach_waybill(self.ctx.db, self.ctx.operator, self.clock, self.label_target.number, code)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.label_target = None
        self.status.ok(self.tr("Waybill {waybill} is on parcel {number}.").format(waybill=p.waybill, number=p.number))

    # the courier's collection -------------------------------------------------------------------
    def start_collection(self) -> None:
        self.show_tab(COLLECTION)
        code = self.collection.code()
        if not code:
            self.status.refuse(self.tr("There is no carrier with a tariff file."))
            return
        self.collection.handover = ho.open_handover(self.ctx.db, self.ctx.operator, self.clock, code)
        self.collection.refresh()
        self.status.info(self.tr("Collection {number} for {carrier}: scan each parcel the courier takes.").format(
            number=self.collection.handover.number, carrier=self.carriers.name(code)))

    def close_collection(self) -> None:
        h = self.collection.handover
        if h is None:
            self.status.refuse(self.tr("No collection is open: Alt+O starts one."))
            return
        try:
            h = ho.close_handover(self.ctx.db, self.ctx.operator, self.clock, h.number)
        except DomainError as e:
            self.status.refuse(e)
            return
        doc = handover_document(self.ctx.db, h, self.carriers.print_names(), translate)
        print_document(self.ctx, doc, "handover", h.number)
        self.collection.handover = None
        self.collection.refresh()
        self.status.ok(self.tr("List {number} printed: {n} parcels for the courier to sign.").format(
            number=h.number, n=len(h.parcels)))

    # outgoing parcels ---------------------------------------------------------------------------
    def _chosen(self) -> sending.SentView | None:
        if self.tabs.currentIndex() != SEARCH or self.search.selected() is None:
            self.status.refuse(self.tr("Choose a parcel in the outgoing list first (Alt+3)."))
            return None
        return self.search.selected()

    def mark_returned(self) -> None:
        p = self._chosen()
        if p is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Refused or returned"),
                                          self.tr("Why did parcel {number} come back?").format(number=p.number))
        if not ok:
            return
        try:
            sending.mark_returned(self.ctx.db, self.ctx.operator, self.clock, p.number, reason)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.search.search()
        self.status.ok(self.tr("Parcel {number} is marked as returned.").format(number=p.number))

    def reprint(self) -> None:
        p = self._chosen()
        if p is not None:
            self.print_receipt(p.number, reprint=True)
            self.status.ok(self.tr("Receipt {number} reprinted.").format(number=p.number))


