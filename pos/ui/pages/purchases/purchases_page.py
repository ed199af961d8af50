"""Assisted purchases (F4): the order list beside the chosen order's detail.

Keys: Ctrl+N a new order, Ctrl+F the search box, arrows walk the list, Tab into the detail.
A waybill scanned while an order that is not yet in is open goes on that order; an order
number (from its receipt's QR code) or a known waybill opens that order.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from pos.domain import purchases as rules
from pos.domain.errors import DomainError
from pos.i18n import error_text
from pos.services.purchases import receipts as purchase_receipts
from pos.services.clock import Clock, system_clock
from pos.services.purchases.views import OrderFilter, list_orders
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.pages.purchases.common import print_document, translate, yuan
from pos.ui.pages.purchases.new_order_dialog import NewOrderDialog
from pos.ui.pages.purchases.order_detail import OrderDetail
from pos.ui.pages.purchases.order_list import OrderList
from pos.ui.pages.purchases.payment_dialog import PaymentDialog
from pos.ui.pages.purchases.refund_dialog import RefundDialog


class PurchasesPage(QWidget):
    def __init__(self, ctx: AppContext, clock: Clock = system_clock, parent: QWidget | None = None,
                 money_gate: Callable[[QWidget], bool] = lambda _parent: True) -> None:
        super().__init__(parent)
        # asked before any money is taken; the app passes "is a shift open? offer to open one"
        self.money_gate = money_gate
        self.ctx, self.clock = ctx, clock
        heading = QLabel(self.tr("Assisted purchases"))
        heading.setFont(big_font(self.font(), 1.8))
        self.new_button = QPushButton(self.tr("New order (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_order)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.list = OrderList(ctx, clock)
        self.detail = OrderDetail(ctx, clock)
        self.list.order_chosen.connect(self.detail.show_order)
        self.detail.changed.connect(lambda _v: self.list.refresh())
        self.detail.take_payment.connect(self.take_payment)
        self.detail.refund_requested.connect(self.refund)
        self.detail.reprint_requested.connect(self.reprint)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.new_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.message)
        lay.addWidget(split, 1)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_order,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+F"), self, self.list.search.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.last_dialog = None  # the dialog open or last opened (tests drive it)

    def help_keys(self) -> list[tuple[str, str]]:
        return [
            ("Ctrl+N", self.tr("New assisted purchase for a villager")),
            ("Ctrl+F", self.tr("Search orders by villager, phone, order number or goods")),
            (self.tr("Scan"), self.tr("With an order open: add the waybill to it; otherwise find the order of a receipt (P…) or waybill")),
        ]

    def activated(self) -> None:
        self.list.refresh()
        if self.detail.order is not None:
            self.detail.show_order(self.detail.order.id)
        self.list.search.setFocus()

    def say(self, text: str) -> None:
        self.message.setText(text)

    # scans -------------------------------------------------------------------------------------
    def handle_scan(self, code: str) -> None:
        code = (code or "").strip()
        o = self.detail.order
        if o is not None and o.status in (rules.PLACED, rules.SHIPPED) and not code.upper().startswith("P2"):
            if self.detail.add_waybill(code):
                self.say(self.tr("Waybill {waybill} added to order {number}.").format(
                    waybill=self.detail.order.waybills[-1].waybill, number=o.number))
            return
        found = list_orders(self.ctx.db, OrderFilter(text=code.replace(" ", ""), limit=2), self.clock())
        if not found and len(code) > 9 and code[:1] in "Pp" and "-" not in code:
            # the QR/barcode of a receipt may carry the number without its hyphen
            found = list_orders(self.ctx.db, OrderFilter(text=f"{code[:9]}-{code[9:]}", limit=2), self.clock())
        if len(found) == 1:
            self.open_order(found[0].id)
            self.say(self.tr("Order {number} opened.").format(number=found[0].number))
        else:
            self.say(self.tr("No open order takes scan {code}: choose an order first, then scan its waybill.").format(
                code=code))

    def open_order(self, order_id) -> None:
        self.list.refresh()
        self.list.select(order_id, emit=False)  # it may be filtered out of the list: shown all the same
        self.detail.show_order(order_id)
        self.detail.focus_next_action()

    # actions -----------------------------------------------------------------------------------
    def new_order(self) -> None:
        if self.ctx.operator is None:
            return
        if not self.money_gate(self):
            return
        dlg = NewOrderDialog(self.ctx, self.clock, self)
        self.last_dialog = dlg
        if dlg.exec() and dlg.order is not None:
            self.after_placed(dlg.order)
            if getattr(dlg, "change_fen", 0):
                self.say(self.message.text() + " " + self.tr("Change: {amount}").format(amount=yuan(dlg.change_fen)))

    def after_placed(self, order) -> None:
        printed = self._print(purchase_receipts.order_document(self.ctx.db, order.id, translate), order.number)
        self.say(self.tr("Order {number} placed.").format(number=order.number)
                 + ("" if printed else " " + self.tr("No printer is set up: the receipt was not printed.")))
        self.open_order(order.id)

    def take_payment(self) -> None:
        o = self.detail.order
        if o is None:
            return
        if not self.money_gate(self):
            return
        dlg = PaymentDialog(self.ctx, self.clock, o, self)
        self.last_dialog = dlg
        if dlg.exec() and dlg.result_view is not None:
            self._print(purchase_receipts.balance_document(self.ctx.db, o.id, translate), o.number)
            self.say(self.tr("Payment for {number} taken.").format(number=o.number))
            self.open_order(o.id)

    def refund(self, cancel: bool) -> None:
        o = self.detail.order
        if o is None:
            return
        if not self.money_gate(self):
            return
        dlg = RefundDialog(self.ctx, self.clock, o, cancel, self)
        self.last_dialog = dlg
        if dlg.exec() and dlg.refund is not None:
            self.after_refund(o, dlg.refund)

    def after_refund(self, order, refund) -> None:
        self._print(purchase_receipts.refund_document(self.ctx.db, refund.number, translate), refund.number)
        self.say(self.tr("Refund {number} done: {amount} back.").format(
            number=refund.number, amount=yuan(refund.money_fen)))
        self.open_order(order.id)

    def reprint(self) -> None:
        o = self.detail.order
        if o is None:
            return
        try:
            doc = purchase_receipts.order_document(self.ctx.db, o.id, translate, reprint=True)
        except DomainError as e:
            self.say(error_text(e))
            return
        if not self._print(doc, o.number):
            self.say(self.tr("No printer is set up: the receipt was not printed."))

    def _print(self, doc, reference: str) -> bool:
        return print_document(self.ctx, doc, reference)
