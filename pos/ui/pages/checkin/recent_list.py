"""Tables of the check-in page: today's last check-ins, and parcels awaiting a phone number."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QStyle, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from pos.domain.carriers import RuleSet
from pos.services.parcels.checkin import ParcelView
from pos.ui.fonts import big_font
from pos.ui.pages.checkin.pickers import carrier_name
from pos.ui.pages.parcels_admin.labels import status_text, statuses as label_statuses
from pos.ui.time_format import local_text


CARRIER_SAMPLES = ["中通快递", "极兔速递", "JD Logistics", "ZTO Express"]


class _ParcelTable(QTableWidget):
    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        # fixed widths: sizing columns to their contents redoes every row on each change, which a
        # burst of batch scans into a long table cannot afford
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultSectionSize(130)
        self.horizontalHeader().setStretchLastSection(True)
        self.parcels: list[ParcelView] = []

    def fit_columns(self, samples: dict[int, list[str]]) -> None:
        """Each column as wide as its header or the widest sample (measured once, not per row):
        every column in view on a 1024 px screen, no sideways scrolling for the waybill."""
        self.ensurePolished()
        fm = self.fontMetrics()
        head = self.horizontalHeader().fontMetrics()
        style = self.style()
        pad = max(2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self),
                  2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 2)) + 2

        for c in samples:
            header = self.horizontalHeaderItem(c).text()
            widest = max([head.horizontalAdvance(header)] + [fm.horizontalAdvance(t) for t in samples[c]])
            self.setColumnWidth(c, widest + pad)

    def _fill(self, parcels: Sequence[ParcelView], rows: list[list[str]]) -> None:
        self.parcels = list(parcels)
        self.setUpdatesEnabled(False)
        self.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            self._set_row(r, cells)
        self.setUpdatesEnabled(True)

    def _set_row(self, r: int, cells: list[str]) -> None:
        for c, text in enumerate(cells):
            self.setItem(r, c, QTableWidgetItem(text))

    def selected(self) -> ParcelView | None:
        row = self.currentRow()
        return self.parcels[row] if 0 <= row < len(self.parcels) else None


class RecentTable(_ParcelTable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([self.tr("Time"), self.tr("Pickup code"), self.tr("Carrier"), self.tr("Phone"),
                          self.tr("Name"), self.tr("Status"), self.tr("Waybill")], parent)
        # today's check-ins: a parcel returned to its courier the same day is rare enough to elide
        statuses = [text for s, text in label_statuses() if s != "returned"]
        self.fit_columns(dict(enumerate([["00:00"], ["A-10-0099"], CARRIER_SAMPLES, ["138****5678"], ["欧阳建国"],
                                         statuses, ["JDVB12716854787"]])))
        # the name gives way when the screen is narrow, never the waybill at the end
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def show_parcels(self, parcels: Sequence[ParcelView], rules: RuleSet, lang: str) -> None:
        self._fill(parcels, [self._cells(p, rules, lang) for p in parcels])

    def prepend(self, p: ParcelView, rules: RuleSet, lang: str, limit: int) -> None:
        """The newest check-in on top and the oldest row beyond ``limit`` gone: one row written
        instead of the whole list."""
        self.parcels.insert(0, p)
        self.insertRow(0)
        self._set_row(0, self._cells(p, rules, lang))
        while len(self.parcels) > limit:
            self.parcels.pop()
            self.removeRow(len(self.parcels))

    def replace(self, p: ParcelView, rules: RuleSet, lang: str) -> None:
        """A listed parcel changed (an awaiting one got its phone); one not listed is left out."""
        row = next((i for i, x in enumerate(self.parcels) if x.id == p.id), None)
        if row is not None:
            self.parcels[row] = p
            self._set_row(row, self._cells(p, rules, lang))

    @staticmethod
    def _cells(p: ParcelView, rules: RuleSet, lang: str) -> list[str]:
        return [local_text(p.checked_in_at, "%H:%M"),  # minutes: seconds cost the name its room
                p.pickup_code or "-", carrier_name(rules, p.carrier, lang),
                p.phone_display or "-", p.recipient_name, status_text(p.status), p.waybill]


class AwaitingTable(_ParcelTable):
    """Batch-scanned parcels without a phone yet; Enter on a row starts entering its phone."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([self.tr("Scanned"), self.tr("Carrier"), self.tr("Waybill")], parent)
        self.fit_columns(dict(enumerate([["12-31 00:00"], CARRIER_SAMPLES, ["JDVB12716854787"]])))
        self.itemActivated.connect(lambda _item: self._choose())

    def show_parcels(self, parcels: Sequence[ParcelView], rules: RuleSet, lang: str) -> None:
        self._fill(parcels, [self._cells(p, rules, lang) for p in parcels])

    def remove(self, parcel_id) -> None:
        """A parcel got its phone: its row goes, without reloading the list."""
        row = next((i for i, p in enumerate(self.parcels) if p.id == parcel_id), None)
        if row is not None:
            del self.parcels[row]
            self.removeRow(row)

    def append(self, p: ParcelView, rules: RuleSet, lang: str) -> None:
        """One more batch scan: a row at the end, without reloading the list."""
        self.parcels.append(p)
        self.setRowCount(len(self.parcels))
        self._set_row(len(self.parcels) - 1, self._cells(p, rules, lang))

    @staticmethod
    def _cells(p: ParcelView, rules: RuleSet, lang: str) -> list[str]:
        return [local_text(p.checked_in_at, "%m-%d %H:%M"), carrier_name(rules, p.carrier, lang), p.waybill]

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose()
            return
        super().keyPressEvent(event)

    def _choose(self) -> None:
        p = self.selected()
        if p is not None:
            self.chosen.emit(p)


