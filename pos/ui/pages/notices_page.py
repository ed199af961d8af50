"""Arrival notices: pending, sent, failed. Export pending ones as CSV for a bulk-SMS platform,
copy them as text for the village WeChat group, print the pickup list, mark them as sent.

Reached from the check-in page (Ctrl+N) in a dialog; every action has a key.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QHeaderView, QInputDialog, QLabel,
    QPlainTextEdit, QPushButton, QTabBar, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.receipt import Document
from pos.services.parcels import notices, sms_notices
from pos.services.clock import Clock, system_clock
from pos.services.local_days import local_day
from pos.services.parcels.notices import NoticeView
from pos.ui.context import AppContext
from pos.ui.table_filling import filling
from pos.ui.time_format import local_text
from pos.ui.widgets.form_error import FormError

STATUSES = ("pending", "sent", "failed")


def _doc_translate(text: str) -> str:
    return QCoreApplication.translate("parcel_documents", text)


class NoticesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.rules = ctx.wiring.rules
        self.notices: list[NoticeView] = []
        self.last_document: Document | None = None
        self.tabs = QTabBar()
        for _ in STATUSES:
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(lambda _i: self.load())
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Day"), self.tr("Recipient"), self.tr("Phone"),
                                              self.tr("Message"), self.tr("Sent / problem")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.error = FormError()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(140)
        self.text.hide()
        actions = [
            (self.tr("Send by SMS through the modem (Ctrl+M)"), "Ctrl+M", self.send_sms),
            (self.tr("Export CSV for SMS (Ctrl+E)"), "Ctrl+E", self.export_csv),
            (self.tr("Copy WeChat text (Ctrl+T)"), "Ctrl+T", self.copy_wechat),
            (self.tr("Mark as sent (Ctrl+S)"), "Ctrl+S", self.mark_sent),
            (self.tr("Mark as failed (Ctrl+F)"), "Ctrl+F", self.mark_failed),
            (self.tr("Back to pending (Ctrl+R)"), "Ctrl+R", self.back_to_pending),
            (self.tr("Print pickup list (Ctrl+P)"), "Ctrl+P", self.print_pickup_list),
        ]
        # three to a row (sending, marking, printing): in one row the seven made the window 1,400
        # (Chinese) to 1,600 (English) pixels wide, past a 1024 x 768 screen's edge
        row = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for n, (text, key, slot) in enumerate(actions):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b, n // 3, n % 3)
            self.buttons[key] = b
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        hint = QLabel(self.tr("Actions apply to the selected notices, or to all shown when none is selected. "
                              "←/→ switch between pending, sent and failed."))
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(hint)
        lay.addWidget(self.error)
        lay.addWidget(self.info)
        lay.addWidget(self.text)
        if ctx.devices is not None:
            ctx.devices.sms_changed.connect(self._sms_changed)
        self.load()

    # lists -----------------------------------------------------------------------------------------
    @property
    def status(self) -> str:
        return STATUSES[max(0, self.tabs.currentIndex())]

    def load(self) -> None:
        notices.withdraw_left(self.ctx.db, {code: c.name_zh for code, c in self.rules.carriers.items()})
        counts = notices.status_counts(self.ctx.db)
        names = {"pending": self.tr("Pending ({count})"), "sent": self.tr("Sent ({count})"),
                 "failed": self.tr("Failed ({count})")}
        for i, s in enumerate(STATUSES):
            shown = str(counts[s]) if counts[s] <= notices.LIST_LIMIT else f"{notices.LIST_LIMIT}+"
            self.tabs.setTabText(i, names[s].format(count=shown))
        self.notices = notices.list_notices(self.ctx.db, self.status)
        with filling(self.table):
            self.table.setRowCount(len(self.notices))
            for r, n in enumerate(self.notices):
                last = local_text(n.sent_at, "%m-%d %H:%M") if n.sent_at else n.error
                cells = [n.day.isoformat(), n.recipient_name or "-", n.phone or n.phone_key.split("/")[0], n.text, last]
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if c == 3:
                        item.setToolTip(text)  # a long message shares the width left; whole on hover
                    self.table.setItem(r, c, item)
        pending = self.buttons["Ctrl+E"], self.buttons["Ctrl+T"], self.buttons["Ctrl+S"], self.buttons["Ctrl+F"]
        for b in pending:
            b.setEnabled(self.status == "pending")
        # failed ones may go again once the modem is fixed; without a modem there is nothing to press
        has_modem = self.ctx.devices is not None and getattr(self.ctx.devices, "modem", None) is not None
        self.buttons["Ctrl+M"].setEnabled(has_modem and self.status != "sent")
        self.buttons["Ctrl+R"].setEnabled(self.status != "pending")

    def _sms_changed(self) -> None:
        if self.isVisible():
            self.load()

    def chosen(self) -> list[NoticeView]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.notices[r] for r in rows] if rows else list(self.notices)

    def activated(self) -> None:
        self.load()
        self.table.setFocus()

    def _done(self, text: str) -> None:
        self.error.clear_error()
        self.info.setText(text)

    # actions ---------------------------------------------------------------------------------------
    def ask_path(self) -> str:
        folder = self.ctx.paths.root / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        suggested = folder / f"notices-{local_day(self.clock()).isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export notices for bulk SMS"), str(suggested),
                                              self.tr("CSV files (*.csv)"))
        return path

    def export_csv(self) -> None:
        if self.status != "pending":
            return
        path = self.ask_path()
        if not path:
            return
        text, ids, skipped = notices.sms_csv(self.chosen())
        try:
            notices.write_csv(Path(path), text, db=self.ctx.db, operator=self.ctx.operator, rows=len(ids))
        except OSError as e:
            self.error.show_error(self.tr("Cannot write {file}: {problem}").format(file=path, problem=e.strerror or e))
            return
        except DomainError as e:  # the audit entry could not be written: no file was left
            self.error.show_error(e)
            return
        msg = self.tr("{count} notices written to {file}. Mark them as sent once the SMS platform has sent "
                      "them.").format(count=len(ids), file=path)
        if skipped:
            msg += " " + self.tr("{count} notices have no whole phone number: use the WeChat text or the "
                                 "pickup list for them.").format(count=skipped)
        self._done(msg)

    def copy_wechat(self) -> None:
        if self.status != "pending":
            return
        names = {code: c.name_zh for code, c in self.rules.carriers.items()}
        text = notices.wechat_message(self.ctx.db, self.chosen(), local_day(self.clock()), names, _doc_translate)
        QGuiApplication.clipboard().setText(text)
        self.text.setPlainText(text)
        self.text.show()
        self._done(self.tr("The text is copied: paste it into the village WeChat group."))

    def send_sms(self) -> None:
        """The chosen notices into the SMS queue; the modem sends them one by one."""
        if not self.buttons["Ctrl+M"].isEnabled() or not self.notices:
            return
        try:
            done = sms_notices.queue_by_hand(self.ctx.db, self.ctx.operator, self._ids())
        except DomainError as e:
            self.error.show_error(e)
            return
        if self.ctx.devices is not None:
            self.ctx.devices.sms_queued()
        msg = self.tr("{count} notices are queued for the modem; they are marked sent or failed as it "
                      "sends them.").format(count=done.queued)
        if done.opted_out:
            msg += " " + self.tr("{count} villagers asked for no SMS: left out.").format(count=done.opted_out)
        if done.no_phone:
            msg += " " + self.tr("{count} notices have no whole phone number: use the WeChat text or the "
                                 "pickup list for them.").format(count=done.no_phone)
        self._done(msg)

    def _ids(self) -> list[uuid.UUID]:
        return [n.id for n in self.chosen()]

    def mark_sent(self) -> None:
        if self.status != "pending":
            return
        n = notices.mark_sent(self.ctx.db, self.ctx.operator, self.clock, self._ids())
        self.load()
        self._done(self.tr("{count} notices marked as sent.").format(count=n))

    def ask_reason(self) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Notice not sent"), self.tr("Why could it not be sent?"))
        return text if ok else None

    def mark_failed(self) -> None:
        if self.status != "pending" or not self.notices:
            return
        reason = self.ask_reason()
        if reason is None:
            return
        try:
            n = notices.mark_failed(self.ctx.db, self.ctx.operator, self.clock, self._ids(), reason)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.load()
        self._done(self.tr("{count} notices marked as failed.").format(count=n))

    def back_to_pending(self) -> None:
        if self.status == "pending":
            return
        n = notices.back_to_pending(self.ctx.db, self.ctx.operator, self.clock, self._ids())
        self.load()
        self._done(self.tr("{count} notices are pending again.").format(count=n))

    def print_pickup_list(self) -> None:
        names = {code: (c.name_zh if self.ctx.translations.language == "zh_CN" else c.name_en)
                 for code, c in self.rules.carriers.items()}
        self.last_document, people = notices.pickup_list(self.ctx.db, names, local_day(self.clock()), _doc_translate)
        if self.ctx.devices is None:
            self.error.show_error(self.tr("No printer is set up; set one up in Settings."))
            return
        self.ctx.devices.print_document(self.last_document, "pickup_list", local_day(self.clock()).isoformat())
        self._done(self.tr("Pickup list sent to the printer: {count} people.").format(count=people))


class NoticesDialog(QDialog):
    """The notices page in a window of its own, over the check-in page; Esc closes it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Notices"))
        self.resize(960, 600)
        self.page = NoticesPage(ctx, self, clock=clock)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close (Esc)"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.page)
        lay.addWidget(buttons)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.page.activated()

