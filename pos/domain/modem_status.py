"""What a modem's AT replies mean: signal bars, SIM and registration state, and the reasons
behind ``+CME ERROR`` / ``+CMS ERROR`` codes (3GPP TS 27.007 / 27.005), as text the partner can
act on. No serial port here: pos.devices.modem talks to the modem.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.errors import DeviceError
from pos.domain.i18n import tr_noop

# SIM states
SIM_READY, SIM_MISSING, SIM_PIN, SIM_PUK, SIM_ERROR, SIM_UNKNOWN = (
    "ready", "missing", "pin", "puk", "error", "unknown")
# registration (+CREG / +CEREG <stat>)
REG_HOME, REG_ROAMING, REG_SEARCHING, REG_DENIED, REG_NONE, REG_UNKNOWN = (
    "home", "roaming", "searching", "denied", "none", "unknown")
_REG = {0: REG_NONE, 1: REG_HOME, 2: REG_SEARCHING, 3: REG_DENIED, 4: REG_UNKNOWN, 5: REG_ROAMING,
        # 6/7 "SMS only" home/roaming (LTE), 9/10 "CSFB not preferred": registered for SMS
        6: REG_HOME, 7: REG_ROAMING, 9: REG_HOME, 10: REG_ROAMING}


@dataclass(frozen=True)
class ModemStatus:
    connected: bool = False
    sim: str = SIM_UNKNOWN
    bars: int = 0  # 0-4
    dbm: int | None = None  # None: the modem does not know (rssi 99)
    registration: str = REG_UNKNOWN

    @property
    def can_send(self) -> bool:
        return (self.connected and self.sim == SIM_READY
                and self.registration in (REG_HOME, REG_ROAMING))


def rssi_to_dbm(rssi: int) -> int | None:
    """``+CSQ`` rssi: 0 is -113 dBm or less, each step 2 dB, 31 is -51 dBm or more, 99 unknown.
    (EC25's 100-199 are TD-SCDMA values, not expected on a 4G dongle: unknown.)"""
    if 0 <= rssi <= 31:
        return -113 + 2 * rssi
    return None


def bars_from_rssi(rssi: int) -> int:
    """Four bars like a phone: below rssi 2 (-109 dBm) an SMS rarely goes out."""
    if not 0 <= rssi <= 31 or rssi < 2:
        return 0
    if rssi < 10:
        return 1
    if rssi < 15:
        return 2
    if rssi < 20:
        return 3
    return 4


def parse_csq(line: str) -> int:
    """``+CSQ: 21,99`` → 21; 99 when the line cannot be read."""
    try:
        return int(line.split(":", 1)[1].split(",")[0])
    except (IndexError, ValueError):
        return 99


def parse_cpin(line: str) -> str:
    state = line.split(":", 1)[-1].strip().upper()
    if state == "READY":
        return SIM_READY
    if "PUK" in state:
        return SIM_PUK
    if "PIN" in state:
        return SIM_PIN
    return SIM_UNKNOWN


def parse_creg(line: str) -> str:
    """``+CREG: 0,1`` (the reply to ``AT+CREG?``: n,stat[,lac,ci…]) → "home"."""
    fields = line.split(":", 1)[-1].split(",")
    try:
        stat = int(fields[1]) if len(fields) > 1 else int(fields[0])
    except ValueError:
        return REG_UNKNOWN
    return _REG.get(stat, REG_UNKNOWN)


def best_registration(*states: str) -> str:
    """CREG (2G/3G) and CEREG (LTE) together: registered on either counts."""
    for wanted in (REG_HOME, REG_ROAMING, REG_SEARCHING, REG_DENIED, REG_NONE):
        if wanted in states:
            return wanted
    return REG_UNKNOWN


def sim_from_cme(code: int) -> str:
    return {10: SIM_MISSING, 11: SIM_PIN, 12: SIM_PUK, 13: SIM_ERROR, 14: SIM_ERROR,
            15: SIM_ERROR}.get(code, SIM_UNKNOWN)


class SmsError(DeviceError):
    """Sending failed. ``retry`` says whether trying again later can help (no network, modem
    busy) or not (wrong number, barred, our own bug): the send queue uses it."""

    def __init__(self, message: str, code: int | None = None, retry: bool = False, **params) -> None:
        self.code = code
        self.retry = retry
        super().__init__(message, code=code if code is not None else "", **params)


_RETRY = {300, 301, 331, 332, 500, 17, 38, 41, 42, 47}
_CMS_REASONS: dict[int, str] = {
    1: tr_noop("errors", "The number does not exist (network code {code})"),
    8: tr_noop("errors", "The operator refused the message (network code {code})"),
    10: tr_noop("errors", "Calls and messages to this number are barred (network code {code})"),
    17: tr_noop("errors", "The network failed; the message will be tried again (network code {code})"),
    21: tr_noop("errors", "The network rejected the message (network code {code})"),
    27: tr_noop("errors", "The destination is out of service (network code {code})"),
    28: tr_noop("errors", "The number is not valid (network code {code})"),
    38: tr_noop("errors", "The network is out of order for now (network code {code})"),
    41: tr_noop("errors", "The network failed for now (network code {code})"),
    42: tr_noop("errors", "The network is congested (network code {code})"),
    50: tr_noop("errors", "SMS is not subscribed for this SIM card (network code {code})"),
    69: tr_noop("errors", "The network does not offer this SMS service (network code {code})"),
    300: tr_noop("errors", "The modem failed (CMS {code}); it will be tried again"),
    301: tr_noop("errors", "The modem's SMS service is busy (CMS {code}); it will be tried again"),
    302: tr_noop("errors", "The modem did not allow the command (CMS {code})"),
    303: tr_noop("errors", "The modem does not support this (CMS {code})"),
    304: tr_noop("errors", "The modem refused the message as invalid (CMS {code})"),
    305: tr_noop("errors", "The modem refused the message as invalid (CMS {code})"),
    310: tr_noop("errors", "No SIM card in the modem (CMS {code})"),
    311: tr_noop("errors", "The SIM card needs its PIN (CMS {code})"),
    312: tr_noop("errors", "The modem is locked to another SIM card (CMS {code})"),
    313: tr_noop("errors", "The SIM card failed (CMS {code})"),
    314: tr_noop("errors", "The SIM card is busy (CMS {code}); it will be tried again"),
    315: tr_noop("errors", "The SIM card is wrong (CMS {code})"),
    316: tr_noop("errors", "The SIM card is locked: it needs its PUK (CMS {code})"),
    320: tr_noop("errors", "The modem's message memory failed (CMS {code})"),
    322: tr_noop("errors", "The modem's message memory is full (CMS {code})"),
    330: tr_noop("errors", "The SIM card has no SMS centre number (CMS {code}): set it with AT+CSCA"),
    331: tr_noop("errors", "No network (CMS {code}); it will be tried again"),
    332: tr_noop("errors", "The network did not answer in time (CMS {code}); it will be tried again"),
    500: tr_noop("errors", "The modem gave an unknown error (CMS {code}); it will be tried again"),
}
_CME_REASONS: dict[int, str] = {
    10: tr_noop("errors", "No SIM card in the modem"),
    11: tr_noop("errors", "The SIM card needs its PIN: unlock it in a phone and turn the PIN off"),
    12: tr_noop("errors", "The SIM card is locked: it needs its PUK"),
    13: tr_noop("errors", "The SIM card failed"),
    14: tr_noop("errors", "The SIM card is busy"),
    30: tr_noop("errors", "No network"),
}


def cms_error(code: int) -> SmsError:
    message = _CMS_REASONS.get(code)
    if message is None:
        message = (tr_noop("errors", "The network refused the message (network code {code})")
                   if code < 128 else tr_noop("errors", "The modem refused the message (CMS {code})"))
    return SmsError(message, code=code, retry=code in _RETRY or code == 314)


def cme_error(code: int) -> SmsError:
    message = _CME_REASONS.get(code, tr_noop("errors", "The modem reported error {code}"))
    return SmsError(message, code=code, retry=code in (14, 30))