class ResultPanel(QWidget):
    """The last pickup code in large type, today's last check-ins and the parcels awaiting a phone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = QLabel()
        self.code.setFont(big_font(self.font(), 3.5))
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_details = QLabel()
        self.code_details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_details.setFont(big_font(self.font(), 1.2, bold=False))
        self.hint = QLabel(self.tr("Scan the next parcel's waybill"))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setFont(big_font(self.font(), 1.5, bold=False))
        self.hint.setEnabled(False)  # greyed: a prompt, not a result
        # shown by the page where the recipient form comes (pages/checkin/checkin_page.py)
        self.code_box = QWidget()
        box = QVBoxLayout(self.code_box)
        box.addStretch(1)
        for w in (self.code, self.code_details, self.hint):
            box.addWidget(w)
        box.addStretch(1)
        self.queued = QLabel()
        self.recent = RecentTable()
        self.undo_button = QPushButton(self.tr("Undo last check-in (Ctrl+Z)"))
        self.reprint_button = QPushButton(self.tr("Print label again (Ctrl+P)"))
        self.awaiting_label = QLabel()
        self.awaiting = AwaitingTable()
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.reprint_button)
        buttons.addStretch(1)
        buttons.addWidget(self.queued)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(self.tr("Last check-ins today")))
        lay.addWidget(self.recent, 2)
        lay.addLayout(buttons)
        lay.addWidget(self.awaiting_label)
        lay.addWidget(self.awaiting, 1)
        self.show_code("", "")

    def fit_carriers(self, names: list[str]) -> None:
        """The carrier columns as wide as the station's longest carrier name."""
        self.recent.fit_columns({2: names})
        self.awaiting.fit_columns({1: names})

    def show_code(self, code: str, details: str) -> None:
        self.code.setText(code)
        self.code_details.setText(details)
        self.code.setVisible(bool(code))
        self.code_details.setVisible(bool(code))
        self.hint.setVisible(not code)

    def show_queue(self, waiting: int) -> None:
        self.queued.setText(self.tr("{count} scans waiting").format(count=waiting) if waiting else "")

    def show_recent(self, recent: Sequence[ParcelView], rules: RuleSet, lang: str) -> None:
        self.recent.show_parcels(recent, rules, lang)
        self.undo_button.setEnabled(bool(recent))

    def add_recent(self, p: ParcelView, rules: RuleSet, lang: str, limit: int) -> None:
        self.recent.prepend(p, rules, lang, limit)
        self.undo_button.setEnabled(True)

    def show_awaiting(self, awaiting_count: int, awaiting: Sequence[ParcelView] | ParcelView | uuid.UUID | None,
                      rules: RuleSet, lang: str) -> None:
        """``awaiting``: the whole list, the one parcel a batch scan just added to it, the id of
        the one that got its phone (its row goes), or None (the list is unchanged)."""
        if awaiting is None:
            pass
        elif isinstance(awaiting, ParcelView):
            self.awaiting.append(awaiting, rules, lang)
        elif isinstance(awaiting, uuid.UUID):
            self.awaiting.remove(awaiting)
        else:
            self.awaiting.show_parcels(awaiting, rules, lang)
        self.awaiting_label.setText(self.tr("Awaiting phone: {count} (Ctrl+G, then Enter on a parcel)")
                                    .format(count=awaiting_count) if awaiting_count else "")
        self.awaiting.setVisible(bool(awaiting_count))
