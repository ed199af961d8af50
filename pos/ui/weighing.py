"""The counter scale as the pages see it, and the dialog that weighs produce.

``counter_scale`` is the one place that finds the scale: the device hub's ``scale`` attribute
(a pos.devices.scale.ScaleBase: ``stable_weight()``, ``latest()``, the ``reading`` signal), or
None when the station has no scale, and then weights are typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.domain.by_weight import UNIT_SIGNS, measure_text, parse_typed_weight, weighed_amount_fen
from pos.domain.errors import DeviceError, DomainError
from pos.domain.money import Money
from pos.domain.scale_protocols import Weight
from pos.ui.fonts import big_font
from pos.ui.widgets.form_error import FormError


def counter_scale(ctx: Any) -> Any | None:
    devices = getattr(ctx, "devices", None)
    return getattr(devices, "scale", None) if devices is not None else None


def reading_text(weight: Weight | None) -> str:
    if weight is None:
        return "—"
    if weight.overload:
        return "OL"
    return f"{weight.kg_text()} kg  ({weight.jin_text()} 斤)" + ("" if weight.stable else " …")


class WeighDialog(QDialog):
    """Weigh one item sold by weight: Enter takes the scale's steady weight; with no scale the
    weight is typed in the product's unit. ``grams`` holds the result."""

    def __init__(self, ctx: Any, name: str, unit: str, price_per_unit_fen: int, parent: QWidget | None = None,
                 ) -> None:
        super().__init__(parent)
        self.scale = counter_scale(ctx)
        self.unit, self.price = unit, price_per_unit_fen
        self.grams: int | None = None
        self.setWindowTitle(self.tr("Weigh"))
        head = QLabel(self.tr("{name}: {price} per {unit}").format(
            name=name, price=Money(price_per_unit_fen), unit=UNIT_SIGNS[unit]))
        head.setFont(big_font(self.font(), 1.4))
        self.live = QLabel()
        self.live.setFont(big_font(self.font(), 2.0))
        self.typed = QLineEdit()
        self.typed.setFont(big_font(self.font(), 1.4, bold=False))
        self.amount = QLabel()
        self.error = FormError()
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        if self.scale is not None:
            hint = QLabel(self.tr("Put it on the scale and press Enter when the weight is steady."))
            self.typed.hide()
            self.scale.reading.connect(self._reading)
            self._reading(self.scale.latest())
            lay.addWidget(self.live)
        else:
            hint = QLabel(self.tr("No scale: type the weight in {unit}, then Enter.").format(unit=UNIT_SIGNS[unit]))
            self.typed.setPlaceholderText(UNIT_SIGNS[unit])
            self.typed.textChanged.connect(self._typed)
            lay.addWidget(self.typed)
        hint.setWordWrap(True)
        lay.insertWidget(1, hint)
        lay.addWidget(self.amount)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Take the weight"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Back"))
        buttons.accepted.connect(self.take)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        (self.typed if self.scale is None else self).setFocus()

    def _show_amount(self, grams: int | None) -> None:
        if grams is None or grams <= 0:
            self.amount.clear()
            return
        try:
            fen = weighed_amount_fen(self.price, grams, self.unit)
        except DomainError:
            self.amount.clear()
            return
        self.amount.setText(f"{measure_text(grams, self.unit, self.price)} = {Money(fen)}")

    def _reading(self, weight: Weight | None) -> None:
        self.live.setText(reading_text(weight))
        self._show_amount(weight.grams if weight is not None and weight.usable else None)

    def _typed(self, text: str) -> None:
        try:
            self._show_amount(parse_typed_weight(text, self.unit))
        except DomainError:
            self._show_amount(None)

    def take(self) -> None:
        try:
            if self.scale is not None:
                grams = self.scale.stable_weight().grams
                if grams <= 0:
                    raise DeviceError(self.tr("Nothing on the scale."))
            else:
                grams = parse_typed_weight(self.typed.text(), self.unit)
            weighed_amount_fen(self.price, grams, self.unit)
        except (DomainError, DeviceError) as e:
            self.error.show_error(e)
            return
        self.grams = grams
        self.accept()

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        if self.scale is not None:
            try:
                self.scale.reading.disconnect(self._reading)
            except (RuntimeError, TypeError):
                pass
        super().done(result)
