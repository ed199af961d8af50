"""The form of a parcel to send: sender (from the villager register or typed), recipient and
address, contents, weight (the scale's steady weight, or typed), size, carrier, insured value;
the price and how it is reached are shown as the form is filled."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget,
)

from pos.domain.by_weight import parse_typed_weight
from pos.domain.errors import DeviceError, DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.tariffs import MAX_WEIGHT_GRAMS, PROVINCES, Quote, Size, Tariff
from pos.i18n import error_text
from pos.services.sales import checkout as sales
from pos.services.sending import parcels as sending
from pos.ui.fonts import big_font
from pos.ui.weighing import counter_scale, reading_text


def _kg(grams: int) -> str:
    return f"{grams // 1000}.{grams % 1000:03d}"


class SendForm(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.scale = counter_scale(ctx)
        self.tariffs: dict[str, Tariff] = {}
        self.villager_id: uuid.UUID | None = None
        self._scale_grams: int | None = None  # the weight last taken from the scale
        self.sender_find = QLineEdit()
        self.sender_find.setPlaceholderText(self.tr("villager: name, pinyin initials or phone's last 4 digits"))
        self.matches = QListWidget()
        self.matches.setMaximumHeight(90)
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.hide()
        self.sender_name, self.sender_phone = QLineEdit(), QLineEdit()
        self.recipient_name, self.recipient_phone = QLineEdit(), QLineEdit()
        self.province = QComboBox()
        self.province.setEditable(True)
        self.province.addItems(["", *PROVINCES])
        self.city, self.county, self.address = QLineEdit(), QLineEdit(), QLineEdit()
        self.contents = QLineEdit()
        self.weight = QLineEdit()
        self.weight.setPlaceholderText("kg")
        self.live = QLabel()
        self.length_cm, self.width_cm, self.height_cm = QLineEdit(), QLineEdit(), QLineEdit()
        for w, tip in ((self.length_cm, self.tr("length cm")), (self.width_cm, self.tr("width cm")),
                       (self.height_cm, self.tr("height cm"))):
            w.setPlaceholderText(tip)
            w.setMaximumWidth(110)
        self.carrier = QComboBox()
        self.insured = QLineEdit()
        self.insured.setPlaceholderText(self.tr("yuan, blank: not insured"))
        self.quote_label = QLabel()
        self.quote_label.setWordWrap(True)
        self.quote_label.setFont(big_font(self.font(), 1.2, bold=False))
        self.total = QLabel()
        self.total.setFont(big_font(self.font(), 2.0))
        weight_row = QHBoxLayout()
        weight_row.addWidget(self.weight)
        weight_row.addWidget(self.live, 1)
        size_row = QHBoxLayout()
        for w in (self.length_cm, self.width_cm, self.height_cm):
            size_row.addWidget(w)
        size_row.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Sender from the register"), self.sender_find)
        form.addRow("", self.matches)
        form.addRow(self.tr("Sender's name"), self.sender_name)
        form.addRow(self.tr("Sender's phone"), self.sender_phone)
        form.addRow(self.tr("Recipient's name"), self.recipient_name)
        form.addRow(self.tr("Recipient's tel."), self.recipient_phone)
        form.addRow(self.tr("Province"), self.province)
        form.addRow(self.tr("City"), self.city)
        form.addRow(self.tr("County / district"), self.county)
        form.addRow(self.tr("Street address"), self.address)
        form.addRow(self.tr("Contents"), self.contents)
        form.addRow(self.tr("Weight (kg)"), weight_row)
        form.addRow(self.tr("Size L × W × H (cm)"), size_row)
        form.addRow(self.tr("Carrier"), self.carrier)
        form.addRow(self.tr("Insured value"), self.insured)
        form.addRow("", self.quote_label)
        form.addRow("", self.total)
        self.sender_find.textChanged.connect(self._find_sender)
        self.sender_find.returnPressed.connect(self.pick_sender)
        self.sender_name.textEdited.connect(lambda _t: setattr(self, "villager_id", None))
        for edit in (self.weight, self.length_cm, self.width_cm, self.height_cm, self.insured):
            edit.textChanged.connect(self._update)
        self.province.currentTextChanged.connect(self._update)
        self.carrier.currentIndexChanged.connect(self._update)
        if self.scale is not None:
            self.scale.reading.connect(self._reading)
            self._reading(self.scale.latest())
        else:
            self.live.setText(self.tr("no scale: type the weight"))

    # tariffs ------------------------------------------------------------------------------------
    def set_tariffs(self, tariffs: dict[str, Tariff], names: dict[str, str]) -> None:
        current = self.carrier.currentData()
        self.tariffs = tariffs
        self.carrier.blockSignals(True)
        self.carrier.clear()
        for code in tariffs:
            self.carrier.addItem(names.get(code, code), code)
        i = self.carrier.findData(current)
        self.carrier.setCurrentIndex(i if i >= 0 else 0)
        self.carrier.blockSignals(False)
        self._update()

    # sender -------------------------------------------------------------------------------------
    def _find_sender(self, text: str) -> None:
        self.matches.clear()
        for v in sales.find_villagers(self.ctx.db, text, limit=8):
            item = QListWidgetItem(v.label())
            item.setData(Qt.ItemDataRole.UserRole, v)
            self.matches.addItem(item)
        self.matches.setVisible(self.matches.count() > 0)
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def move_match(self, step: int) -> None:
        row = self.matches.currentRow() + step
        if 0 <= row < self.matches.count():
            self.matches.setCurrentRow(row)

    def pick_sender(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            self.sender_name.setFocus()
            return
        v = item.data(Qt.ItemDataRole.UserRole)
        name, phone = sending.sender_phone_of(self.ctx.db, v.id)
        self.villager_id = v.id
        self.sender_name.setText(name)
        self.sender_phone.setText(phone)
        self.sender_find.clear()
        self.matches.hide()
        (self.sender_phone if not phone else self.recipient_name).setFocus()

    # weight -------------------------------------------------------------------------------------
    def _reading(self, weight) -> None:
        self.live.setText(self.tr("scale: {weight}  (Alt+W takes it)").format(weight=reading_text(weight)))

    def take_weight(self) -> None:
        """The scale's steady weight into the weight field; raises DeviceError when there is none."""
        scale = counter_scale(self.ctx)  # asked again: the hub may have made a new one in Settings
        if scale is None:
            raise DeviceError(tr_noop("errors", "There is no scale: type the weight in kg."))
        grams = scale.stable_weight().grams
        if grams <= 0:
            raise DeviceError(tr_noop("errors", "Nothing on the scale."))
        self._scale_grams = grams
        self.weight.setText(_kg(grams))
        (self.length_cm if self.contents.text() else self.contents).setFocus()

    def weight_grams(self) -> tuple[int, str]:
        text = self.weight.text().strip()
        if not text:
            raise ValidationError(tr_noop("errors", "Weigh the parcel (Alt+W) or type its weight in kg."),
                                  field="weight")
        grams = parse_typed_weight(text, "kg", MAX_WEIGHT_GRAMS)
        source = "scale" if self._scale_grams is not None and text == _kg(self._scale_grams) else "typed"
        return grams, source

    # the parcel ---------------------------------------------------------------------------------
    def parcel_size(self) -> Size | None:
        texts = [w.text().strip() for w in (self.length_cm, self.width_cm, self.height_cm)]
        if not any(texts):
            return None
        if not all(t.isascii() and t.isdigit() for t in texts):
            raise ValidationError(tr_noop("errors", "Give all three sides in whole cm, or none."), field="size")
        return Size(*(int(t) for t in texts))

    def insured_fen(self) -> int:
        text = self.insured.text().strip()
        return Money.parse(text).fen if text else 0

    def parcel_input(self) -> sending.SendInput:
        grams, source = self.weight_grams()
        return sending.SendInput(
            carrier=self.carrier.currentData() or "",
            sender=sending.Person(self.sender_name.text(), self.sender_phone.text()),
            recipient=sending.Person(self.recipient_name.text(), self.recipient_phone.text()),
            destination=sending.Destination(self.province.currentText(), self.city.text(), self.county.text(),
                                            self.address.text()),
            contents=self.contents.text(), weight_grams=grams, weight_source=source, size=self.parcel_size(),
            insured_value_fen=self.insured_fen(), sender_villager_id=self.villager_id,
        )

    def current_quote(self) -> Quote:
        """The price of what is typed so far (ValidationError: what is missing or wrong)."""
        grams, _source = self.weight_grams()
        carrier = self.carrier.currentData() or ""
        inp = sending.SendInput(carrier, sending.Person("", ""), sending.Person("", ""),
                                sending.Destination(self.province.currentText(), "", "", ""), "", grams,
                                size=self.parcel_size(), insured_value_fen=self.insured_fen())
        return sending.price(self.tariffs, inp)

    def breakdown(self, q: Quote) -> str:
        parts = [self.tr("{zone}: charged {kg} kg (actual {actual} kg").format(
            zone=q.zone, kg=_kg(q.chargeable_grams), actual=_kg(q.actual_grams))]
        if q.volumetric_grams:
            parts[0] += self.tr(", volumetric {kg} kg").format(kg=_kg(q.volumetric_grams))
        parts[0] += ")"
        parts.append(self.tr("first weight {first} + additional {extra}").format(
            first=Money(q.first_fen), extra=Money(q.additional_fen)))
        if q.insurance_fen:
            parts.append(self.tr("insurance {fee}").format(fee=Money(q.insurance_fen)))
        return "; ".join(parts)

    def _update(self, *_args) -> None:
        try:
            q = self.current_quote()
        except DomainError as e:
            self.quote_label.setText(error_text(e))
            self.total.clear()
        else:
            self.quote_label.setText(self.breakdown(q))
            self.total.setText(self.tr("Postage {amount}").format(amount=Money(q.total_fen)))
        self.changed.emit()

    def clear_parcel(self) -> None:
        """Ready for the next parcel; the carrier stays (a villager often sends several)."""
        for w in (self.sender_find, self.sender_name, self.sender_phone, self.recipient_name, self.recipient_phone,
                  self.city, self.county, self.address, self.contents, self.weight, self.length_cm, self.width_cm,
                  self.height_cm, self.insured):
            w.clear()
        self.province.setCurrentIndex(0)
        self.villager_id = None
        self._scale_grams = None
        self.sender_find.setFocus()
