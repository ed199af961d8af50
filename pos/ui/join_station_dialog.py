"""First start on a second counter: join the station on the main PC with the address and the
one-time code its Settings → 多柜台 shows (what `village-pos pair ADDRESS CODE` does).

The code is claimed off the GUI thread (the main PC may take seconds to answer, or not at all);
the address is saved in this PC's data folder only once the claim succeeded and while this
dialog is still open, so a partner who pressed Esc never finds the counter paired behind them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.server.names import DEFAULT_PORT
from pos.ui.backup_job import BackgroundJob
from pos.ui.widgets.form_error import FormError


class JoinStationDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.url: str | None = None
        self.job: BackgroundJob | None = None
        self.setWindowTitle(self.tr("Join an existing station"))
        how = QLabel(self.tr(
            "This PC becomes another counter of the station on the main PC: parcels, villagers, stock "
            "and numbers are shared. On the main PC, open Settings → Several counters and press "
            "\"Show a pairing code\": type the address and the code it shows. A code works once, for "
            "30 minutes."))
        how.setWordWrap(True)
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("e.g. 192.168.1.10:{port}").format(port=DEFAULT_PORT))
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("e.g. K7QM-4XPA"))
        form = QFormLayout()
        form.addRow(self.tr("Main PC's &address"), self.address)
        form.addRow(self.tr("Pairing &code"), self.code)
        self.progress = QLabel()
        self.progress.hide()
        self.error = FormError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.join_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.join_button.setText(self.tr("Join (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (Esc)"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(how)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(520)
        self.address.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Enter in the address goes on to the code (the dialog's default button would join with
        # no code yet); Enter anywhere else joins
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            if self.focusWidget() is self.address:
                self.code.setFocus()
            else:
                self.submit()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        if self.job is not None:
            return  # already asking the main PC
        from pos.server.pairing import claim

        self.error.clear_error()
        if not self.address.text().strip():
            self.error.show_error(self.tr("Type the main PC's address, as it shows it."))
            self.address.setFocus()
            return
        address, code = self.address.text(), self.code.text()
        self._busy(True)
        self.job = BackgroundJob(lambda: claim(address, code, default_port=DEFAULT_PORT))
        self.job.finished.connect(self._claimed)
        self.job.failed.connect(self._failed)
        self.job.start()

    def _busy(self, busy: bool) -> None:
        self.progress.setText(self.tr("Asking the main PC…"))
        self.progress.setVisible(busy)
        for w in (self.address, self.code, self.join_button):
            w.setEnabled(not busy)

    def _claimed(self, url: str) -> None:
        from pos.server.saved_url import save_url

        self.job = None
        if not self.isVisible():  # given up on (Esc) while the main PC answered
            return
        try:
            save_url(self.data_dir, url)
        except OSError as e:
            self._busy(False)
            self.error.show_error(self.tr("The address cannot be saved in {folder}: {reason}").format(
                folder=str(self.data_dir), reason=e.strerror or e))
            return
        self.url = url
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.job = None
        self._busy(False)
        self.error.show_error(error)
        target = self.address if "address" in str(getattr(error, "message", "")) else self.code
        target.setFocus()
        target.selectAll()
