"""A USB 4G modem's AT port (pyserial): SMS in PDU mode and the modem's health, and a fake modem.

A worker thread owns the connection (pos.devices.serial_link): it opens the port, sets the modem
up (no echo, numeric errors, PDU mode) and asks every POLL_S seconds for the SIM, the signal and
the registration, reopening the port after an unplug. ``send`` is called from the send queue's thread and blocks
for as long as the network takes (seconds); one lock keeps its commands and the poll's apart,
since a modem answers one command at a time.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from typing import Callable

import serial
from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos.devices.serial_link import PORT_ERRORS, SerialLink, open_port
from pos.domain import modem_status as ms
from pos.domain.i18n import tr_noop
from pos.domain.modem_status import ModemStatus, SmsError
from pos.domain.devices.scale_spec import ModemSpec, SerialLine
from pos.domain.sms_pdu import Pdu, encode_submit

log = logging.getLogger(__name__)

RETRY_S = 2.0
# a modem that stays away (unplugged, re-enumerating for seconds) is asked again at most this far apart
MAX_RETRY_S = 10.0
POLL_S = 30.0
COMMAND_TIMEOUT_S = 5.0
# the network answers an AT+CMGS in seconds; python-gsmmodem waits 35 s, some modems take longer
SEND_TIMEOUT_S = 60.0
CTRL_Z, ESC = b"\x1a", b"\x1b"
_FINAL_OK = ("OK",)
_FINAL_ERROR = ("ERROR", "+CME ERROR:", "+CMS ERROR:", "NO CARRIER")


class ModemTimeout(SmsError):
    pass


class AtChannel:
    """AT commands and replies on an open port: lines ended by CR LF, final result codes,
    unsolicited lines (+CMTI, RING, +CREG: n) skipped when a reply is awaited."""

    def __init__(self, port: serial.SerialBase) -> None:
        self.port = port
        self._buf = b""

    def _read_some(self) -> None:
        chunk = self.port.read(self.port.in_waiting or 1)
        if chunk:
            self._buf += chunk

    def _lines(self) -> list[str]:
        *lines, self._buf = self._buf.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        return [raw.decode("ascii", "replace").strip() for raw in lines if raw.strip()]

    def command(self, cmd: str, timeout: float = COMMAND_TIMEOUT_S) -> list[str]:
        """Send ``cmd``; the lines before OK. Raises SmsError for ERROR / +CME / +CMS ERROR."""
        self._buf = b""
        self.port.reset_input_buffer()
        self.port.write(cmd.encode("ascii") + b"\r")
        return self._reply(cmd, timeout)

    def _reply(self, cmd: str, timeout: float) -> list[str]:
        end = time.monotonic() + timeout
        info: list[str] = []
        while time.monotonic() < end:
            self._read_some()
            for line in self._lines():
                if line in _FINAL_OK:
                    return info
                if line.startswith(_FINAL_ERROR):
                    raise _error(line)
                if line != cmd:  # an echo before ATE0 took effect
                    info.append(line)
        raise ModemTimeout(tr_noop("errors", "The modem did not answer {command}"),
                           retry=True, command=cmd.split("=")[0])

    def send_pdu(self, pdu: Pdu, timeout: float = SEND_TIMEOUT_S) -> int:
        """``AT+CMGS=<length>``, the PDU after the ``>`` prompt, Ctrl-Z; the message reference."""
        self._buf = b""
        self.port.reset_input_buffer()
        self.port.write(f"AT+CMGS={pdu.length}\r".encode("ascii"))
        end = time.monotonic() + COMMAND_TIMEOUT_S
        while b">" not in self._buf:
            if time.monotonic() > end:
                self.port.write(ESC)
                raise ModemTimeout(tr_noop("errors", "The modem did not ask for the message"), retry=True)
            self._read_some()
            # an error instead of the prompt (no SIM, wrong mode)
            for line in self._lines():
                if line.startswith(_FINAL_ERROR):
                    raise _error(line)
        self._buf = b""  # the prompt has no line end
        self.port.write(pdu.hex.encode("ascii") + CTRL_Z)
        for line in self._reply("", timeout):
            if line.startswith("+CMGS:"):
                try:
                    return int(line.split(":", 1)[1].split(",")[0])
                except ValueError:
                    break
        return -1  # OK without a reference: sent, reference unknown


def _error(line: str) -> SmsError:
    head, _, code = line.partition(":")
    try:
        number = int(code.strip())
    except ValueError:
        return SmsError(tr_noop("errors", "The modem refused the command"), retry=False)
    if head == "+CMS ERROR":
        return ms.cms_error(number)
    return ms.cme_error(number)


def status_text(status: ModemStatus, port: str) -> str:
    """The status bar's line for the modem."""
    t = QCoreApplication.translate
    if not status.connected:
        return t("devices", "Modem not found on {port}, reconnecting…").format(port=port)
    if status.sim == ms.SIM_MISSING:
        return t("devices", "Modem: no SIM card")
    if status.sim == ms.SIM_PIN:
        return t("devices", "Modem: the SIM card needs its PIN")
    if status.sim == ms.SIM_PUK:
        return t("devices", "Modem: the SIM card is locked (PUK)")
    if status.sim == ms.SIM_ERROR:
        return t("devices", "Modem: the SIM card failed")
    if status.registration == ms.REG_DENIED:
        return t("devices", "Modem: the network refused the SIM card")
    if status.registration == ms.REG_HOME:
        return t("devices", "Modem ready, signal {bars}/4").format(bars=status.bars)
    if status.registration == ms.REG_ROAMING:
        return t("devices", "Modem ready (roaming), signal {bars}/4").format(bars=status.bars)
    if status.bars == 0:
        return t("devices", "Modem: no signal")
    return t("devices", "Modem: searching for the network, signal {bars}/4").format(bars=status.bars)


