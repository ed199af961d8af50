"""Sales (F5): scan or search goods into the cart, take payment, print the receipt; a scanned
receipt barcode starts its refund.

Keys (F2-F9 stay with the page switcher): Enter adds the scanned or highlighted product,
+ / - change the selected line's quantity and Del removes it while the scan field is empty,
Up/Down move through suggestions or cart lines, Ctrl+Enter pays, Alt+letters for the rest.
"""

from __future__ import annotations

import unicodedata

from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QGridLayout, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from pos.domain.barcodes import parse_product_barcode
from pos.domain.cart import MAX_QUANTITY, Cart, CartLine, exceeds_limit, parse_discount
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.receipt_numbers import REFUND, SALE, parse_number
from pos.services.sales import products
from pos.services.sales import receipts as sale_receipts
from pos.services.sales import refunds as sale_refunds
from pos.services.sales import checkout as sales
from pos.services.sales import settings as sales_settings
from pos.services.clock import Clock, system_clock
from pos.services.sales.products import OwnerApprovalNeeded, ProductView
from pos.services.sales.checkout import ShiftGuard, no_shift_required
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.i18n import error_text
from pos.ui.messages import show_error
from pos.ui.owner_approval import require_owner
from pos.ui.pages.sales.approvals import ask_owner
from pos.ui.pages.sales.cart_table import CartTable
from pos.ui.pages.sales.product_dialog import ProductDialog
from pos.ui.pages.sales.products_dialog import ProductsDialog
from pos.ui.pages.sales.receipts_dialog import ReceiptsDialog
from pos.ui.pages.sales.refund_dialog import RefundDialog
from pos.ui.pages.sales.tender_dialog import TenderDialog
from pos.ui.pages.sales.weighed import weigh_line
from pos.ui.widgets.form_error import FormError

RECEIPT_FAILED = tr_noop("errors", "Sale {number} is recorded and paid; only its receipt could not be printed: "
                         "{reason} Print it again with Alt+P (or from Receipts, Alt+R) once that is fixed.")


class SalesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, clock: Clock = system_clock,
                 shift_guard: ShiftGuard = no_shift_required,
                 money_gate: Callable[[QWidget], bool] = lambda _parent: True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.shift_guard = shift_guard
        # asked before any money is taken; the app passes "is a shift open? offer to open one"
        self.money_gate = money_gate
        self.cart = Cart()
        self.approver = None  # the owner who allowed a discount above the limit
        self.last_number = ""
        heading = QLabel(self.tr("Sales"))
        heading.setFont(big_font(self.font(), 1.8))
        self.scan = QLineEdit()
        self.scan.setFont(big_font(self.font(), 1.5, bold=False))
        self.scan.setPlaceholderText(self.tr("Scan a barcode, or type a name or its pinyin initials"))
        self.scan.installEventFilter(self)
        self.scan.textChanged.connect(self._suggest)
        self.suggestions = QListWidget()
        self.suggestions.setMaximumHeight(170)
        self.suggestions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.suggestions.itemClicked.connect(lambda item: self._add_suggestion(item))
        self.suggestions.hide()
        self.table = CartTable()
        self.total = QLabel()
        self.total.setFont(big_font(self.font(), 2.4))
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.detail = QLabel()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.error = FormError()
        self.last = QLabel()
        self.last.setFont(big_font(self.font(), 1.5))
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        actions = [
            ("pay", self.tr("Pay\nCtrl+Enter"), ("Ctrl+Return", "Ctrl+Enter"), self.pay),
            ("qty", self.tr("Quantity\nAlt+Q"), ("Alt+Q",), self.ask_quantity),
            ("line_discount", self.tr("Line discount\nAlt+D"), ("Alt+D",), self.ask_line_discount),
            ("total_discount", self.tr("Whole-sale discount\nAlt+T"), ("Alt+T",), self.ask_total_discount),
            ("remove", self.tr("Remove line\nDel"), (), self.remove_line),
            ("clear", self.tr("Clear cart\nAlt+C"), ("Alt+C",), self.clear_cart),
            ("receipts", self.tr("Receipts, refund\nAlt+R"), ("Alt+R",), self.open_receipts),
            ("reprint", self.tr("Reprint last\nAlt+P"), ("Alt+P",), self.reprint_last),
            ("products", self.tr("Products\nAlt+K"), ("Alt+K",), self.open_products),
            ("low", self.tr("Low stock\nAlt+L"), ("Alt+L",), self.open_low_stock),
            ("new", self.tr("New product\nAlt+N"), ("Alt+N",), lambda: self.new_product("")),
        ]
        # the help panel (F1) lists each button's keys with its label on one line
        self._action_help = [(keys or ("Del",), text.split("\n")[0]) for _k, text, keys, _s in actions]
        for key, text, keys, slot in actions:
            b = QPushButton(text)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(48)
            b.clicked.connect(slot)
            self.buttons[key] = b
            for k in keys:
                sc = QShortcut(QKeySequence(k), self, slot)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # six buttons a row when their words fit a 1024 px screen beside the page bar, else four
        widest = max(b.sizeHint().width() for b in self.buttons.values())
        per_row = 6 if 6 * widest + 5 * grid.spacing() <= 780 else 4
        for i, b in enumerate(self.buttons.values()):
            grid.addWidget(b, i // per_row, i % per_row)
        totals = QHBoxLayout()
        totals.addWidget(self.detail, 1)
        totals.addWidget(self.total)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.scan)
        lay.addWidget(self.suggestions)
        lay.addWidget(self.table, 1)
        lay.addLayout(totals)
        lay.addWidget(self.error)
        lay.addWidget(self.info)
        lay.addWidget(self.last)
        lay.addLayout(grid)
        self.refresh()

    # page protocol ------------------------------------------------------------------------------
    def help_keys(self) -> list[tuple[str, str]]:
        keys = [(self.tr("Scan"), self.tr("Add the product with that barcode to the cart")),
                ("Enter", self.tr("Add the product typed (barcode, name or pinyin initials)"))]
        for keys_, text in self._action_help:
            keys.append((" / ".join(keys_), text))
        return keys

    def activated(self) -> None:
        self._update_low_count()
        self.scan.setFocus()

    def handle_scan(self, code: str) -> None:
        """A product barcode adds it; a sale's receipt barcode opens its refund."""
        code = (code or "").strip()
        self.error.clear_error()
        if not code:
            return
        number = parse_number(code)
        if number is not None:
            if number.prefix == SALE:
                self.start_refund(str(number))
            elif number.prefix == REFUND:
                self.open_receipts(str(number))
            else:
                self.error.show_error(self.tr("{number} is not a counter sale.").format(number=number))
            return
        p = products.by_barcode(self.ctx.db, code)
        if p is not None:
            self.add_product(p)
            return
        if not unicodedata.normalize("NFKC", code).replace(" ", "").isdigit():
            self._not_found(code)
            return
        try:
            barcode = parse_product_barcode(code)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.offer_new_product(barcode.code)

    def _not_found(self, text: str) -> None:
        """Typed letters that match no product (a mistyped pinyin): say so and offer the nearest
        names in the list under the field, where Enter adds the chosen one."""
        near = products.closest(self.ctx.db, text)
        message = self.tr("No product found for '{text}'.").format(text=text[:30])
        if near:
            message += " " + self.tr("Did you mean: {names}? (Down, then Enter)").format(
                names="、".join(p.name for p in near))
        self.error.show_error(message)
        self.scan.blockSignals(True)
        self.scan.setText(text)
        self.scan.selectAll()
        self.scan.blockSignals(False)
        self._show_suggestions(near)
        self.suggestions.setCurrentRow(-1)  # Enter alone does not add a guess; Down chooses one

    # cart ---------------------------------------------------------------------------------------
    def add_product(self, p: ProductView, quantity: int = 1) -> None:
        self.error.clear_error()
        if self.cart.is_empty():
            self.last.clear()  # the next customer: the last sale's change is not theirs
        if p.weighed:
            self.add_weighed(p)
            return
        try:
            i = self.cart.add(CartLine(p.id, p.name, p.price_fen, quantity, p.category, p.is_service, p.stock))
        except DomainError as e:
            self.error.show_error(e)
            return
        line = self.cart.lines[i]
        self.info.setText(self.tr("Not enough stock: {name} has {stock}; selling it needs the owner.").format(
            name=p.name, stock=p.stock) if line.short_of_stock else self.tr("Added: {name}").format(name=p.name))
        self.refresh(select=i)

    def add_weighed(self, p: ProductView) -> None:
        """Produce by weight: the scale's steady weight (or a typed one without a scale)."""
        line = weigh_line(self.ctx, p, self)
        if line is not None:
            i = self.cart.add(line)
            self.info.setText(self.tr("Added: {name}").format(name=p.name))
            self.refresh(select=i)
        self.scan.setFocus()

    def refresh(self, select: int | None = None) -> None:
        self.table.show_cart(self.cart, select)
        self.total.setText(self.tr("Total {amount}").format(amount=Money(self.cart.total_fen)))
        parts = [self.tr("Items: {n}").format(n=self.cart.item_count)]
        if self.cart.total_discount_fen:
            parts.append(self.tr("whole-sale discount {amount}").format(amount=Money(self.cart.total_discount_fen)))
        self.detail.setText("   ".join(parts))

    def _selected(self) -> int | None:
        i = self.table.selected_index()
        if i is None and self.cart.lines:
            i = len(self.cart.lines) - 1
        return i

    def change_quantity(self, delta: int) -> None:
        i = self._selected()
        if i is None:
            return
        try:
            self.cart.change_quantity(i, delta)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.refresh(select=i)

    def ask_quantity(self) -> None:
        i = self._selected()
        if i is None:
            return
        line = self.cart.lines[i]
        qty, ok = QInputDialog.getInt(self, self.tr("Quantity"), line.description, line.quantity, 1, MAX_QUANTITY)
        if ok:
            self.change_quantity(qty - line.quantity)
        self.scan.setFocus()

    def remove_line(self) -> None:
        i = self._selected()
        if i is not None:
            self.cart.remove(i)
            self.refresh(select=min(i, len(self.cart.lines) - 1))

    def clear_cart(self) -> None:
        self.cart.clear()
        self.approver = None
        self.info.clear()
        self.error.clear_error()
        self.refresh()
        self.scan.setFocus()

    def ask_line_discount(self) -> None:
        i = self._selected()
        if i is not None:
            line = self.cart.lines[i]
            self._ask_discount(line.description, line.gross_fen, lambda d: self.cart.set_line_discount(i, d),
                               lambda: line.discount_fen)

    def ask_total_discount(self) -> None:
        if not self.cart.is_empty():
            self._ask_discount(self.tr("the whole sale"), self.cart.subtotal_fen, self.cart.set_total_discount,
                               lambda: self.cart.total_discount_fen)

    def _ask_discount(self, what: str, base_fen: int, apply, current_off) -> None:
        text, ok = QInputDialog.getText(
            self, self.tr("Discount"),
            self.tr("Discount on {what} ({amount}): type 10% for a percentage, 5 for yuan off, "
                    "nothing to remove it").format(what=what, amount=Money(base_fen)))
        self.scan.setFocus()
        if not ok:
            return
        try:
            apply(parse_discount(text))
        except DomainError as e:
            self.error.show_error(e)
            return
        limit = sales_settings.load(self.ctx.db).discount_limit_percent
        if exceeds_limit(base_fen, current_off(), limit) and not self.ctx.operator.is_owner:
            owner = require_owner(self.ctx, self, self.tr("give a discount above {limit}%").format(limit=limit),
                                  sales.ACTION_DISCOUNT)
            if owner is None:
                apply(None)
            else:
                self.approver = owner
        self.refresh(select=self.table.selected_index())

    # paying -------------------------------------------------------------------------------------
    def pay(self) -> None:
        if self.cart.is_empty():
            self.error.show_error(self.tr("The cart is empty: scan something first."))
            return
        if not self.money_gate(self):
            self.scan.setFocus()
            return
        dlg = TenderDialog(self.ctx, self.cart.total_fen, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.complete(dlg.result_tenders, dlg.villager_id)
        self.scan.setFocus()

    def complete(self, tenders, villager_id=None) -> sales.SaleResult | None:
        approver = self.approver
        while True:
            try:
                res = sales.complete_sale(self.ctx.db, self.ctx.operator, self.clock, self.cart, tenders, villager_id,
                                          approved_by=approver, shift_guard=self.shift_guard)
                break
            except OwnerApprovalNeeded as e:
                approver = ask_owner(self.ctx, self, e)
                if approver is None:
                    return None
            except DomainError as e:
                show_error(self, e)
                return None
        # the sale is recorded: the screen says so and the cart is empty before the receipt is
        # tried, so a receipt that fails can never leave the goods in the cart to be sold again
        self.last_number = res.number
        text = self.tr("{number}: received {amount}").format(number=res.number, amount=Money(res.total_fen))
        if res.change_fen:
            text += self.tr(", change {change}").format(change=Money(res.change_fen))
        if res.balance_fen is not None:
            text += self.tr(", {name} now owes {balance}").format(name=res.villager_name, balance=Money(res.balance_fen))
        self.last.setText(text)
        self.cart = Cart()
        self.approver = None
        self.info.clear()
        self.error.clear_error()
        self.refresh()
        self._update_low_count()
        self.print_receipt(res.number, after_sale=True)
        return res

    def print_receipt(self, number: str, reprint: bool = False, after_sale: bool = False) -> None:
        if self.ctx.devices is None:
            return
        try:
            if reprint:
                doc = sale_receipts.reprint_document(self.ctx.db, self.ctx.operator, number, QCoreApplication.translate)
            else:
                doc = sale_receipts.receipt_document(self.ctx.db, number, QCoreApplication.translate)
            self.ctx.devices.print_document(doc, "receipt", number)
        except DomainError as e:
            if not after_sale:
                show_error(self, e)
                return
            # "not saved" would read as if the sale were lost, and invite selling it again
            show_error(self, DomainError(RECEIPT_FAILED, number=number, reason=error_text(e)))

    def reprint_last(self) -> None:
        if self.last_number:
            self.print_receipt(self.last_number, reprint=True)
            self.info.setText(self.tr("Reprinted {number}").format(number=self.last_number))
        else:
            self.open_receipts()

    # refunds and receipts -----------------------------------------------------------------------
    def open_receipts(self, text: str = "") -> None:
        dlg = ReceiptsDialog(self.ctx, text if isinstance(text, str) else "", self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            if dlg.action == "refund":
                self.start_refund(dlg.number)
            else:
                self.print_receipt(dlg.number, reprint=True)
                self.info.setText(self.tr("Reprinted {number}").format(number=dlg.number))
        self.scan.setFocus()

    def start_refund(self, number: str) -> None:
        try:
            view = sales.get_sale(self.ctx.db, number)
        except DomainError as e:
            show_error(self, e)
            return
        if not view.refundable:
            self.error.show_error(self.tr("Receipt {number} has been refunded in full.").format(number=view.number))
            return
        dlg = RefundDialog(view, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            self.scan.setFocus()
            return
        owner = require_owner(self.ctx, self, self.tr("refund {amount} of receipt {number}").format(
            amount=Money(dlg.amount_fen()), number=view.number), sale_refunds.ACTION_REFUND)
        if owner is not None:
            self.refund(view.number, dlg.quantities(), dlg.reason.text(), owner)
        self.scan.setFocus()

    def refund(self, number, quantities, reason, owner) -> sale_refunds.RefundResult | None:
        try:
            res = sale_refunds.refund_sale(self.ctx.db, self.ctx.operator, self.clock, number, quantities, reason,
                                           owner, shift_guard=self.shift_guard)
        except DomainError as e:
            show_error(self, e)
            return None
        self.print_receipt(res.number)
        self.last_number = res.number
        text = self.tr("{number}: refunded {amount}").format(number=res.number, amount=Money(res.total_fen))
        if res.cash_fen:
            text += self.tr(", {cash} in cash from the drawer").format(cash=Money(res.cash_fen))
        self.last.setText(text)
        self._update_low_count()
        return res

    # products -----------------------------------------------------------------------------------
    def offer_new_product(self, barcode: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unknown barcode"),
                          self.tr("Barcode {code} is not in the catalogue. Add it as a new product?").format(code=barcode),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Add product"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.new_product(barcode)
        self.scan.setFocus()

    def new_product(self, barcode: str = "") -> None:
        dlg = ProductDialog(self.ctx, barcode=barcode, parent=self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.saved is not None:
            self.add_product(dlg.saved)
        self.scan.setFocus()

    def open_products(self) -> None:
        ProductsDialog(self.ctx, parent=self).exec()
        self._update_low_count()
        self.scan.setFocus()

    def open_low_stock(self) -> None:
        ProductsDialog(self.ctx, low_only=True, parent=self).exec()
        self._update_low_count()
        self.scan.setFocus()

    def _update_low_count(self) -> None:
        n = products.count_low_stock(self.ctx.db)
        self.buttons["low"].setText(self.tr("Low stock ({n})\nAlt+L").format(n=n) if n else self.tr("Low stock\nAlt+L"))

    # the scan field -----------------------------------------------------------------------------
    def _suggest(self, text: str) -> None:
        self.suggestions.clear()
        text = text.strip()
        if not text or parse_number(text) is not None or (text.isdigit() and len(text) >= 8):
            self.suggestions.hide()
            return
        self._show_suggestions(products.search(self.ctx.db, text, limit=8))

    def _show_suggestions(self, found: list[ProductView]) -> None:
        self.suggestions.clear()
        for p in found:
            stock = self.tr("service") if p.is_service else self.tr("stock {n}").format(n=p.stock)
            item = QListWidgetItem(f"{p.name}    {Money(p.price_fen)}    {stock}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.suggestions.addItem(item)
        self.suggestions.setVisible(self.suggestions.count() > 0)
        if self.suggestions.count():
            self.suggestions.setCurrentRow(0)

    def _add_suggestion(self, item: QListWidgetItem) -> None:
        product = item.data(Qt.ItemDataRole.UserRole)
        self.scan.clear()
        self.add_product(product)
        self.scan.setFocus()

    def _enter(self) -> None:
        text = self.scan.text().strip()
        if not text:
            return
        item = self.suggestions.currentItem() if self.suggestions.isVisible() else None
        product = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.scan.clear()  # this clears the suggestions, and deletes ``item``
        if product is not None:
            self.add_product(product)
        else:
            self.handle_scan(text)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.scan and event.type() == QEvent.Type.KeyPress:
            key, empty = event.key(), not self.scan.text()
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl:
                self._enter()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = 1 if key == Qt.Key.Key_Down else -1
                view = self.suggestions if self.suggestions.isVisible() else None
                if view is not None:
                    view.setCurrentRow(max(0, min(view.count() - 1, view.currentRow() + step)))
                elif self.cart.lines:
                    cur = self._selected() or 0
                    self.table.selectRow(max(0, min(len(self.cart.lines) - 1, cur + step)))
                return True
            if empty and key == Qt.Key.Key_Plus:
                self.change_quantity(1)
                return True
            if empty and key == Qt.Key.Key_Minus:
                self.change_quantity(-1)
                return True
            if empty and key == Qt.Key.Key_Delete:
                self.remove_line()
                return True
            if key == Qt.Key.Key_Escape and not empty:
                self.scan.clear()
                return True
        return super().eventFilter(obj, event)
