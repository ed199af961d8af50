"""The login screen: the PIN field has focus, Enter logs in.

It is shown before the station's records are opened (see pos.app): the partner can type the PIN
while the app loads, and a PIN entered before that is kept and checked as soon as it can be.
So this module loads nothing of the database layer; the services come with ``attach``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.ui.fonts import big_font
from pos.ui.widgets.form_error import FormError
from pos.ui.widgets.pin_edit import PinEdit

if TYPE_CHECKING:
    from pos.ui.context import AppContext


class LoginPage(QWidget):
    logged_in = Signal(object)  # Operator

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self._waiting_pin = ""
        self.approval_notice = None  # the message about wrong owner PINs, while it is shown
        self.station_label = QLabel()
        self.station_label.setFont(big_font(self.font(), 2.0))
        self.station_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt = QLabel(self.tr("Enter your PIN and press Enter"))
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin = PinEdit()
        self.pin.setFont(big_font(self.font(), 2.0, bold=False))
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.setMaximumWidth(320)
        self.pin.returnPressed.connect(self.submit)
        self.error = FormError()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(self.tr("Log in"))
        self.button.setMaximumWidth(320)
        self.button.clicked.connect(self.submit)

        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.station_label)
        lay.addSpacing(24)
        lay.addWidget(self.prompt)
        lay.addWidget(self.pin, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.error)
        lay.addStretch(2)
        self.setFocusProxy(self.pin)

        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self._tick_lock)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext, *, check_waiting: bool = True) -> None:
        """The station's records are open: check a PIN entered while they were loading.

        Digits typed but not yet entered stay in the field.
        """
        self.ctx = ctx
        pin, self._waiting_pin = self._waiting_pin, ""
        self.prompt.setText(self.tr("Enter your PIN and press Enter"))
        self.reset(clear_pin=False)
        if pin and check_waiting:
            self._check(pin)

    def show_upgrading(self) -> None:
        """The records are being upgraded to this version (pos.db.opening): once, maybe minutes."""
        self.prompt.setText(self.tr("Updating the station's records for this version. This happens once and can "
                                    "take a few minutes on a large station: please do not close the program or "
                                    "switch off the computer."))
        self.prompt.setWordWrap(True)

    def set_station_name(self, name: str) -> None:
        self.station_label.setText(name)

    def reset(self, *, clear_pin: bool = True) -> None:
        from pos.services.station import setup as station

        view = station.get_station(self.ctx.db)
        self.set_station_name(view.name if view else "")
        if clear_pin:
            self.pin.clear()
        self.error.clear_error()
        self._tick_lock()
        self.pin.setFocus()

    def submit(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        if not pin:
            return
        if self.ctx is None:
            self._waiting_pin = pin
            self.prompt.setText(self.tr("Opening the station's records, please wait…"))
            return
        self._check(pin)

    def _check(self, pin: str) -> None:
        from pos.services.station.auth import LoginLocked

        try:
            op = self.ctx.auth.login(pin)
        except LoginLocked:
            self._tick_lock()
            return
        except DomainError as e:
            self.error.show_error(e)
            return
        self.error.clear_error()
        self.logged_in.emit(op)
        if op.is_owner:
            self._tell_failed_approvals(op)

    def _tell_failed_approvals(self, owner) -> None:
        """Someone at the counter typed wrong owner PINs since the owner was last here: say
        when and who was logged in, once (not modal for the app: the owner reads and closes)."""
        from PySide6.QtWidgets import QMessageBox

        from pos.ui.time_format import local_text

        failed = self.ctx.auth.take_failed_approvals(owner)
        if not failed:
            return
        lines = [self.tr("{when}: {who} at the counter").format(when=local_text(f.at), who=f.by or "-")
                 for f in failed]
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Wrong owner PINs"),
                          self.tr("Since your last login, wrong owner PINs were typed for an owner approval "
                                  "{count} times:").format(count=len(failed)) + "\n\n" + "\n".join(lines),
                          parent=self.window())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.approval_notice = box
        box.open()

    def _tick_lock(self) -> None:
        left = self.ctx.auth.lock_remaining()
        locked = left > 0
        self.pin.setEnabled(not locked)
        self.button.setEnabled(not locked)
        if locked:
            self.error.show_error(
                self.tr("Too many wrong PINs. Please wait {seconds} seconds.").format(seconds=left)
            )
            if not self._lock_timer.isActive():
                self._lock_timer.start()
        else:
            if self._lock_timer.isActive():
                self._lock_timer.stop()
                self.error.clear_error()
                self.pin.setFocus()
