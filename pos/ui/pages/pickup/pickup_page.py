"""Pickup (F3): look the villager up, scan each parcel handed over, Enter confirms.

A scan of a parcel that is not in the list is refused with a red band and a beep, and is never
added: only parcels scanned (or ticked with a reason when the label is unreadable) leave.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.domain import speech_text
from pos.domain.pickup_documents import pickup_receipt
from pos.services.pickup import handover as pickup
from pos.services.clock import Clock, system_clock
from pos.services.pickup.handover import HandoverResult, LookupResult, ParcelCard, Payment, PickupGroup
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.pages.parcel_widgets.common import Carriers, StatusLine, money, print_document, setup_table, station_name, translate
from pos.ui.pages.parcel_widgets.dialogs import NoScanDialog, PaymentDialog, ProxyDialog
from pos.ui.widgets.list_entry import down_enters_list

OVERDUE_BRUSH = QBrush(QColor("#fde2e2"))
STATE_COL, CODE_COL, SHELF_COL, CARRIER_COL, TAIL_COL, DAYS_COL, DUE_COL = range(7)


class PickupPage(QWidget):
    handed_over = Signal(object)  # HandoverResult

    def __init__(self, ctx: AppContext, clock: Clock = system_clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.sources = ctx.wiring.due_sources
        self.carriers = Carriers(ctx)
        self.result: LookupResult | None = None
        self.group: PickupGroup | None = None
        self.scanned: list[uuid.UUID] = []
        self.unscanned: list[uuid.UUID] = []
        self.reason = ""
        self.collector = ""
        self.relation = ""
        self.admin = None  # the parcel admin window, made when first opened
        self._build()

    # layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel(self.tr("Pickup"))
        heading.setFont(big_font(self.font(), 1.8))
        self.admin_button = QPushButton(self.tr("Parcel admin (Ctrl+M)"))
        self.admin_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.admin_button.clicked.connect(self.open_admin)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.admin_button)
        self.query = QLineEdit()
        self.query.setFont(big_font(self.font(), 1.6, bold=False))
        self.query.setPlaceholderText(self.tr("Pickup code, last 4 digits of the phone, phone or name; or scan a parcel"))
        self.query.returnPressed.connect(self._query_entered)
        self.groups = QListWidget()
        self.groups.setFont(big_font(self.font(), 1.3, bold=False))
        self.groups.itemActivated.connect(self._group_chosen)
        self.groups.hide()
        down_enters_list(self.query, self.groups)
        self.who = QLabel()
        self.who.setFont(big_font(self.font(), 1.8))
        self.table = QTableWidget()
        setup_table(self.table, ["", self.tr("Pickup code"), self.tr("Shelf"), self.tr("Carrier"),
                                 self.tr("Waybill tail"), self.tr("Days"), self.tr("Due")])
        self.table.setFont(big_font(self.font(), 1.5))
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status = StatusLine()
        self.collector_label = QLabel()
        self.total = QLabel()
        self.total.setFont(big_font(self.font(), 1.8))
        self.proxy_button = QPushButton(self.tr("Collecting for someone (Ctrl+P)"))
        self.noscan_button = QPushButton(self.tr("Label unreadable (Ctrl+U)"))
        self.confirm_button = QPushButton(self.tr("Hand over (Enter)"))
        self.clear_button = QPushButton(self.tr("Clear (Esc)"))
        for b, slot in ((self.proxy_button, self.ask_proxy), (self.noscan_button, self.ask_no_scan),
                        (self.confirm_button, self.confirm), (self.clear_button, self.clear)):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(slot)
        buttons = QHBoxLayout()
        for b in (self.proxy_button, self.noscan_button, self.clear_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        buttons.addWidget(self.confirm_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.query)
        lay.addWidget(self.groups)
        lay.addWidget(self.who)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.collector_label)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        ctx_ = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (("Ctrl+P", self.ask_proxy), ("Ctrl+U", self.ask_no_scan), ("Esc", self.clear),
                           ("Ctrl+M", self.open_admin), ("Ctrl+Return", self.confirm),
                           ("Ctrl+R", self.say_codes)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(ctx_)
            sc.activated.connect(slot)
        self._show()

    def help_keys(self) -> list[tuple[str, str]]:
        return [
            ("Enter", self.tr("Find the parcels of a pickup code, phone (or its last 4 digits) or name")),
            (self.tr("Scan"), self.tr("Scan each parcel before it is handed over; a wrong parcel is refused")),
            ("Ctrl+Return", self.tr("Hand over the scanned parcels and take what is due")),
            ("Ctrl+P", self.tr("Collected by someone else (proxy): record who")),
            ("Ctrl+U", self.tr("A waybill that cannot be scanned: hand over with a reason")),
            ("Ctrl+M", self.tr("Parcel admin: overdue and returns, reconciliation, delivery, search")),
            ("Esc", self.tr("Clear and start with the next villager")),
            ("Ctrl+R", self.tr("Say the pickup codes and shelves aloud again")),
        ]

    def activated(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    # lookup ----------------------------------------------------------------------------------
    def _query_entered(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.confirm()
            return
        if self.group is not None:
            kind = _kind(text)
            if kind == "waybill":  # a waybill typed by hand counts as its scan
                self.query.clear()
                self._scan(text)
                return
        self.look_up(text)

    def look_up(self, text: str) -> None:
        try:
            result = pickup.lookup(self.ctx.db, self.clock, text, self.sources)
        except DomainError as e:
            self.status.refuse(e)
            return
        self._reset()
        self.query.clear()
        self.result = result
        if not result.groups:
            self.status.refuse(self.tr("No parcel in stock for \u201c{query}\u201d.").format(query=text))
        elif len(result.groups) == 1:
            self._choose(result.groups[0])
            if result.scanned_id is not None:
                self._mark_scanned(result.scanned_id)
        else:
            for g in result.groups:
                item = QListWidgetItem(self.tr("{name}  {phone}  {count} parcel(s)").format(
                    name=g.recipient_name or self.tr("(no name)"), phone=g.phone_masked, count=len(g.parcels)))
                self.groups.addItem(item)
            self.groups.show()
            self.groups.setCurrentRow(0)
            self.groups.setFocus()
            self.status.info(self.tr("Several villagers match: ask the name, pick with the arrows, Enter."))
        self._show()

    def _group_chosen(self, item: QListWidgetItem) -> None:
        if self.result is not None:
            self._choose(self.result.groups[self.groups.row(item)])
            self._show()

    def _choose(self, group: PickupGroup) -> None:
        self.group = group
        self.groups.clear()
        self.groups.hide()
        self.query.setFocus()
        self.status.info(self.tr("Fetch the parcels from the shelves and scan each one handed over."))

    # scanning --------------------------------------------------------------------------------
    def handle_scan(self, code: str) -> None:
        if self.admin is not None and self.admin.isVisible():
            self.admin.handle_scan(code)
            return
        if self.group is None:
            self.look_up(code)
            return
        self._scan(code)

    def _scan(self, code: str) -> None:
        try:
            card = pickup.check_scan(self.ctx.db, self.group, code)
        except DomainError as e:
            self.status.refuse(e)
            self._speak(speech_text.WRONG_PARCEL)
            return
        self._mark_scanned(card.id)
        self._show()

    def _mark_scanned(self, pid: uuid.UUID) -> None:
        card = next(p for p in self.group.parcels if p.id == pid)
        if pid in self.unscanned:
            self.unscanned.remove(pid)
        if pid in self.scanned:
            self.status.info(self.tr("{code} was already scanned.").format(code=card.pickup_code))
            return
        self.scanned.append(pid)
        left = len(self.group.parcels) - len(self.scanned) - len(self.unscanned)
        self.status.ok(self.tr("{code} OK. {left} more in the list; Enter hands over the scanned ones.")
                       .format(code=card.pickup_code or card.waybill_tail, left=left))

    # spoken feedback -------------------------------------------------------------------------
    def _speak(self, text: str) -> None:
        # the voice has its own thread: this returns at once, the next scan is not held up
        if self.ctx.devices is not None:
            self.ctx.devices.speak(text)

    def say_codes(self) -> None:
        """The villager asks for their code and shelf again: said aloud, one parcel after another."""
        if self.group is None:
            self.status.refuse(self.tr("Look the villager up first."))
            return
        parts = [speech_text.code_and_shelf(p.pickup_code, p.shelf, p.layer)
                 for p in self.group.parcels if p.pickup_code]
        if parts:
            self._speak("；".join(parts))

    # proxy, no scan --------------------------------------------------------------------------
    def ask_proxy(self) -> None:
        if self.group is None:
            self.status.refuse(self.tr("Look the villager up first."))
            return
        dlg = ProxyDialog(self.group.recipient_name, self.collector, self.relation, self)
        if self.run_dialog(dlg):
            self.collector, self.relation = dlg.values()
            self._show()
        self.query.setFocus()

    def ask_no_scan(self) -> None:
        if self.group is None:
            self.status.refuse(self.tr("Look the villager up first."))
            return
        left = [(p.id, f"{p.pickup_code}  {self.carriers.name(p.carrier)}  {p.waybill}")
                for p in self.group.parcels if p.id not in self.scanned]
        if not left:
            self.status.info(self.tr("Every parcel in the list is scanned."))
            return
        dlg = NoScanDialog(left, self)
        if self.run_dialog(dlg):
            self.unscanned = list(dict.fromkeys([*self.unscanned, *dlg.chosen()]))
            self.reason = dlg.reason_text()
            self._show()
        self.query.setFocus()

    def run_dialog(self, dlg: QDialog) -> bool:
        """Tests replace this to fill the dialog instead of waiting for a person."""
        return dlg.exec() == QDialog.DialogCode.Accepted

    # handover --------------------------------------------------------------------------------
    def confirm(self) -> None:
        if self.group is None or not (self.scanned or self.unscanned):
            self.status.refuse(self.tr("Scan the parcels to hand over first."))
            return
        ids = [*self.scanned, *self.unscanned]
        cards = [p for p in self.group.parcels if p.id in ids]
        left = [p for p in self.group.parcels if p.id not in ids]
        if left and not self.run_dialog(self._left_question(left, len(cards))):
            self.status.info(self.tr("Nothing handed over yet: scan the rest, or Enter to hand over the scanned ones."))
            self.query.setFocus()
            return
        due = sum(p.due_fen for p in cards)
        payment, waived_by = None, None
        if due and not self.ctx.allow_money(self):
            self.status.refuse(self.tr("Nothing handed over yet: open a shift to take the money."))
            return
        if due:
            lines = [(f"{p.pickup_code} {line.text(translate)}", line.amount_fen) for p in cards for line in p.dues]
            dlg = PaymentDialog(self.ctx, due, lines, self)
            if not self.run_dialog(dlg):
                self.status.info(self.tr("Nothing handed over yet."))
                return
            payment, waived_by = dlg.payment, dlg.waived_by
        self.hand_over(ids, payment, waived_by)

    def _left_question(self, left: list[ParcelCard], chosen: int) -> QDialog:
        """Some of the villager's parcels are not being handed over: said before, not after."""
        codes = "、".join(p.pickup_code or p.waybill_tail for p in left)
        return LeftBehindQuestion(
            self.tr("{left} more parcel(s) not handed over: {codes}.").format(left=len(left), codes=codes),
            self.tr("Hand over {n} (Enter)").format(n=chosen), self.tr("Back to scanning (Esc)"), self)

    def hand_over(self, ids: list[uuid.UUID], payment: Payment | None, waived_by=None) -> HandoverResult | None:
        try:
            result = pickup.hand_over(
                self.ctx.db, self.ctx.operator, self.clock, ids, scanned=self.scanned, collector=self.collector,
                relation=self.relation, payment=payment, no_scan_reason=self.reason, waived_by=waived_by,
                sources=self.sources)
        except DomainError as e:
            self.status.refuse(e)
            return None
        doc = pickup_receipt(result, station_name(self.ctx), self.carriers.print_names(), translate)
        printed = print_document(self.ctx, doc, "pickup", result.number)
        left = len(self.group.parcels) - len(ids)
        self._reset()
        self.query.clear()
        text = self.tr("Handed over {n} parcel(s) to {name}. Receipt {number}.").format(
            n=len(result.parcels), name=result.collector_name or result.recipient_name or self.tr("(no name)"), number=result.number)
        if left:
            text += " " + self.tr("{left} parcel(s) stay in stock.").format(left=left)
        if printed:
            text += " " + self.tr("The receipt is printing.")
        self.status.ok(text)
        self._show()
        self.query.setFocus()
        self.handed_over.emit(result)
        return result

    def clear(self) -> None:
        self._reset()
        self.query.clear()
        self.status.info("")
        self._show()
        self.query.setFocus()

    def _reset(self) -> None:
        self.result = None
        self.group = None
        self.scanned, self.unscanned = [], []
        self.reason = self.collector = self.relation = ""
        self.groups.clear()
        self.groups.hide()

    # admin window ----------------------------------------------------------------------------
    def open_admin(self) -> None:
        from pos.ui.pages.parcels_admin.admin_window import ParcelsAdminWindow

        if self.admin is None:
            self.admin = ParcelsAdminWindow(self.ctx, self.clock, self)
            self.admin.finished.connect(lambda _r: self.query.setFocus())
        self.admin.open_window()

    # display ---------------------------------------------------------------------------------
    def _show(self) -> None:
        g = self.group
        if g is None:
            self.who.clear()
            self.table.setRowCount(0)
            self.total.clear()
            self.collector_label.clear()
            return
        self.who.setText(f"{g.recipient_name or self.tr('(no name)')}   {g.phone_masked}")
        self.table.setRowCount(len(g.parcels))
        for r, p in enumerate(g.parcels):
            state = "\u2714" if p.id in self.scanned else (self.tr("no scan") if p.id in self.unscanned else "")
            values = [state, p.pickup_code or "-", f"{p.shelf}-{p.layer}", self.carriers.name(p.carrier),
                      p.waybill_tail, str(p.days_in_stock), money(p.due_fen) if p.due_fen else ""]
            if p.overdue:  # over the reminder age: worth a word to the villager
                values[5] = self.tr("{days} overdue").format(days=p.days_in_stock)
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if p.id in self.scanned:
                    item.setBackground(Qt.GlobalColor.green)
                elif p.overdue:
                    item.setBackground(OVERDUE_BRUSH)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        chosen = [p for p in g.parcels if p.id in self.scanned or p.id in self.unscanned]
        due = sum(p.due_fen for p in chosen)
        self.total.setText(self.tr("Due: {amount}").format(amount=money(due)) if due else "")
        self.collector_label.setText(self.tr("Collected by {name} ({relation})").format(
            name=self.collector, relation=self.relation) if self.collector else "")


class LeftBehindQuestion(QMessageBox):
    """Yes or No, answered as a dialog's Accepted or Rejected (run_dialog's contract)."""

    def __init__(self, text: str, yes: str, no: str, parent: QWidget) -> None:
        super().__init__(QMessageBox.Icon.Question, QCoreApplication.translate("PickupPage", "Parcels left"), text,
                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        self.button(QMessageBox.StandardButton.Yes).setText(yes)
        self.button(QMessageBox.StandardButton.No).setText(no)
        self.setDefaultButton(QMessageBox.StandardButton.Yes)
        self.setEscapeButton(QMessageBox.StandardButton.No)

    def done(self, r: int) -> None:  # noqa: D401 - Qt's name
        yes = r == QMessageBox.StandardButton.Yes.value or r == QDialog.DialogCode.Accepted.value
        super().done(QDialog.DialogCode.Accepted.value if yes else QDialog.DialogCode.Rejected.value)


def _kind(text: str) -> str:
    try:
        return pickup.classify(text)[0]
    except DomainError:
        return ""
