"""Villagers (F8): find a villager as you type, edit their details, take payments on account,
see their history; the owner adjusts balances, deactivates, imports and exports.

Keyboard: type in the search (name, pinyin initials such as ``zs``, phone tail), Down to the
list, Enter to edit the villager, Enter again to save, Esc to go back. Ctrl+N adds a villager,
Ctrl+P records a payment, Ctrl+D opens the delivery consent log, Ctrl+F returns to the search.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QFrame,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.domain.pinyin import is_initials_query
from pos.domain.villager_fields import phone_query_digits
from pos.services.villagers import csv_io as villager_csv
from pos.services.villagers import history as villager_history
from pos.services.villagers import register as villagers
from pos.services.villagers.register import VillagerView
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.owner_approval import require_owner
from pos.ui.pages.villagers.consent_dialog import ConsentDialog, state_text
from pos.ui.pages.villagers.balance_dialog import ADJUSTMENT, PAYMENT, BalanceDialog, balance_text
from pos.ui.pages.villagers.history_table import HistoryTable
from pos.ui.pages.villagers.import_report import ImportReportDialog
from pos.ui.pages.villagers.villager_form import VillagerForm
from pos.ui.table_filling import filling
from pos.ui.widgets.form_error import FormError

LIST_LIMIT = 200


def consent_state(v: VillagerView) -> str:
    """The consent in force, from the villager's fields (kept on the log's newest entry)."""
    t = QCoreApplication.translate
    if v.delivery_consent and v.delivery_consent_at:
        return t("villagers", "Delivery to the door: agreed on {date}").format(
            date=v.delivery_consent_at.astimezone().date().isoformat())
    return t("villagers", "Delivery to the door: no consent in force")
_RETURN = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class VillagersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[VillagerView] = []
        heading = QLabel(self.tr("Villagers"))
        heading.setFont(big_font(self.font(), 1.8))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: name, pinyin initials (zs for 张三) or phone tail (5678)"))
        self.search.setClearButtonEnabled(True)
        self.show_inactive = QCheckBox(self.tr("Show deactivated"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Group"), self.tr("Household"), self.tr("Phone"), self.tr("Owes")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # a phone too wide keeps its last digits, the ones villagers are told apart by
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.count = QLabel()
        self.new_button = QPushButton(self.tr("New villager (Ctrl+N)"))
        self.import_button = QPushButton(self.tr("Import CSV… (owner)"))
        self.export_button = QPushButton(self.tr("Export CSV… (owner)"))

        self.form_title = QLabel()
        self.form_title.setFont(big_font(self.font(), 1.3))
        self.form = VillagerForm(ctx)
        self.balance = QLabel()
        self.balance.setFont(big_font(self.font(), 1.6))
        self.pay_button = QPushButton(self.tr("Payment received… (Ctrl+P)"))
        self.adjust_button = QPushButton(self.tr("Adjust balance… (owner)"))
        self.active_button = QPushButton(self.tr("Deactivate (owner)"))
        self.delete_button = QPushButton(self.tr("Delete (owner)"))
        self.consent = QLabel()
        self.consent.setWordWrap(True)
        self.consent_button = QPushButton(self.tr("Delivery consent… (Ctrl+D)"))
        self.history = HistoryTable()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #2e7d32; font-weight: bold;")
        self.error = FormError()
        self._layout(heading)
        self._connect()
        self.refresh()

    def _layout(self, heading: QLabel) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        # two rows of buttons under each half: one row is wider than half a 1024 px screen
        file_buttons = QVBoxLayout()
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_button)
        new_row.addStretch(1)
        csv_row = QHBoxLayout()
        csv_row.addWidget(self.import_button)
        csv_row.addWidget(self.export_button)
        csv_row.addStretch(1)
        file_buttons.addLayout(new_row)
        file_buttons.addLayout(csv_row)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(top)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.count)
        ll.addLayout(file_buttons)
        self.balance.setWordWrap(True)
        money = QVBoxLayout()
        for b in (self.pay_button, self.adjust_button):
            row = QHBoxLayout()
            row.addWidget(b)
            row.addStretch(1)
            money.addLayout(row)
        consent_row = QHBoxLayout()
        self.consent.setWordWrap(True)
        consent_row.addWidget(self.consent, 1)
        consent_row.addWidget(self.consent_button)
        record = QHBoxLayout()
        record.addStretch(1)
        record.addWidget(self.active_button)
        record.addWidget(self.delete_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.form_title)
        rl.addWidget(self.form)
        rl.addWidget(self.balance)
        rl.addLayout(money)
        rl.addLayout(consent_row)
        rl.addLayout(record)
        rl.addWidget(QLabel(self.tr("History")))
        rl.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        # the card scrolls rather than squash its fields on a 768 px screen
        card = QScrollArea()
        card.setWidget(right)
        card.setWidgetResizable(True)
        card.setFrameShape(QFrame.Shape.NoFrame)
        card.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        card.setMinimumWidth(right.minimumSizeHint().width())
        split.addWidget(card)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(split, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.message)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.show_inactive.toggled.connect(lambda _c: self.refresh())
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.new_button.clicked.connect(self.new_villager)
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.pay_button.clicked.connect(self.record_payment)
        self.consent_button.clicked.connect(self.edit_consent)
        self.adjust_button.clicked.connect(self.adjust_balance)
        self.active_button.clicked.connect(self.toggle_active)
        self.delete_button.clicked.connect(self.delete_selected)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self.focus_search)
        for keys, slot in (("Ctrl+N", self.new_villager), ("Ctrl+P", self.record_payment),
                           ("Ctrl+D", self.edit_consent), ("Ctrl+F", self.focus_search)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        # a bound method, so Qt drops the connection when the page goes (a language switch rebuilds it)
        self.ctx.session.operator_changed.connect(self._operator_changed)

    def _operator_changed(self, _op) -> None:
        self.refresh()

    # keyboard -----------------------------------------------------------------------------------
    def help_keys(self) -> list[tuple[str, str]]:
        return [
            ("Ctrl+F", self.tr("Search by name, pinyin initials, phone or its last 4 digits")),
            ("Ctrl+N", self.tr("Add a villager")),
            ("Ctrl+P", self.tr("Record a payment into the villager's account")),
            ("Ctrl+D", self.tr("Delivery consent: its log, and a new entry (given or withdrawn)")),
            ("Enter", self.tr("Open the chosen villager")),
        ]

    def activated(self) -> None:
        self.refresh(select_id=self.selected().id if self.selected() else None)
        self.focus_search()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(obj, event)
        key = event.key()
        if obj is self.search:
            if key == Qt.Key.Key_Down and self.rows:
                self.table.setFocus()
                return True
            if key in _RETURN:
                self.edit_selected()
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        elif obj is self.table:
            if key in _RETURN:
                self.edit_selected()
                return True
            if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and self.table.currentRow() <= 0):
                self.focus_search()
                return True
        return super().eventFilter(obj, event)

    # the list -----------------------------------------------------------------------------------
    def refresh(self, select_id=None) -> None:
        op = self.ctx.operator
        if op is None:  # logged out: leave nothing on the screen for the next person
            self.rows = []
            self.table.setRowCount(0)
            self.count.clear()
            self._show(None)
            return
        if select_id is None and self.selected() is not None:
            select_id = self.selected().id
        found = villagers.search(self.ctx.db, op, self.search.text(),
                                 include_inactive=self.show_inactive.isChecked(), limit=LIST_LIMIT + 1)
        self.rows = found[:LIST_LIMIT]
        self.table.blockSignals(True)
        with filling(self.table):
            self.table.setRowCount(len(self.rows))
            for i, v in enumerate(self.rows):
                name = v.name if v.active else self.tr("{name} (deactivated)").format(name=v.name)
                owes = Money(v.balance_fen).format() if v.balance_fen else ""
                for col, text in enumerate((name, v.village_group, v.household, v.phone_shown, owes)):
                    item = QTableWidgetItem(text)
                    if col == 4:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(i, col, item)
        index = next((i for i, v in enumerate(self.rows) if v.id == select_id), 0)
        if self.rows:
            self.table.selectRow(index)
        self.table.blockSignals(False)
        if len(found) > LIST_LIMIT:
            self.count.setText(self.tr("The first {count} villagers; type more to narrow the search.")
                               .format(count=LIST_LIMIT))
        elif self.search.text().strip() and not self.rows:
            self.count.setText(self.tr("Nobody found. Ctrl+N adds a new villager."))
        else:
            self.count.setText(self.tr("{count} villagers").format(count=len(self.rows)))
        self._show_selected()

    def selected(self) -> VillagerView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _show_selected(self) -> None:
        self._show(self.selected())

    def _show(self, v: VillagerView | None, **prefill: str) -> None:
        self.form.show_villager(v, **prefill)
        self.form.set_groups(villagers.village_groups(self.ctx.db) if self.ctx.operator else [])
        self.form_title.setText(self.tr("New villager") if v is None else v.name)
        self.balance.setText(balance_text(v.balance_fen) if v else "")
        entries = (villager_history.history(self.ctx.db, self.ctx.operator, v.id,
                                            villager_history.providers(self.ctx.wiring.rules))
                   if v and self.ctx.operator else [])
        self.history.show_entries(entries)
        self.consent.setText(consent_state(v) if v else "")
        for b in (self.pay_button, self.adjust_button, self.active_button, self.delete_button, self.consent_button):
            b.setEnabled(v is not None)
        self.active_button.setText(self.tr("Reactivate (owner)") if v and not v.active
                                   else self.tr("Deactivate (owner)"))

    def edit_selected(self) -> None:
        if self.selected() is None:
            self.new_villager()
        else:
            self.form.start()

    def new_villager(self) -> None:
        if self.ctx.operator is None:
            return
        text = self.search.text().strip()
        digits = phone_query_digits(text)
        phone = text if ("*" in text or (digits and len(digits) == 11)) else ""
        name = text if text and not phone and digits is None and not is_initials_query(text) else ""
        self.table.clearSelection()
        self._show(None, name=name, phone=phone)
        self.form.start()

    def _saved(self, v: VillagerView) -> None:
        self._say(self.tr("Saved: {name}.").format(name=v.name))
        if not any(r.id == v.id for r in villagers.search(self.ctx.db, self.ctx.operator, self.search.text(),
                                                          include_inactive=self.show_inactive.isChecked())):
            self.search.blockSignals(True)
            self.search.setText(v.name)
            self.search.blockSignals(False)
        self.refresh(select_id=v.id)
        self.focus_search()

    def _say(self, text: str) -> None:
        self.error.clear_error()
        self.message.setText(text)

    def _fail(self, err: BaseException) -> None:
        self.message.clear()
        self.error.show_error(err)

    # delivery consent ---------------------------------------------------------------------------
    def run_dialog(self, dlg) -> bool:
        """Tests replace this to fill the dialog instead of waiting for a person."""
        return bool(dlg.exec())

    def edit_consent(self) -> None:
        v = self.selected()
        if v is None or self.ctx.operator is None:
            return
        dlg = ConsentDialog(self.ctx, v, self)
        if self.run_dialog(dlg) and dlg.recorded is not None:
            self.refresh(select_id=v.id)
            self._say(state_text(dlg.recorded))

    # money on account -------------------------------------------------------------------------
    def record_payment(self) -> None:
        v, op = self.selected(), self.ctx.operator
        if v is None or op is None:
            return
        if not self.ctx.allow_money(self):
            return
        dlg = BalanceDialog(PAYMENT, v, lambda amount, method, note: villagers.record_payment(
            self.ctx.db, op, v.id, amount, method, note), self)
        if dlg.exec():
            self.refresh(select_id=v.id)
            self._say(self.tr("Payment recorded for {name}.").format(name=v.name))

    def adjust_balance(self) -> None:
        v = self.selected()
        if v is None:
            return
        owner = require_owner(self.ctx, self, self.tr("adjust a villager's balance"), "villager.balance")
        if owner is None:
            return
        dlg = BalanceDialog(ADJUSTMENT, v, lambda change, _method, reason: villagers.adjust_balance(
            self.ctx.db, owner, v.id, change, reason), self)
        if dlg.exec():
            self.refresh(select_id=v.id)
            self._say(self.tr("Balance of {name} adjusted.").format(name=v.name))

    # the record (owner) -----------------------------------------------------------------------
    def toggle_active(self) -> None:
        v = self.selected()
        if v is None:
            return
        owner = require_owner(self.ctx, self, self.tr("deactivate or reactivate a villager"), "villager.active")
        if owner is None:
            return
        try:
            villagers.set_active(self.ctx.db, owner, v.id, not v.active)
        except DomainError as e:
            self._fail(e)
            return
        self._say((self.tr("{name} is deactivated.") if v.active else self.tr("{name} is active again."))
                  .format(name=v.name))
        self.refresh(select_id=v.id)

    def delete_selected(self) -> None:
        v = self.selected()
        if v is None:
            return
        owner = require_owner(self.ctx, self, self.tr("delete a villager"), "villager.delete")
        if owner is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete villager"),
            self.tr("Delete {name} from the register? This cannot be undone.").format(name=v.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            villagers.delete(self.ctx.db, owner, v.id)
        except DomainError as e:
            self._fail(e)
            return
        self._say(self.tr("{name} was deleted.").format(name=v.name))
        self.refresh()

    # CSV files (owner) ------------------------------------------------------------------------
    def ask_open_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import villagers"), str(Path.home()),
                                              self.tr("CSV files (*.csv *.txt)"))
        return Path(name) if name else None

    def ask_save_path(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export villagers"), str(Path.home() / "villagers.csv"),
                                              self.tr("CSV files (*.csv)"))
        return Path(name) if name else None

    def import_csv(self, path: Path | None = None) -> None:
        owner = require_owner(self.ctx, self, self.tr("import villagers from a CSV file"), "villager.import")
        if owner is None:
            return
        path = path or self.ask_open_path()
        if path is None:
            return
        path = Path(path)
        try:
            data = villager_csv.read_file(path)
            check = villager_csv.import_villagers(self.ctx.db, owner, data, dry_run=True, source=str(path))
            if check.rejected:
                report = ImportReportDialog(check, path.name, self.ctx.translations.language == "zh_CN", self)
                if not report.exec() or not check.good:
                    self._say(self.tr("Nothing was imported."))
                    return
            elif not check.good:
                self._say(self.tr("{file} has no villagers to import.").format(file=path.name))
                return
            result = villager_csv.import_villagers(self.ctx.db, owner, data, skip_bad_rows=bool(check.rejected),
                                                   source=str(path))
        except DomainError as e:
            self._fail(e)
            return
        if not result.imported:
            self._say(self.tr("Nothing was imported."))
            return
        self._say(self.tr("Imported {count} villagers from {file}.").format(count=result.imported, file=path.name))
        self.refresh()

    def export_csv(self, path: Path | None = None) -> None:
        owner = require_owner(self.ctx, self, self.tr("export the villager register"), "villager.export")
        if owner is None:
            return
        path = path or self.ask_save_path()
        if path is None:
            return
        try:
            count = villager_csv.export_villagers(self.ctx.db, owner, Path(path))
        except DomainError as e:
            self._fail(e)
            return
        self._say(self.tr("Exported {count} villagers to {file}.").format(count=count, file=str(path)))
