"""Scanner, printer and cash drawer settings, the test print, and the print queue.

Embedded in the Settings page. Every action returns at once: Save stores and re-applies,
Test print and Reprint queue a job, the queue list refreshes when the hub says it changed.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.domain.devices.config import DeviceConfig
from pos.domain.errors import DomainError
from pos.domain.users import Operator
from pos.i18n import error_text
from pos.services.hardware import device_settings, printing
from pos.services.ports import Devices

ENCODING_CHOICES = (("gb18030", "GB18030"), ("gbk", "GBK"), ("big5", "Big5"), ("utf-8", "UTF-8"))


class DeviceSettingsPanel(QWidget):
    def __init__(
        self,
        db,
        hub: Devices,
        require_owner: Callable[[str], Operator | None],
        audit: Callable[[str, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._hub = hub
        self._require_owner = require_owner
        self._audit = audit
        self._build()
        self.load()
        self.refresh_jobs()
        hub.jobs_changed.connect(self.refresh_jobs)
        self._printer_state.setText(hub.printer_status_text)  # as the status bar says it, not blank
        hub.printer_status.connect(self._printer_state.setText)
        hub.scanner_status.connect(self._scanner_state.setText)

    # layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.scanner_spec = QLineEdit()
        self.scanner_spec.setPlaceholderText(self.tr("wedge, or serial:/dev/ttyACM0@9600, serial:COM3"))
        self.wedge_gap = QSpinBox()
        self.wedge_gap.setRange(5, 500)
        self.wedge_gap.setSuffix(self.tr(" ms"))
        self.wedge_min = QSpinBox()
        self.wedge_min.setRange(2, 100)
        self._scanner_state = QLabel()
        scanner_box = QGroupBox(self.tr("Scanner"))
        form = QFormLayout(scanner_box)
        form.addRow(self.tr("&Scanner:"), self.scanner_spec)
        form.addRow(self.tr("Max. &gap between keys:"), self.wedge_gap)
        form.addRow(self.tr("Min. scan &length:"), self.wedge_min)
        form.addRow(self.tr("Status:"), self._scanner_state)

        self.printer_spec = QLineEdit()
        self.printer_spec.setPlaceholderText(
            self.tr("preview, file:/dev/usb/lp0, usb:0416:5011, serial:COM3, net:192.168.1.50, win32:POS-58, cups:POS58")
        )
        self.paper = QComboBox()
        self.paper.addItem(self.tr("58 mm (32 columns)"), 58)
        self.paper.addItem(self.tr("80 mm (48 columns)"), 80)
        self.profile = QComboBox()
        self.profile.addItems(device_settings.profile_names())
        self.encoding = QComboBox()
        for value, label in ENCODING_CHOICES:
            self.encoding.addItem(label, value)
        self.image_mode = QCheckBox(self.tr("Print text as &images (printer has no Chinese font)"))
        self.drawer_pin = QComboBox()
        self.drawer_pin.addItem(self.tr("Pin 2"), 2)
        self.drawer_pin.addItem(self.tr("Pin 5"), 5)
        self.kick_on_cash = QCheckBox(self.tr("Open the drawer on &cash sales"))
        self._printer_state = QLabel()
        printer_box = QGroupBox(self.tr("Receipt printer and cash drawer"))
        form = QFormLayout(printer_box)
        form.addRow(self.tr("&Printer:"), self.printer_spec)
        form.addRow(self.tr("Pape&r:"), self.paper)
        form.addRow(self.tr("Pr&ofile:"), self.profile)
        form.addRow(self.tr("&Encoding:"), self.encoding)
        form.addRow("", self.image_mode)
        form.addRow(self.tr("&Drawer pin:"), self.drawer_pin)
        form.addRow("", self.kick_on_cash)
        form.addRow(self.tr("Status:"), self._printer_state)

        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Sa&ve"))
        self.test_button = QPushButton(self.tr("&Test print"))
        self.drawer_button = QPushButton(self.tr("Open dra&wer (owner)"))
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.test_print)
        self.drawer_button.clicked.connect(self.open_drawer)
        actions = QHBoxLayout()
        for b in (self.save_button, self.test_button, self.drawer_button):
            actions.addWidget(b)
        actions.addStretch(1)

        self.jobs = QTableWidget(0, 7)
        self.jobs.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Kind"), self.tr("Reference"), self.tr("Status"),
             self.tr("Tries"), self.tr("Last error"), self.tr("Counter")]
        )
        self.jobs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.jobs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.jobs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.jobs.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        # five jobs in view: the queue is what the partner comes here to read
        self.jobs.setMinimumHeight(self.jobs.horizontalHeader().sizeHint().height()
                                   + 5 * self.jobs.verticalHeader().defaultSectionSize() + 4)
        self.jobs.itemSelectionChanged.connect(self._update_job_buttons)
        self.retry_button = QPushButton(self.tr("&Retry"))
        self.reprint_button = QPushButton(self.tr("Re&print"))
        self.mark_button = QPushButton(self.tr("&Mark as printed"))
        self.retry_button.clicked.connect(self.retry_selected)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.mark_button.clicked.connect(self.mark_selected)
        queue_buttons = QHBoxLayout()
        for b in (self.retry_button, self.reprint_button, self.mark_button):
            queue_buttons.addWidget(b)
        queue_buttons.addStretch(1)
        queue_box = QGroupBox(self.tr("Print queue"))
        qlay = QVBoxLayout(queue_box)
        qlay.addWidget(self.jobs)
        qlay.addLayout(queue_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(scanner_box)
        layout.addWidget(printer_box)
        layout.addWidget(self.error)
        layout.addLayout(actions)
        layout.addWidget(queue_box, 1)
        self._update_job_buttons()

    # settings ------------------------------------------------------------------------------
    def load(self) -> None:
        cfg = self._hub.config
        self.scanner_spec.setText(cfg.scanner)
        self.wedge_gap.setValue(cfg.wedge_gap_ms)
        self.wedge_min.setValue(cfg.wedge_min_length)
        self.printer_spec.setText(cfg.printer)
        self.paper.setCurrentIndex(max(0, self.paper.findData(cfg.paper_mm)))
        self.profile.setCurrentText(cfg.profile)
        self.encoding.setCurrentIndex(max(0, self.encoding.findData(cfg.encoding)))
        self.image_mode.setChecked(cfg.image_mode)
        self.drawer_pin.setCurrentIndex(max(0, self.drawer_pin.findData(cfg.drawer_pin)))
        self.kick_on_cash.setChecked(cfg.kick_drawer_on_cash)

    def config(self) -> DeviceConfig:
        # the scale, modem and voice are on their own tab: kept as they are
        return replace(
            self._hub.config,
            scanner=self.scanner_spec.text().strip(),
            wedge_gap_ms=self.wedge_gap.value(),
            wedge_min_length=self.wedge_min.value(),
            printer=self.printer_spec.text().strip(),
            paper_mm=self.paper.currentData(),
            profile=self.profile.currentText(),
            encoding=self.encoding.currentData(),
            image_mode=self.image_mode.isChecked(),
            drawer_pin=self.drawer_pin.currentData(),
            kick_drawer_on_cash=self.kick_on_cash.isChecked(),
        )

    def save(self) -> bool:
        cfg = self.config()
        try:
            device_settings.validate(cfg)  # a typing mistake is shown before the owner is asked
            owner = self._require_owner(self.tr("Change the printer and scanner settings"))
            if owner is None:
                return False
            device_settings.save_settings(self._db, owner, cfg)
        except DomainError as err:
            self.error.setText(error_text(err))
            field = {"scanner": self.scanner_spec, "printer": self.printer_spec}.get(getattr(err, "field", ""))
            if field is not None:
                field.setFocus()
                field.selectAll()
            return False
        self.error.setText("")
        self._hub.apply_settings()
        return True

    # actions -------------------------------------------------------------------------------
    def test_print(self) -> None:
        self._hub.test_print()

    def open_drawer(self) -> None:
        self._hub.open_drawer_without_sale(self._require_owner, self._audit)

    def _selected_id(self) -> uuid.UUID | None:
        rows = self.jobs.selectionModel().selectedRows() if self.jobs.selectionModel() else []
        if not rows:
            return None
        return self.jobs.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def _selected_status(self) -> str | None:
        rows = self.jobs.selectionModel().selectedRows() if self.jobs.selectionModel() else []
        return self.jobs.item(rows[0].row(), 3).data(Qt.ItemDataRole.UserRole) if rows else None

    def retry_selected(self) -> None:
        job_id = self._selected_id()
        if job_id is not None:
            self._hub.retry(job_id)

    def reprint_selected(self) -> None:
        job_id = self._selected_id()
        if job_id is None:
            return
        rows = self.jobs.selectionModel().selectedRows()
        cell = self.jobs.item(rows[0].row(), 6)
        origin = cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None
        at_original = False
        if origin is not None and origin != getattr(self._db, "counter_id", None):
            # another counter printed it: the villager may be standing at either one
            answer = self.ask_where(cell.text())
            if answer is None:
                return
            at_original = answer
        self._hub.reprint(job_id, at_original)

    def ask_where(self, counter_name: str) -> bool | None:
        """True: print at the counter that printed it; False: here; None: do not print."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Where to print?"),
                          self.tr("Counter {name} printed this. Print it again here, or at {name}?").format(
                              name=counter_name), parent=self)
        here = box.addButton(self.tr("&Here"), QMessageBox.ButtonRole.AcceptRole)
        there = box.addButton(self.tr("&At {name}").format(name=counter_name), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(here)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is there else False if clicked is here else None

    def mark_selected(self) -> None:
        job_id = self._selected_id()
        if job_id is not None:
            self._hub.mark_printed(job_id)

    def _update_job_buttons(self) -> None:
        status = self._selected_status()
        self.retry_button.setEnabled(status in ("pending", "uncertain", "failed"))
        self.reprint_button.setEnabled(status is not None)
        self.mark_button.setEnabled(status == "uncertain")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh_jobs()

    def refresh_jobs(self) -> None:
        # the queue changes with every receipt: rebuilding a hidden 200-row table each time cost
        # every check-in tens of milliseconds; the table is refreshed when it is shown instead
        if not self.isVisible():
            return
        keep = self._selected_id()
        jobs = printing.list_jobs(self._db, limit=200)
        self.jobs.setRowCount(len(jobs))
        for row, j in enumerate(jobs):
            when = j.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            cells = [
                when, kind_text(j.kind), j.reference, status_text(j.status), str(j.attempts),
                QCoreApplication.translate("errors", j.last_error) if j.last_error else "",
                j.counter_name,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, j.id)
                if col == 6:
                    item.setData(Qt.ItemDataRole.UserRole, j.counter_id)
                if col == 3:
                    item.setData(Qt.ItemDataRole.UserRole, j.status)
                self.jobs.setItem(row, col, item)
            if j.id == keep:
                self.jobs.selectRow(row)
        self._update_job_buttons()


def status_text(status: str) -> str:
    t = {
        "pending": QCoreApplication.translate("devices", "waiting"),
        "sending": QCoreApplication.translate("devices", "printing"),
        "printed": QCoreApplication.translate("devices", "printed"),
        "uncertain": QCoreApplication.translate("devices", "check paper: printed or not?"),
        "failed": QCoreApplication.translate("devices", "cannot print"),
    }
    return t.get(status, status)


def kind_text(kind: str) -> str:
    t = {
        "receipt": QCoreApplication.translate("devices", "receipt"),
        "test": QCoreApplication.translate("devices", "test page"),
        "drawer": QCoreApplication.translate("devices", "open drawer"),
    }
    return t.get(kind, kind)
