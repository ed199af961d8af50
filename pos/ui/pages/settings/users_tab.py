"""Settings: the owner adds assistants, changes PINs and deactivates users."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.users import Role, UserView
from pos.ui.context import AppContext
from pos.ui.messages import show_error
from pos.ui.owner_approval import require_owner
from pos.ui.pages.settings.user_dialog import UserDialog


class UsersTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add = QPushButton(self.tr("Add assistant…"))
        self.change_pin = QPushButton(self.tr("Change PIN…"))
        self.toggle = QPushButton(self.tr("Deactivate / reactivate"))
        self.add.clicked.connect(self.add_assistant)
        self.change_pin.clicked.connect(self.change_selected_pin)
        self.toggle.clicked.connect(self.toggle_selected)
        buttons = QHBoxLayout()
        for b in (self.add, self.change_pin, self.toggle):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        self._users: list[UserView] = []
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.load()

    def load(self) -> None:
        self._users = self.ctx.auth.users()
        self.table.setRowCount(len(self._users))
        for row, u in enumerate(self._users):
            role = self.tr("Owner") if u.role is Role.OWNER else self.tr("Assistant")
            status = self.tr("Active") if u.active else self.tr("Deactivated")
            for col, text in enumerate((u.name, role, status)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if self._users:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self._users[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        u = self.selected()
        self.change_pin.setEnabled(u is not None)
        self.toggle.setEnabled(u is not None and u.role is not Role.OWNER)
        if u is not None and u.role is not Role.OWNER:
            self.toggle.setText(self.tr("Reactivate") if not u.active else self.tr("Deactivate"))

    def add_assistant(self) -> None:
        owner = require_owner(self.ctx, self, self.tr("add an assistant"), "user.add")
        if owner is None:
            return
        dlg = UserDialog(self.tr("Add assistant"), parent=self)
        dlg.on_submit = lambda name, pin: self.ctx.auth.add_assistant(owner, name, pin)
        if dlg.exec():
            self.load()

    def change_selected_pin(self) -> None:
        u = self.selected()
        if u is None:
            return
        owner = require_owner(self.ctx, self, self.tr("change a PIN"), "user.pin")
        if owner is None:
            return
        dlg = UserDialog(self.tr("New PIN for {name}").format(name=u.name), name=u.name, parent=self,
                         owner=u.role is Role.OWNER)
        dlg.on_submit = lambda _name, pin: self.ctx.auth.change_pin(owner, u.id, pin)
        dlg.exec()

    def toggle_selected(self) -> None:
        u = self.selected()
        if u is None:
            return
        owner = require_owner(self.ctx, self, self.tr("deactivate or reactivate a user"), "user.active")
        if owner is None:
            return
        try:
            self.ctx.auth.set_active(owner, u.id, not u.active)
        except DomainError as e:
            show_error(self, e)
        self.load()
