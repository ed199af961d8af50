"""Settings › 电子秤、短信猫、语音: the scale (live weight, tare, a test read-out), the SMS modem
(its state, a test message, automatic or by-hand notices) and spoken feedback (switch, volume,
a test, which voice speaks or that the app beeps).

Nothing here waits on a device on the GUI thread: the weight arrives as the scale's signal, the
modem's state as the hub's, and a test SMS (which takes the network seconds) is sent on a thread
of its own whose answer comes back as a queued signal.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from pos.domain import speech_text
from pos.domain.devices.config import DeviceConfig
from pos.domain.devices.scale_spec import SCALE_PROTOCOLS, parse_modem_spec, parse_scale_spec
from pos.domain.errors import DeviceError, DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.scale_protocols import Weight
from pos.domain.sms_pdu import address
from pos.domain.users import Operator
from pos.i18n import error_text
from pos.services.hardware import device_settings
from pos.services.ports import Devices

TEST_SMS = "【村站】这是一条测试短信：短信猫已接好，包裹通知可以自动发送。"


class _Answer(QObject):
    """Carries a worker thread's answer to the GUI thread (a queued signal)."""

    done = Signal(str, bool)  # text, ok


class ScaleModemSpeechPanel(QWidget):
    def __init__(self, db, hub: Devices, require_owner: Callable[[str], Operator | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._hub = hub
        self._require_owner = require_owner
        self._scale = None
        self._answer = _Answer(self)
        self._answer.done.connect(self._sms_answer)
        self.sms_thread: threading.Thread | None = None
        self._build()
        self.load()
        hub.scale_status.connect(self._scale_status_changed)
        hub.modem_status.connect(self._modem_status_changed)
        self._attach()

    # layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.scale_spec = QLineEdit()
        self.scale_spec.setPlaceholderText(self.tr("empty: no scale; serial:/dev/ttyUSB0@9600, serial:COM3, fake"))
        self.scale_protocol = QComboBox()
        names = {"stgs": self.tr("ST,GS,+0001.234kg lines (most indicators)"),
                 "toledo": self.tr("Toledo continuous output"),
                 "xk3190-stx": self.tr("XK3190 STX frames (tf=0)"),
                 "xk3190-eq": self.tr("XK3190 reversed digits with = (tf=1)")}
        for p in SCALE_PROTOCOLS:
            self.scale_protocol.addItem(names.get(p, p), p)
        self.weight = QLabel("—")
        font = self.weight.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.weight.setFont(font)
        self.scale_state = QLabel()
        self.scale_state.setWordWrap(True)
        self.read_button = QPushButton(self.tr("Test &read-out"))
        self.tare_button = QPushButton(self.tr("&Tare (basket on the plate)"))
        self.clear_tare_button = QPushButton(self.tr("C&lear tare"))
        self.read_button.clicked.connect(self.read_weight)
        self.tare_button.clicked.connect(self.take_tare)
        self.clear_tare_button.clicked.connect(self.clear_tare)
        scale_buttons = QHBoxLayout()
        for b in (self.read_button, self.tare_button, self.clear_tare_button):
            scale_buttons.addWidget(b)
        scale_buttons.addStretch(1)
        scale_box = QGroupBox(self.tr("Electronic scale"))
        form = QFormLayout(scale_box)
        form.addRow(self.tr("S&cale:"), self.scale_spec)
        form.addRow(self.tr("&Format:"), self.scale_protocol)
        form.addRow(self.tr("Weight:"), self.weight)
        form.addRow(self.tr("Status:"), self.scale_state)
        form.addRow("", scale_buttons)

        self.modem_spec = QLineEdit()
        self.modem_spec.setPlaceholderText(self.tr("empty: no modem; serial:/dev/ttyUSB2, serial:COM5, fake"))
        self.sms_auto = QCheckBox(self.tr("Send a parcel's notice by SMS &automatically after check-in "
                                          "(off: by hand, from the notices window)"))
        self.modem_state = QLabel()
        self.modem_state.setWordWrap(True)
        self.test_number = QLineEdit()
        self.test_number.setPlaceholderText(self.tr("your own mobile number, e.g. 13812345678"))
        self.sms_button = QPushButton(self.tr("Send a test S&MS"))
        self.sms_button.clicked.connect(self.send_test_sms)
        sms_row = QHBoxLayout()
        sms_row.addWidget(self.test_number, 1)
        sms_row.addWidget(self.sms_button)
        modem_box = QGroupBox(self.tr("SMS modem (USB 4G)"))
        form = QFormLayout(modem_box)
        form.addRow(self.tr("M&odem:"), self.modem_spec)
        form.addRow("", self.sms_auto)
        form.addRow(self.tr("Status:"), self.modem_state)
        form.addRow(self.tr("Test &number:"), sms_row)

        self.speech_on = QCheckBox(self.tr("&Speak the results of check-in and pickup"))
        self.volume = QSpinBox()
        self.volume.setRange(0, 100)
        self.volume.setSuffix(" %")
        self.speech_state = QLabel()
        self.speech_state.setWordWrap(True)
        self.speak_button = QPushButton(self.tr("&Hear a test"))
        self.speak_button.clicked.connect(self.test_speech)
        speech_box = QGroupBox(self.tr("Spoken feedback"))
        form = QFormLayout(speech_box)
        form.addRow("", self.speech_on)
        form.addRow(self.tr("&Volume:"), self.volume)
        form.addRow("", self.speak_button)
        form.addRow(self.tr("Voice:"), self.speech_state)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Sa&ve"))
        self.save_button.clicked.connect(self.save)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(scale_box)
        lay.addWidget(modem_box)
        lay.addWidget(speech_box)
        lay.addWidget(self.message)
        lay.addLayout(actions)
        lay.addStretch(1)

    # settings ------------------------------------------------------------------------------
    def load(self) -> None:
        cfg = self._hub.config
        protocol = "stgs"
        text = cfg.scale
        if cfg.scale:
            try:
                spec = parse_scale_spec(cfg.scale)
                protocol, text = spec.protocol, replace(spec, protocol="stgs").text()
            except DomainError:
                pass
        self.scale_spec.setText(text)
        self.scale_protocol.setCurrentIndex(max(0, self.scale_protocol.findData(protocol)))
        self.modem_spec.setText(cfg.modem)
        self.sms_auto.setChecked(cfg.sms_auto)
        self.speech_on.setChecked(cfg.speech_enabled)
        self.volume.setValue(cfg.speech_volume)
        self.speech_state.setText(self._hub.speech_status())

    def scale_text(self) -> str:
        """The typed scale with the chosen format; the typed one wins when it names its own."""
        raw = self.scale_spec.text().strip()
        if not raw:
            return ""
        spec = parse_scale_spec(raw)
        if spec.kind == "fake" or spec.protocol != "stgs":
            return spec.text()
        return replace(spec, protocol=self.scale_protocol.currentData()).text()

    def config(self) -> DeviceConfig:
        modem = self.modem_spec.text().strip()
        if modem:
            parse_modem_spec(modem)
        return replace(self._hub.config, scale=self.scale_text(), modem=modem,
                       sms_auto=self.sms_auto.isChecked(), speech_enabled=self.speech_on.isChecked(),
                       speech_volume=self.volume.value())

    def save(self) -> bool:
        try:
            cfg = self.config()
            device_settings.validate(cfg)
            owner = self._require_owner(self.tr("Change the scale, modem and speech settings"))
            if owner is None:
                return False
            device_settings.save_settings(self._db, owner, cfg)
        except DomainError as err:
            self._show(error_text(err), ok=False)
            field = {"scale": self.scale_spec, "modem": self.modem_spec}.get(getattr(err, "field", "") or "")
            if field is not None:
                field.setFocus()
                field.selectAll()
            return False
        self._hub.apply_settings()
        self._attach()
        self.speech_state.setText(self._hub.speech_status())
        self._show(self.tr("Saved."), ok=True)
        return True

    # scale ---------------------------------------------------------------------------------
    def _attach(self) -> None:
        """Follow the hub's scale (a new one after every save that changed it)."""
        scale = getattr(self._hub, "scale", None)
        if scale is self._scale:
            return
        if self._scale is not None:
            try:
                self._scale.reading.disconnect(self.show_weight)
            except (RuntimeError, TypeError):
                pass
        self._scale = scale
        if scale is not None:
            scale.reading.connect(self.show_weight)
            self.show_weight(scale.latest())
        else:
            self.weight.setText("—")
            self.scale_state.setText(self.tr("No scale is set up."))
        for b in (self.read_button, self.tare_button, self.clear_tare_button):
            b.setEnabled(scale is not None)
        modem = getattr(self._hub, "modem", None)
        self.sms_button.setEnabled(modem is not None)
        if modem is None:
            self.modem_state.setText(self.tr("No modem is set up."))

    def show_weight(self, weight: Weight | None) -> None:
        if weight is None:
            self.weight.setText("—")
            return
        if weight.overload:
            self.weight.setText(self.tr("overload"))
            return
        text = self.tr("{kg} kg ({jin} jin)").format(kg=weight.kg_text(), jin=weight.jin_text())
        if not weight.stable:
            text += "  " + self.tr("(moving)")
        elif weight.net:
            text += "  " + self.tr("(net)")
        self.weight.setText(text)

    def _scale_status_changed(self, text: str) -> None:
        self._attach()
        if text:
            self.scale_state.setText(text)

    def read_weight(self) -> None:
        if self._scale is None:
            self._show(self.tr("No scale is set up: type its port above and save."), ok=False)
            return
        try:
            w = self._scale.stable_weight()
        except (DomainError, DeviceError) as err:
            self._show(error_text(err), ok=False)
            return
        self._show(self.tr("The scale reads {kg} kg ({jin} jin), steady.").format(kg=w.kg_text(), jin=w.jin_text()),
                   ok=True)

    def take_tare(self) -> None:
        if self._scale is None:
            return
        try:
            grams = self._scale.take_tare()
        except (DomainError, DeviceError) as err:
            self._show(error_text(err), ok=False)
            return
        self._show(self.tr("Tare set to {kg} kg: weights are shown without it.").format(
            kg=Weight(grams).kg_text()), ok=True)

    def clear_tare(self) -> None:
        if self._scale is not None:
            self._scale.clear_tare()
            self._show(self.tr("Tare cleared."), ok=True)

    # modem ---------------------------------------------------------------------------------
    def _modem_status_changed(self, text: str) -> None:
        self._attach()
        if text:
            self.modem_state.setText(text)

    def send_test_sms(self) -> None:
        modem = getattr(self._hub, "modem", None)
        if modem is None:
            self._show(self.tr("No modem is set up: type its port above and save."), ok=False)
            return
        number = "".join(self.test_number.text().split())
        try:
            if not number:
                raise ValidationError(tr_noop("errors", "Type the mobile number the test SMS goes to."),
                                      field="test_number")
            address(number)
        except DomainError as err:
            self._show(error_text(err), ok=False)
            self.test_number.setFocus()
            return
        if self.sms_thread is not None and self.sms_thread.is_alive():
            return
        self.sms_button.setEnabled(False)
        self._show(self.tr("Sending the test SMS to {number}…").format(number=number), ok=True)
        answer = self._answer

        def send() -> None:
            try:
                modem.send(number, TEST_SMS)
            except (DomainError, DeviceError) as err:
                answer.done.emit(error_text(err), False)
            except Exception as err:  # noqa: BLE001 - shown, not raised on a worker thread
                answer.done.emit(str(err) or type(err).__name__, False)
            else:
                answer.done.emit("", True)

        self.sms_thread = threading.Thread(target=send, name="test-sms", daemon=True)
        self.sms_thread.start()

    def _sms_answer(self, reason: str, ok: bool) -> None:
        self.sms_button.setEnabled(getattr(self._hub, "modem", None) is not None)
        if ok:
            self._show(self.tr("The test SMS was sent: check the phone."), ok=True)
        else:
            self._show(self.tr("The test SMS was not sent: {reason}").format(reason=reason), ok=False)

    # speech --------------------------------------------------------------------------------
    def test_speech(self) -> None:
        if not self.speech_on.isChecked():
            self._show(self.tr("Spoken feedback is switched off: tick it and save first."), ok=False)
            return
        self._hub.speak(speech_text.CHECKED_IN)
        self.speech_state.setText(self._hub.speech_status())

    def _show(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("" if ok else "color: #b00020;")
        self.message.setText(text)
