"""The sending page's other two tabs: the courier's collection (揽收) onto a handover list, and
the search of outgoing parcels by text and state."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QTableWidget, QVBoxLayout, QWidget

from pos.services.sending import handover as ho
from pos.services.sending import parcels as sending
from pos.services.sending.handover import HandoverView
from pos.ui.pages.parcel_widgets.common import Carriers, fill_table, money, setup_table
from pos.ui.time_format import local_text


def state_name(state: str) -> str:
    t = QCoreApplication.translate
    return {"accepted": t("sending", "accepted"), "labelled": t("sending", "labelled"),
            "collected": t("sending", "collected by courier"), "returned": t("sending", "refused / returned")}.get(state, state)


def _kg(grams: int) -> str:
    return f"{grams / 1000:.3f}"


class CollectionTab(QWidget):
    def __init__(self, ctx, carriers: Carriers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.carriers = ctx, carriers
        self.handover: HandoverView | None = None
        self.carrier = QComboBox()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.on_list = QTableWidget()
        setup_table(self.on_list, [self.tr("Waybill"), self.tr("Parcel"), self.tr("To"), self.tr("kg")])
        self.waiting = QTableWidget()
        setup_table(self.waiting, [self.tr("Parcel"), self.tr("State"), self.tr("Waybill"), self.tr("To")])
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Courier of")))
        top.addWidget(self.carrier, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.state)
        lay.addWidget(QLabel(self.tr("On the handover list")))
        lay.addWidget(self.on_list, 2)
        lay.addWidget(QLabel(self.tr("Still at the station")))
        lay.addWidget(self.waiting, 1)
        self.carrier.currentIndexChanged.connect(lambda _i: self.refresh())

    def set_carriers(self, codes: list[str]) -> None:
        current = self.carrier.currentData()
        self.carrier.blockSignals(True)
        self.carrier.clear()
        for code in codes:
            self.carrier.addItem(self.carriers.name(code), code)
        i = self.carrier.findData(current)
        self.carrier.setCurrentIndex(i if i >= 0 else 0)
        self.carrier.blockSignals(False)
        self.refresh()

    def code(self) -> str:
        return self.carrier.currentData() or ""

    def refresh(self) -> None:
        if self.handover is not None and self.handover.carrier != self.code():
            self.handover = None
        h = self.handover
        if h is None:
            self.state.setText(self.tr("Alt+O starts the collection: then scan each parcel the courier takes."))
            fill_table(self.on_list, [])
        else:
            self.state.setText(self.tr("List {number}: {n} parcels, {kg} kg. Scan the next one; Alt+S prints the "
                                       "list for the courier to sign and closes it.").format(
                number=h.number, n=len(h.parcels), kg=_kg(h.total_grams)))
            fill_table(self.on_list, [[p.waybill, p.number, f"{p.province}{p.city} {p.recipient_name}",
                                       _kg(p.weight_grams)] for p in h.parcels])
        code = self.code()
        rows = ho.waiting_for_courier(self.ctx.db, code) if code else []
        fill_table(self.waiting, [[p.number, state_name(p.status), p.waybill,
                                   f"{p.province}{p.city} {p.recipient_name}"] for p in rows])


class SearchTab(QWidget):
    STATES = ("", "accepted", "labelled", "collected", "returned")

    def __init__(self, ctx, carriers: Carriers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.carriers = ctx, carriers
        self.rows: list[sending.SentView] = []
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("number, waybill, name or phone digits"))
        self.state = QComboBox()
        for s in self.STATES:
            self.state.addItem(state_name(s) if s else self.tr("all states"), s)
        self.table = QTableWidget()
        setup_table(self.table, [self.tr("Parcel"), self.tr("State"), self.tr("Carrier"), self.tr("Waybill"),
                                 self.tr("Sender"), self.tr("Recipient"), self.tr("To"), self.tr("kg"),
                                 self.tr("Paid"), self.tr("Accepted")])
        top = QHBoxLayout()
        top.addWidget(self.text, 1)
        top.addWidget(self.state)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        self.text.returnPressed.connect(self.search)
        self.state.currentIndexChanged.connect(lambda _i: self.search())

    def search(self) -> None:
        self.rows = sending.search_sent(self.ctx.db, self.text.text(), self.state.currentData() or "")
        fill_table(self.table, [[p.number, state_name(p.status), self.carriers.name(p.carrier), p.waybill,
                                 p.sender_name, f"{p.recipient_name} {p.recipient_phone}",
                                 f"{p.province}{p.city}{p.county}", _kg(p.weight_grams), money(p.total_fen),
                                 local_text(p.accepted_at)] for p in self.rows])
        if self.rows:
            self.table.selectRow(0)

    def selected(self) -> sending.SentView | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None