class ModemBase(QObject):
    status_changed = Signal(object)  # ModemStatus
    status_text_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = ModemStatus()
        # one reference per message, the same in all its parts; random so that a restart does not
        # reuse the last one, which a phone could take for more parts of an earlier message
        self._ref = random.randrange(256)

    def _next_ref(self) -> int:
        self._ref = (self._ref + 1) % 256
        return self._ref

    def _publish(self, status: ModemStatus, port: str) -> None:
        changed = status != self.status
        self.status = status
        if changed:
            self.status_changed.emit(status)
            self.status_text_changed.emit(status_text(status, port))

    def _check_ready(self) -> None:
        st = self.status
        if not st.connected:
            raise SmsError(tr_noop("errors", "The modem is not connected"), retry=True)
        if st.sim in (ms.SIM_MISSING, ms.SIM_PIN, ms.SIM_PUK, ms.SIM_ERROR):
            raise ms.cme_error({ms.SIM_MISSING: 10, ms.SIM_PIN: 11, ms.SIM_PUK: 12}.get(st.sim, 13))


class SerialModem(ModemBase):
    def __init__(self, line: SerialLine, parent: QObject | None = None,
                 opener: Callable[[], serial.SerialBase] | None = None, poll_s: float = POLL_S) -> None:
        super().__init__(parent)
        self.line = line
        self.poll_s = poll_s
        self._lock = threading.Lock()
        self._channel: AtChannel | None = None
        self._poll_now = threading.Event()
        # a modem that answers nothing or refuses even AT (SmsError) is no modem's AT port: the
        # port is closed and opened again as after an unplug
        self._link = SerialLink("modem", line.port, opener or self._open, self._session, self._link_status,
                                retry_s=RETRY_S, max_retry_s=MAX_RETRY_S, lost_errors=(*PORT_ERRORS, SmsError))

    # lifecycle -----------------------------------------------------------------------------
    def start(self) -> None:
        self._link.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._link.stopping.set()  # before the wake-up, so the poll loop sees it and ends
        self._poll_now.set()
        self._link.stop(timeout)

    def refresh(self) -> None:
        """Ask the modem for its state now (the Settings test button)."""
        self._poll_now.set()

    # sending -------------------------------------------------------------------------------
    def send(self, phone: str, text: str) -> list[int]:
        """Send one message (in as many parts as it needs); the modem's references of the parts.
        Raises ValidationError for a number or text that cannot go, SmsError (a DeviceError
        with ``retry``) when the modem or the network refuses."""
        pdus = encode_submit(phone, text, self._next_ref())
        self._check_ready()
        refs = []
        with self._lock:
            channel = self._channel
            if channel is None:
                raise SmsError(tr_noop("errors", "The modem is not connected"), retry=True)
            try:
                for pdu in pdus:
                    refs.append(channel.send_pdu(pdu))
            except PORT_ERRORS as exc:
                log.warning("modem lost while sending: %s", exc)
                self._drop(channel)
                raise SmsError(tr_noop("errors", "The modem was unplugged while sending"),
                               retry=True) from exc
        return refs

    # worker thread -------------------------------------------------------------------------
    def _open(self) -> serial.SerialBase:
        line = self.line
        return open_port(line.port, line.baudrate, line.bytesize, line.parity, line.stopbits, write_timeout=2.0)

    def _drop(self, channel: AtChannel) -> None:
        if self._channel is channel:
            self._channel = None
            self._poll_now.set()  # the worker reconnects now, not at its next poll
        try:
            channel.port.close()
        except PORT_ERRORS:
            pass

    def _link_status(self, connected: bool) -> None:
        # connected: the first poll says how the modem is; lost: says so at once
        if not connected:
            self._publish(ModemStatus(connected=False), self.line.port)

    def _session(self, port: serial.SerialBase) -> None:
        channel = AtChannel(port)
        try:
            with self._lock:
                self._setup(channel)
                self._channel = channel
            while not self._link.stopping.is_set() and self._channel is channel:
                with self._lock:
                    status = self._poll(channel)
                self._publish(status, self.line.port)
                self._poll_now.wait(self.poll_s)
                self._poll_now.clear()
        finally:
            with self._lock:
                self._drop(channel)

    def _setup(self, channel: AtChannel) -> None:
        # a modem left waiting at a "> " prompt by a crash takes ESC to get back to commands
        channel.port.write(ESC)
        for cmd in ("AT", "ATE0", "AT+CMEE=1"):
            channel.command(cmd)
        _ask(channel, "AT+CMGF=0", "")  # without a SIM some modems refuse it; the poll says why

    def _poll(self, channel: AtChannel) -> ModemStatus:
        try:
            sim = ms.parse_cpin(_first(channel.command("AT+CPIN?"), "+CPIN:"))
        except ModemTimeout:
            raise
        except SmsError as exc:
            sim = ms.sim_from_cme(exc.code) if exc.code is not None else ms.SIM_UNKNOWN
        if sim == ms.SIM_READY:
            # PDU mode again: a modem that booted without its SIM refused it at set-up
            _ask(channel, "AT+CMGF=0", "")
        rssi = ms.parse_csq(_ask(channel, "AT+CSQ", "+CSQ:"))
        # CREG for 2G/3G, CEREG for LTE (a 3G modem answers ERROR to it)
        states = [ms.parse_creg(line) for line in (_ask(channel, "AT+CREG?", "+CREG:"),
                                                   _ask(channel, "AT+CEREG?", "+CEREG:")) if line]
        return ModemStatus(connected=True, sim=sim, bars=ms.bars_from_rssi(rssi),
                           dbm=ms.rssi_to_dbm(rssi), registration=ms.best_registration(*states))


