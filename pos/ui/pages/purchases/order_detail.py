"""One order: goods, money, waybills, what can be done next, and its timeline."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.domain import purchases as rules
from pos.domain.errors import DomainError
from pos.services.purchases import orders as purchases
from pos.services.clock import Clock
from pos.services.purchases.views import EVENT_NAMES, get_order, timeline
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.pages.purchases.common import EnterEdit, method_text, status_text, translate, yuan
from pos.ui.time_format import local_text
from pos.ui.widgets.form_error import FormError


class OrderDetail(QWidget):
    changed = Signal(object)  # the OrderView after a change
    take_payment = Signal()
    refund_requested = Signal(bool)  # True: cancel the whole order
    reprint_requested = Signal()

    def __init__(self, ctx: AppContext, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.clock = ctx, clock
        self.order = None
        self.heading = QLabel(self.tr("Choose an order in the list, or press Ctrl+N for a new one."))
        self.heading.setFont(big_font(self.font(), 1.4))
        self.heading.setWordWrap(True)
        self.customer = QLabel()
        self.customer.setWordWrap(True)
        self.late = QLabel(self.tr("LATE"))
        self.late.setStyleSheet("color: #b00020; font-weight: bold;")
        self.items = QLabel()
        self.items.setWordWrap(True)
        self.money = QGridLayout()
        self.due = QLabel()
        self.due.setFont(big_font(self.font(), 1.6))
        self.waybills = QLabel()
        self.waybills.setWordWrap(True)
        self.waybill = EnterEdit()
        self.waybill.setPlaceholderText(self.tr("Type or scan a waybill, then Enter"))
        self.waybill.entered.connect(self._add_waybill)
        self.return_waybill = EnterEdit()
        self.return_waybill.setPlaceholderText(self.tr("Waybill of the goods sent back, then Enter"))
        self.return_waybill.entered.connect(self._set_return)
        self.error = FormError()
        self.pay_button = QPushButton(self.tr("Take payment…"))
        self.pay_button.clicked.connect(self.take_payment)
        self.refund_button = QPushButton(self.tr("Refund items…"))
        self.refund_button.clicked.connect(lambda: self.refund_requested.emit(False))
        self.cancel_button = QPushButton(self.tr("Cancel order…"))
        self.cancel_button.clicked.connect(lambda: self.refund_requested.emit(True))
        self.print_button = QPushButton(self.tr("Print receipt again"))
        self.print_button.clicked.connect(self.reprint_requested)
        self.events = QListWidget()
        # an event per line or two, never a sideways scroll in the detail's half of the screen
        self.events.setWordWrap(True)
        self.events.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.events.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top = QHBoxLayout()
        top.addWidget(self.customer, 1)
        top.addWidget(self.late)
        # two by two: four in a row are wider than the detail's half of a 1024 px screen
        actions = QGridLayout()
        for i, b in enumerate((self.pay_button, self.refund_button, self.cancel_button, self.print_button)):
            actions.addWidget(b, i // 2, i % 2)
        actions.setColumnStretch(2, 1)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(top)
        body.addWidget(self.items)
        body.addLayout(self.money)
        body.addWidget(self.due)
        body.addWidget(self.waybills)
        body.addWidget(self.waybill)
        body.addWidget(self.return_waybill)
        body.addWidget(self.error)
        body.addLayout(actions)
        body.addWidget(QLabel(self.tr("Timeline")))
        body.addWidget(self.events, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.body, 1)
        self.body.hide()

    def show_order(self, order_id) -> None:
        self.error.clear_error()
        self.set_order(get_order(self.ctx.db, order_id, self.clock()))

    def set_order(self, o) -> None:
        self.order = o
        self.body.show()
        self.heading.setText(self.tr("Order {number} · {status}").format(number=o.number, status=status_text(o.status)))
        self.customer.setText(self.tr("For {name} {phone} · placed {at} by {operator} · expected {expected}").format(
            name=o.customer_name, phone=o.customer_phone, at=local_text(o.placed_at, "%Y-%m-%d %H:%M"),
            operator=o.operator, expected=o.expected_on.isoformat() if o.expected_on else "—"))
        self.late.setVisible(o.late)
        lines = []
        for i in o.items:
            line = f"{i.description} ×{i.quantity} @ {yuan(i.unit_price_fen)} = {yuan(i.line_total_fen)}"
            if i.shop:
                line += f" · {i.shop}"
            if i.category:
                line += " · " + self.tr("category {category}").format(category=i.category)
            if i.refunded_fen:
                line += " " + self.tr("(refunded {amount})").format(amount=yuan(i.refunded_fen))
            lines.append(line)
        if o.platform_orders:
            lines.append(self.tr("Platform orders: {numbers}").format(numbers=", ".join(o.platform_orders)))
        if o.note:
            lines.append(self.tr("Note: {note}").format(note=o.note))
        self.items.setText("\n".join(lines))
        self._money(o)
        self.due.setText(self.tr("Due: {amount}").format(amount=yuan(o.due_fen)))
        wbs = [w.waybill + (" ✓" if w.parcel_id else "") for w in o.waybills]
        text = self.tr("Waybills: {list}").format(list=", ".join(wbs) if wbs else self.tr("none yet"))
        if o.return_waybill:
            text += "\n" + self.tr("Sent back under waybill {waybill}").format(waybill=o.return_waybill)
        self.waybills.setText(text)
        self.waybill.setVisible(o.status in (rules.PLACED, rules.SHIPPED))
        self.return_waybill.setVisible(o.status not in (rules.PLACED, rules.SHIPPED))
        self.pay_button.setEnabled(o.is_open and o.due_fen > 0)
        self.cancel_button.setEnabled(o.is_open)
        self.refund_button.setEnabled(o.status not in (rules.CANCELLED, rules.REFUNDED) and o.refunded_fen < o.total_fen)
        self._timeline(o)

    def _money(self, o) -> None:
        while self.money.count():
            w = self.money.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        rows = [(self.tr("Goods"), o.items_total_fen), (self.tr("Service fee"), o.service_fee_fen),
                (self.tr("Total"), o.total_fen), (self.tr("Paid"), o.paid_fen)]
        if o.on_account_fen:
            rows.append((self.tr("On account"), o.on_account_fen))
        if o.refunded_fen:
            rows.append((self.tr("Refunded"), o.refunded_fen))
        for n, (label, fen) in enumerate(rows):
            # two amounts a row: three did not fit the detail's half of a 1024 px screen in English
            self.money.addWidget(QLabel(label), n // 2, (n % 2) * 2)
            self.money.addWidget(QLabel(yuan(fen)), n // 2, (n % 2) * 2 + 1)

    def _timeline(self, o) -> None:
        self.events.clear()
        for e in timeline(self.ctx.db, o.id):
            text = f"{local_text(e.at, '%m-%d %H:%M')}  {translate('purchases', EVENT_NAMES.get(e.kind, e.kind))}"
            extra = self._event_details(e)
            if extra:
                text += f"  {extra}"
            if e.operator:
                text += f"  ({e.operator})"
            self.events.addItem(text)

    def _event_details(self, e) -> str:
        d = e.details
        if "waybill" in d:
            return d["waybill"]
        if e.kind == "refund":
            return self.tr("{number}: {amount}, {reason}").format(
                number=d.get("refund", ""), amount=yuan(int(d.get("total_fen", 0))), reason=d.get("reason", ""))
        if e.kind == "payment":
            methods = ", ".join(method_text(m) for m in d.get("methods", []))
            return f"{yuan(int(d.get('amount_fen', 0)))} {methods}"
        if e.kind == "placed":
            return self.tr("total {amount}").format(amount=yuan(int(d.get("total_fen", 0))))
        if e.kind in ("cancelled", "refunded"):
            return d.get("reason", "")
        return ""

    # actions -----------------------------------------------------------------------------------
    def _add_waybill(self) -> None:
        self.add_waybill(self.waybill.text())

    def add_waybill(self, code: str) -> bool:
        if self.order is None:
            return False
        self.error.clear_error()
        try:
            view = purchases.add_waybill(self.ctx.db, self.ctx.operator, self.clock, self.order.id, code)
        except DomainError as e:
            self.error.show_error(e)
            return False
        self.waybill.clear()
        self.set_order(view)
        self.changed.emit(view)
        return True

    def _set_return(self) -> None:
        if self.order is None:
            return
        self.error.clear_error()
        try:
            view = purchases.set_return_waybill(self.ctx.db, self.ctx.operator, self.clock, self.order.id,
                                                self.return_waybill.text())
        except DomainError as e:
            self.error.show_error(e)
            return
        self.return_waybill.clear()
        self.set_order(view)
        self.changed.emit(view)

    def focus_next_action(self) -> None:
        o = self.order
        if o is None:
            return
        if self.waybill.isVisible():
            self.waybill.setFocus()
        elif self.pay_button.isEnabled():
            self.pay_button.setFocus()
        else:
            self.return_waybill.setFocus()
