"""Settings: the station's name, address and phone (owner only)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.domain.station import StationDetails
from pos.services.station import setup as station
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner
from pos.ui.widgets.form_error import FormError


class StationTab(QWidget):
    station_changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.name = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("Station name"), self.name)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Station phone"), self.phone)
        self.error = FormError()
        self.saved = QLabel()
        self.save = QPushButton(self.tr("Save station details"))
        self.save.clicked.connect(self.submit)
        for e in (self.name, self.address, self.phone):
            e.returnPressed.connect(self.submit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.saved)
        lay.addWidget(self.save)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        view = station.get_station(self.ctx.db)
        if view:
            self.name.setText(view.name)
            self.address.setText(view.address)
            self.phone.setText(view.phone)
        self.error.clear_error()
        self.saved.clear()

    def submit(self) -> None:
        self.error.clear_error()
        self.saved.clear()
        owner = require_owner(self.ctx, self, self.tr("change the station's details"), "station.update")
        if owner is None:
            return
        try:
            view = station.update_station(
                self.ctx.db, owner, StationDetails(self.name.text(), self.address.text(), self.phone.text())
            )
        except DomainError as e:
            self.error.show_error(e)
            return
        self.saved.setText(self.tr("Saved."))
        self.station_changed.emit(view.name)