def _ask(channel: AtChannel, cmd: str, prefix: str) -> str:
    """The reply line starting with ``prefix``; "" when the modem refuses (timeouts go up)."""
    try:
        return _first(channel.command(cmd), prefix)
    except ModemTimeout:
        raise
    except SmsError:
        return ""


def _first(lines: list[str], prefix: str) -> str:
    for line in lines:
        if line.startswith(prefix):
            return line
    return ""


class FakeModem(ModemBase):
    """Sends nothing: records ``(phone, text)``; ``fail_with`` makes the next sends fail."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sent: list[tuple[str, str]] = []
        self.fail_with: SmsError | None = None

    def start(self) -> None:
        self._publish(ModemStatus(True, ms.SIM_READY, 4, -65, ms.REG_HOME), "fake")

    def stop(self) -> None:
        pass

    def refresh(self) -> None:
        pass

    def set_status(self, status: ModemStatus) -> None:
        self._publish(status, "fake")

    def send(self, phone: str, text: str) -> list[int]:
        pdus = encode_submit(phone, text, self._next_ref())
        self._check_ready()
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append((phone, text))
        return [len(self.sent) * 10 + i for i in range(len(pdus))]


def make_modem(spec: ModemSpec, parent: QObject | None = None) -> ModemBase:
    if spec.kind == "fake" or spec.line is None:
        return FakeModem(parent)
    return SerialModem(spec.line, parent)
