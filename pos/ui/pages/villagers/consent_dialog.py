"""A villager's consent to delivery to the door: the dated log, and a new entry (given or
withdrawn, on which day, how). Reached from the Villagers page with Ctrl+D."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.domain.errors import DomainError
from pos.services.clock import Clock, system_clock
from pos.services.villagers import consent
from pos.services.villagers.register import VillagerView
from pos.ui.fonts import big_font
from pos.ui.widgets.form_error import FormError


def how_text(how: str) -> str:
    return QCoreApplication.translate("villagers", consent.HOW_LABELS.get(how, how))


def state_text(entry: consent.ConsentEntry | None) -> str:
    t = QCoreApplication.translate
    if entry is None:
        return t("villagers", "Delivery to the door: no consent recorded")
    day = entry.at.astimezone().date().isoformat()
    if entry.given:
        return t("villagers", "Delivery to the door: agreed on {date}").format(date=day)
    return t("villagers", "Delivery to the door: consent withdrawn on {date}").format(date=day)


class ConsentDialog(QDialog):
    def __init__(self, ctx, villager: VillagerView, parent: QWidget | None = None,
                 clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.villager = villager
        self.clock = clock
        self.recorded: consent.ConsentEntry | None = None
        self.setWindowTitle(self.tr("Delivery consent: {name}").format(name=villager.name))
        entries = consent.history(ctx.db, villager.id)
        self.state = QLabel(state_text(entries[0] if entries else None))
        self.state.setFont(big_font(self.font(), 1.3))
        self.log = QTableWidget(len(entries), 5)
        self.log.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Consent"), self.tr("How"),
                                            self.tr("Recorded by"), self.tr("Note")])
        self.log.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.log.horizontalHeader().setStretchLastSection(True)
        for row, e in enumerate(entries):
            texts = (e.at.astimezone().date().isoformat(), self.tr("Given") if e.given else self.tr("Withdrawn"),
                     how_text(e.how), e.recorded_by, e.note)
            for col, text in enumerate(texts):
                self.log.setItem(row, col, QTableWidgetItem(text))
        self.given = QComboBox()
        self.given.addItem(self.tr("Gives consent"), True)
        self.given.addItem(self.tr("Withdraws consent"), False)
        if entries and entries[0].given:
            self.given.setCurrentIndex(1)  # the likely next entry is the other one
        self.how = QComboBox()
        for how in consent.HOW:
            self.how.addItem(how_text(how), how)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = clock().astimezone().date()
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))  # given, not planned
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("for example: form kept in the blue folder"))
        self.note.returnPressed.connect(self.submit)
        form = QFormLayout()
        form.addRow(self.tr("&New entry"), self.given)
        form.addRow(self.tr("&How"), self.how)
        form.addRow(self.tr("&Date"), self.day)
        form.addRow(self.tr("N&ote"), self.note)
        self.error = FormError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.state)
        lay.addWidget(self.log, 1)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(640, 420)
        self.given.setFocus()

    def _at(self) -> dt.datetime:
        day = self.day.date().toPython()
        now = self.clock()
        if day == now.astimezone().date():
            return now
        # an earlier day: noon local time, so the date reads the same in any report
        return dt.datetime.combine(day, QTime(12, 0).toPython()).astimezone()

    def submit(self) -> None:
        try:
            self.recorded = consent.record(self.ctx.db, self.ctx.operator, self.villager.id,
                                           bool(self.given.currentData()), self.how.currentData(), self._at(),
                                           self.note.text(), self.clock)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.accept()
