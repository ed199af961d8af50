"""Scale and modem specs, as given to ``--scale`` / ``--modem`` and typed in Settings.

Scale: ``fake`` or ``serial:PORT[@BAUD][,FRAMING][,PROTOCOL][,UNIT]``, e.g.
``serial:/dev/ttyUSB2@9600,7E1,toledo``. FRAMING is data bits, parity and stop bits
(``8N1`` the default; Toledo-type and A&D indicators often use ``7E1``, though the decoders also
read them at 8N1 since they drop the parity bit), PROTOCOL one of SCALE_PROTOCOLS (``stgs`` by
default), UNIT the display unit of formats that do not send one (``kg``).

Modem: ``fake`` or ``serial:PORT[@BAUD]`` (115200 by default: USB modems ignore the rate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

BAUD_RATES = (600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)
SCALE_BAUD = 9600
MODEM_BAUD = 115200
# names of pos.domain.scale_protocols.DECODERS (no import: the spec is read before any decoder)
SCALE_PROTOCOLS = ("stgs", "toledo", "xk3190-eq", "xk3190-stx")
SCALE_UNITS = ("kg", "g", "lb")
_FRAMING = re.compile(r"^([78])([NEO])([12])$")


@dataclass(frozen=True)
class SerialLine:
    port: str
    baudrate: int
    bytesize: int = 8
    parity: str = "N"  # pyserial's letters: N, E, O
    stopbits: int = 1

    @property
    def framing(self) -> str:
        return f"{self.bytesize}{self.parity}{self.stopbits}"


@dataclass(frozen=True)
class ScaleSpec:
    kind: str  # "fake" | "serial"
    line: SerialLine | None = None
    protocol: str = "stgs"
    unit: str = "kg"

    def text(self) -> str:
        if self.kind == "fake" or self.line is None:
            return "fake"
        text = f"serial:{self.line.port}"
        if self.line.baudrate != SCALE_BAUD:
            text += f"@{self.line.baudrate}"
        if self.line.framing != "8N1":
            text += f",{self.line.framing}"
        if self.protocol != "stgs":
            text += f",{self.protocol}"
        if self.unit != "kg":
            text += f",{self.unit}"
        return text


@dataclass(frozen=True)
class ModemSpec:
    kind: str  # "fake" | "serial"
    line: SerialLine | None = None

    def text(self) -> str:
        if self.kind == "fake" or self.line is None:
            return "fake"
        suffix = "" if self.line.baudrate == MODEM_BAUD else f"@{self.line.baudrate}"
        return f"serial:{self.line.port}{suffix}"


def _port_baud(rest: str, field: str, default: int) -> tuple[str, int]:
    port, baud = rest, default
    head, sep, tail = rest.rpartition("@")
    if sep and tail.isascii() and tail.isdigit():
        port, baud = head, int(tail)
        if baud not in BAUD_RATES:
            raise ValidationError(
                tr_noop("errors", "Baud rate {baud} is not supported; use one of {rates}"),
                field=field, baud=baud, rates=", ".join(str(b) for b in BAUD_RATES),
            )
    if not port.strip() or port != port.strip() or not port.isprintable():
        raise ValidationError(
            tr_noop("errors", "Give a serial port, for example serial:/dev/ttyACM0 or serial:COM3"),
            field=field,
        )
    return port, baud


def parse_scale_spec(text: str) -> ScaleSpec:
    raw = (text or "").strip()
    if raw.lower() == "fake":
        return ScaleSpec("fake")
    kind, sep, rest = raw.partition(":")
    if kind.lower() != "serial" or not sep:
        raise ValidationError(
            tr_noop("errors", "Unknown scale '{spec}': use 'serial:PORT[@BAUD][,7E1][,PROTOCOL]' "
                              "with PROTOCOL one of {protocols}"),
            field="scale", spec=raw[:60], protocols=", ".join(SCALE_PROTOCOLS),
        )
    where, *options = rest.split(",")
    port, baud = _port_baud(where, "scale", SCALE_BAUD)
    bytesize, parity, stopbits = 8, "N", 1
    protocol, unit = "stgs", "kg"
    for option in (o.strip() for o in options):
        framing = _FRAMING.match(option.upper())
        if framing:
            bytesize, parity, stopbits = int(framing[1]), framing[2], int(framing[3])
        elif option.lower() in SCALE_PROTOCOLS:
            protocol = option.lower()
        elif option.lower() in SCALE_UNITS:
            unit = option.lower()
        else:
            raise ValidationError(
                tr_noop("errors", "Unknown scale setting '{option}': give a framing like 8N1 or 7E1, "
                                  "a protocol ({protocols}) or a unit (kg, g, lb)"),
                field="scale", option=option[:20], protocols=", ".join(SCALE_PROTOCOLS),
            )
    return ScaleSpec("serial", SerialLine(port, baud, bytesize, parity, stopbits), protocol, unit)


def parse_modem_spec(text: str) -> ModemSpec:
    raw = (text or "").strip()
    if raw.lower() == "fake":
        return ModemSpec("fake")
    kind, sep, rest = raw.partition(":")
    if kind.lower() != "serial" or not sep:
        raise ValidationError(
            tr_noop("errors", "Unknown modem '{spec}': use 'serial:PORT[@BAUD]', "
                              "for example serial:/dev/ttyUSB2 or serial:COM5"),
            field="modem", spec=raw[:60],
        )
    port, baud = _port_baud(rest, "modem", MODEM_BAUD)
    return ModemSpec("serial", SerialLine(port, baud))
