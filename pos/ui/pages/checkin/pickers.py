"""The questions check-in asks: which carrier, which villager, check in again?

All three are opened with open(), not exec(): scans keep arriving while one is up and must
queue on the page, which a nested event loop would make re-entrant.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QVBoxLayout, QWidget,
)

from pos.domain.carriers import OTHER, RuleSet
from pos.domain.waybill import Recognition
from pos.services.parcels.checkin import Stay
from pos.services.parcels.labels import carrier_name
from pos.services.parcels.recipients import VillagerMatch
from pos.ui.pages.parcels_admin.labels import status_text
from pos.ui.time_format import local_text


class _ListDialog(QDialog):
    """A list to pick from with the arrow keys and Enter; Esc cancels. ``value`` is the pick."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.value: object = None
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        lay.addWidget(label)
        lay.addWidget(self.list)
        lay.addWidget(buttons)

    def add(self, text: str, value: object) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        self.list.addItem(item)
        if self.list.count() == 1:
            self.list.setCurrentRow(0)

    def choose(self, row: int) -> None:
        self.list.setCurrentRow(row)
        self.accept()

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.value = item.data(Qt.ItemDataRole.UserRole)
        super().accept()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.list.setFocus()


class CarrierPickerDialog(_ListDialog):
    """Ranked candidates first (with why), then every other carrier."""

    def __init__(self, rec: Recognition, rules: RuleSet, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Which carrier?"),
            self.tr("Waybill {number}: choose the carrier. The choice is remembered for numbers that "
                    "start the same way.").format(number=rec.number),
            parent,
        )
        shown = set()
        for c in rec.candidates:
            reasons = "; ".join(QCoreApplication.translate("errors", r.message).format(**r.params)
                                for r in c.reasons)
            name = c.name_zh if lang == "zh_CN" else c.name_en
            if c.carrier == OTHER:  # a percentage for "none of the known carriers" means nothing
                self.add(self.tr("{carrier}: not one of the carriers above").format(carrier=name), c.carrier)
            else:
                self.add(self.tr("{carrier}: {confidence}% ({reasons})").format(
                    carrier=name, confidence=c.confidence, reasons=reasons), c.carrier)
            shown.add(c.carrier)
        for code in rules.carriers:
            if code not in shown:
                self.add(carrier_name(rules, code, lang), code)


class VillagerPickerDialog(_ListDialog):
    """Villagers the typed phone and name may stand for; the last line keeps the typed details."""

    NONE = "typed"

    def __init__(self, matches: list[VillagerMatch], typed_name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Which villager?"),
            self.tr("Several villagers fit this phone number and name. Choose the recipient."),
            parent,
        )
        for m in matches:
            extra = " · ".join(x for x in (m.village_group, m.household) if x)
            self.add(f"{m.name}  {m.phone_display}  {extra}".rstrip(), m)
        if typed_name:
            self.add(self.tr("None of these: check in for {name} as typed").format(name=typed_name), self.NONE)
        else:
            self.add(self.tr("None of these: check in with the phone number only"), self.NONE)


class HistoryDialog(QDialog):
    """A parcel that was here before and left: show its stays, ask before checking it in again."""

    def __init__(self, number: str, history: tuple[Stay, ...], rules: RuleSet, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("This parcel was here before"))
        self.setMinimumSize(560, 360)
        lines = []
        for stay in history:
            p = stay.parcel
            left = p.picked_up_at or p.returned_at
            lines.append(self.tr("{status} · code {code} · {carrier} · {name} {phone}").format(
                status=status_text(p.status), code=p.pickup_code or "-",
                carrier=carrier_name(rules, p.carrier, lang), name=p.recipient_name, phone=p.phone_display))
            lines.append("    " + self.tr("in {checked_in}, left {left}").format(
                checked_in=local_text(p.checked_in_at, "%Y-%m-%d %H:%M"),
                left=local_text(left, "%Y-%m-%d %H:%M") if left else self.tr("date not recorded")))
            for e in stay.events:
                lines.append(f"    {local_text(e.at, '%Y-%m-%d %H:%M')}  {event_text(e.kind, e.details)}  {e.operator}")
        text = QPlainTextEdit("\n".join(lines))
        text.setReadOnly(True)
        text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QDialogButtonBox()
        self.again = buttons.addButton(self.tr("Check in again"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.again.setDefault(True)
        lay = QVBoxLayout(self)
        label = QLabel(self.tr("Waybill {number} was checked in before and has left the station. Check it "
                               "in again? (Enter: yes, Esc: no)").format(number=number))
        label.setWordWrap(True)
        lay.addWidget(label)
        lay.addWidget(text)
        lay.addWidget(buttons)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.again.setFocus()


def event_text(kind: str, details: str = "") -> str:
    """The event's name; a check-in's one event also says what it queued (its notice, its label)."""
    t = QCoreApplication.translate
    steps = []
    if '"notice"' in details:
        steps.append(t("parcel_events", "notice queued"))
    if '"label_job"' in details:
        steps.append(t("parcel_events", "label printed"))
    return _event_name(kind) + (f" ({', '.join(steps)})" if steps else "")


def _event_name(kind: str) -> str:
    t = QCoreApplication.translate
    return {
        "checked_in": t("parcel_events", "checked in"),
        "label_printed": t("parcel_events", "label printed"),
        "notice_queued": t("parcel_events", "notice queued"),
        "notice_sent": t("parcel_events", "notice sent"),
        "notice_failed": t("parcel_events", "notice failed"),
        "notice_pending": t("parcel_events", "notice to send again"),
        "phone_added": t("parcel_events", "phone added"),
        "picked_up": t("parcel_events", "picked up"),
        "returned": t("parcel_events", "returned to courier"),
    }.get(kind, kind)
