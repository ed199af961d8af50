"""Services with an account (便民服务, F11): phone top-ups, electricity and water bills and the
like. The partner picks the service, types or scans the number or account, the provider, the
amount and the fee; Ctrl+Enter takes the money into the shift and prints the receipt (the account
masked). The day's list reprints a receipt and refunds a payment with the owner's approval.

Keys: Alt+1 / Alt+2 the two tabs; Ctrl+1 … Ctrl+6 the preset amounts; Ctrl+Enter pays; Alt+N
clears the form; on the list Alt+P reprints, Alt+X refunds, Alt+← / Alt+→ the day before or
after. A scanned B or F number shows that payment in the list; any other scan on the form is the
account (a bill's barcode).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.domain.receipt_numbers import REFUND, SERVICE, parse_number
from pos.services.account_services import kinds as kinds_svc
from pos.services.account_services import payments as svc
from pos.services.account_services.receipts import payment_receipt_document, refund_receipt_document
from pos.services.clock import Clock, system_clock
from pos.services.local_days import local_day
from pos.ui.fonts import big_font
from pos.ui.owner_approval import require_owner
from pos.ui.pages.parcel_widgets.common import StatusLine, print_document
from pos.ui.pages.sales.tender_dialog import TenderDialog
from pos.ui.pages.services.day_list import DayList, status_name
from pos.ui.pages.services.pay_form import PayForm, translate
from pos.ui.widgets.scrolled import scrolled

FORM, LIST = 0, 1


class ServicesPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None, *, clock: Clock = system_clock,
                 money_gate: Callable[[QWidget], bool] = lambda _parent: True) -> None:
        super().__init__(parent)
        self.ctx, self.clock = ctx, clock
        # asked before money is taken; the app passes "is a shift open? offer to open one"
        self.money_gate = money_gate
        heading = QLabel(self.tr("Services: top-ups and bills"))
        heading.setFont(big_font(self.font(), 1.8))
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.status = StatusLine()
        self.big = QLabel()
        self.big.setFont(big_font(self.font(), 1.6))
        self.form = PayForm()
        self.day_list = DayList(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolled(self.form), self.tr("Pay (Alt+1)"))
        self.tabs.addTab(self.day_list, self.tr("Day's payments (Alt+2)"))
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.source)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.big)
        lay.addWidget(self.status)
        self._keys: list[tuple[str, str]] = []
        keys = [
            ("Alt+1", self.tr("Pay a service"), lambda: self.show_tab(FORM)),
            ("Alt+2", self.tr("The day's service payments"), lambda: self.show_tab(LIST)),
            ("Ctrl+Return", self.tr("Take the payment and print the receipt"), self.pay),
            ("Ctrl+Enter", "", self.pay),
            ("Alt+N", self.tr("Clear the form for the next payment"), self.clear_form),
            ("Alt+P", self.tr("Reprint the chosen payment's receipt"), self.reprint),
            ("Alt+X", self.tr("Refund the chosen payment (owner's PIN)"), self.refund),
            ("Alt+Left", self.tr("The list of the day before"), lambda: self.shift_day(-1)),
            ("Alt+Right", self.tr("The list of the day after"), lambda: self.shift_day(1)),
        ]
        for i in range(1, len(self.form.presets) + 1):
            keys.append((f"Ctrl+{i}", "", lambda i=i: self.form.presets[i - 1].click()))
        for key, text, slot in keys:
            sc = QShortcut(QKeySequence(key), self, slot)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if text:
                self._keys.append((key if key != "Ctrl+Return" else "Ctrl+Return / Ctrl+Enter", text))
        self._keys.insert(3, (" / ".join(f"Ctrl+{i}" for i in range(1, len(self.form.presets) + 1)),
                              self.tr("A preset amount (10, 20, 30, 50, 100, 200 yuan)")))
        self.form.fee.returnPressed.connect(self.pay)
        self.day_list.find.returnPressed.connect(self.find_typed)
        self.load_kinds()

    # page protocol ------------------------------------------------------------------------------
    def help_keys(self) -> list[tuple[str, str]]:
        return [(self.tr("Enter"), self.tr("Next field; on the fee, take the payment")),
                (self.tr("Scan"), self.tr("A B or F receipt number shows that payment in the list; on the form, "
                                          "a scan is the account")),
                *self._keys]

    def activated(self) -> None:
        self.load_kinds()
        self.show_tab(self.tabs.currentIndex())

    def load_kinds(self) -> None:
        force = kinds_svc.kinds_in_force(self.ctx.db)
        self.form.set_kinds(force)
        if force.source == kinds_svc.COUNTY:
            self.source.setText(self.tr("The services and their commissions are set by the county centre."))
        elif force.county_error:
            self.source.setText(self.tr("The county centre's list of services could not be read; the station's "
                                        "own is used."))
        else:
            self.source.clear()
        self.source.setVisible(bool(self.source.text()))
        if not force.enabled():
            self.status.refuse(self.tr("No service is offered: the owner adds them in Settings (F9) → Services."))

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        if index == FORM:
            self.form.account.setFocus()
        else:
            self.day_list.load(self.day_list.day or local_day(self.clock()))
            self.day_list.table.setFocus()

    def clear_form(self) -> None:
        self.show_tab(FORM)
        self.form.clear()

    # paying -------------------------------------------------------------------------------------
    def pay(self) -> None:
        if self.tabs.currentIndex() != FORM:
            return
        try:
            inp = self.form.payment_input()
        except DomainError as e:
            self.status.refuse(e)
            return
        if not self.money_gate(self):
            return
        dlg = TenderDialog(self.ctx, inp.amount_fen + inp.fee_fen, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            self.form.account.setFocus()
            return
        inp = svc.PayInput(inp.kind, inp.account, inp.provider, inp.amount_fen, inp.fee_fen, dlg.villager_id)
        try:
            kind = self.form.current_kind()
            name = kinds_svc.kind_name(kind, translate) if kind else ""
            result = svc.pay_service(self.ctx.db, self.ctx.operator, self.clock, inp, dlg.result_tenders, name)
        except DomainError as e:
            self.status.refuse(e)
            return
        p = result.payment
        self.print_receipt(p)
        self.big.setText(self.tr("{number}  {account}  {total}  change {change}").format(
            number=p.number, account=p.account_masked, total=Money(p.total_fen), change=Money(result.change_fen)))
        self.status.ok(self.tr("{service} {amount} paid into {account}. Now pay it on the provider's system.").format(
            service=p.kind_name, amount=Money(p.amount_fen), account=p.account_masked))
        self.form.clear()

    def print_receipt(self, p: svc.PaymentView, reprint: bool = False) -> None:
        if p.status == "refunded":
            doc = refund_receipt_document(self.ctx.db, p.number, translate, reprint=reprint)
            print_document(self.ctx, doc, "receipt", p.refund_number)
        else:
            doc = payment_receipt_document(self.ctx.db, p.number, translate, reprint=reprint)
            print_document(self.ctx, doc, "receipt", p.number)

    # the day's list -----------------------------------------------------------------------------
    def shift_day(self, days: int) -> None:
        if self.tabs.currentIndex() != LIST:
            return
        day = (self.day_list.day or local_day(self.clock())) + dt.timedelta(days=days)
        if day > local_day(self.clock()):
            return
        self.day_list.load(day)

    def show_payment(self, number: str) -> bool:
        p = svc.find_by_code(self.ctx.db, number)
        if p is None:
            self.status.refuse(self.tr("There is no service payment with number {number}.").format(number=number))
            return False
        self.tabs.setCurrentIndex(LIST)
        self.day_list.load(local_day(p.paid_at), p.number)
        self.day_list.table.setFocus()
        self.status.info(self.tr("{number}: {service} {amount} into {account}, {status}.").format(
            number=p.number, service=p.kind_name, amount=Money(p.amount_fen), account=p.account_masked,
            status=status_name(p.status)))
        return True

    def find_typed(self) -> None:
        text = self.day_list.find.text().strip()
        if text and self.show_payment(text):
            self.day_list.find.clear()

    def _chosen(self) -> svc.PaymentView | None:
        p = self.day_list.selected() if self.tabs.currentIndex() == LIST else None
        if p is None:
            self.status.refuse(self.tr("Choose a payment in the day's list first (Alt+2)."))
        return p

    def reprint(self) -> None:
        p = self._chosen()
        if p is None:
            return
        self.print_receipt(p, reprint=True)
        self.status.ok(self.tr("Receipt {number} reprinted.").format(
            number=p.refund_number if p.status == "refunded" else p.number))

    def refund(self) -> None:
        p = self._chosen()
        if p is None:
            return
        if p.status == "refunded":
            self.status.refuse(self.tr("Service payment {number} was refunded already.").format(number=p.number))
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Refund"), self.tr("Why is {number} ({amount} into {account}) refunded?").format(
                number=p.number, amount=Money(p.total_fen), account=p.account_masked),
            QLineEdit.EchoMode.Normal, "")
        if not ok:
            self.day_list.table.setFocus()
            return
        if not self.money_gate(self):
            return
        owner = require_owner(self.ctx, self, self.tr("refund {amount} of service payment {number}").format(
            amount=Money(p.total_fen), number=p.number), svc.ACTION_REFUND)
        if owner is None:
            self.day_list.table.setFocus()
            return
        try:
            res = svc.refund_service(self.ctx.db, self.ctx.operator, self.clock, p.number, reason, owner)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.print_receipt(res.payment)
        self.day_list.refresh()
        self.day_list.table.setFocus()
        text = self.tr("{number} refunded: {amount}").format(number=res.payment.refund_number,
                                                              amount=Money(res.payment.total_fen))
        if res.cash_fen:
            text += self.tr(", {cash} in cash from the drawer").format(cash=Money(res.cash_fen))
        self.status.ok(text)

    # scans --------------------------------------------------------------------------------------
    def handle_scan(self, code: str) -> None:
        code = (code or "").strip()
        if not code:
            return
        number = parse_number(code)
        if number is not None and number.prefix in (SERVICE, REFUND):
            self.show_payment(str(number))
            return
        self.show_tab(FORM)
        self.form.account.setText(code)
        self.form.provider.setFocus()
