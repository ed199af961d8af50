"""First start: the station set-up form (station details and the owner's PIN), or, on a second
counter, joining the station that runs on the main PC (pos.ui.join_station_dialog)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.domain.errors import DomainError, ValidationError
from pos.domain.station import StationDetails
from pos.domain.users import Operator
from pos.services.station import setup as station
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.widgets.form_error import FormError
from pos.ui.widgets.pin_edit import PinEdit


class SetupPage(QWidget):
    """Keyboard only: Tab between fields, Enter in any field creates the station."""

    station_created = Signal(object)  # the owner Operator
    joined = Signal()  # this PC is now a counter of the main PC's station: the app starts again

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(self.tr("Welcome! Let's set up your service station"))
        title.setFont(big_font(self.font(), 1.6))
        hint = QLabel(self.tr("You only do this once. Fields marked * are required."))
        hint.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Qingshui Village Service Station"))
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.owner = QLineEdit()
        self.pin = PinEdit()
        self.pin_again = PinEdit()
        # the owner's PIN opens everything: 6 digits are a million guesses instead of ten thousand
        self.pin.setPlaceholderText(self.tr("6 digits suggested (4 to 8)"))

        form = QFormLayout()
        form.addRow(self.tr("Station name *"), self.name)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Station phone"), self.phone)
        form.addRow(self.tr("Owner's name *"), self.owner)
        form.addRow(self.tr("Owner's PIN *"), self.pin)
        form.addRow(self.tr("PIN again *"), self.pin_again)

        self.error = FormError()
        self.create = QPushButton(self.tr("Create station (Enter)"))
        self.create.setDefault(True)
        self.create.clicked.connect(self.submit)
        for edit in (self.name, self.address, self.phone, self.owner, self.pin, self.pin_again):
            edit.returnPressed.connect(self.submit)
        # a second PC of a busy station joins the one on the main PC instead of making its own
        self.join = QPushButton(self.tr("&Join an existing station (second counter)…"))
        self.join.setAutoDefault(False)
        self.join.clicked.connect(self.join_station)
        self.join_dialog: QDialog | None = None  # tests answer it
        actions = QHBoxLayout()
        actions.addWidget(self.create, 1)
        actions.addWidget(self.join)

        box = QWidget()
        box.setMaximumWidth(640)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addWidget(hint)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addLayout(actions)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.setFocusProxy(self.name)

    def submit(self) -> None:
        self.error.clear_error()
        if self.pin.text() != self.pin_again.text():
            self.error.show_error(self.tr("The two PINs are not the same."))
            self.pin_again.clear()
            self.pin_again.setFocus()
            return
        try:
            owner: Operator = station.set_up_station(
                self.ctx.db,
                StationDetails(self.name.text(), self.address.text(), self.phone.text()),
                self.owner.text(),
                self.pin.text(),
            )
        except DomainError as e:
            self.error.show_error(e)
            self._focus_field(e)
            return
        self.station_created.emit(owner)

    def join_station(self) -> None:
        from pos.ui.join_station_dialog import JoinStationDialog

        self.join_dialog = JoinStationDialog(self.ctx.paths.root, self)
        if self.join_dialog.exec() == QDialog.DialogCode.Accepted:
            self.joined.emit()

    def _focus_field(self, e: DomainError) -> None:
        field = e.field if isinstance(e, ValidationError) else None
        target = {"name": self.name, "address": self.address, "phone": self.phone,
                  "owner_name": self.owner, "pin": self.pin}.get(field or "")
        if target is not None:
            target.setFocus()
            target.selectAll()
