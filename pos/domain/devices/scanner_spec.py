"""Scanner specs, as given to ``--scanner``: ``wedge`` or ``serial:PORT[@BAUD]``.

The scanners themselves (Qt objects, serial ports) are in pos.devices.scanner."""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)
DEFAULT_BAUD = 9600


@dataclass(frozen=True)
class ScannerSpec:
    kind: str  # "wedge" | "serial"
    port: str = ""
    baudrate: int = DEFAULT_BAUD

    def text(self) -> str:
        if self.kind == "wedge":
            return "wedge"
        suffix = "" if self.baudrate == DEFAULT_BAUD else f"@{self.baudrate}"
        return f"serial:{self.port}{suffix}"


def parse_port_baud(rest: str, field: str) -> tuple[str, int]:
    """``PORT[@BAUD]`` shared by scanner and printer specs."""
    port, baud = rest, DEFAULT_BAUD
    head, sep, tail = rest.rpartition("@")
    if sep and tail.isascii() and tail.isdigit():
        port, baud = head, int(tail)
        if baud not in BAUD_RATES:
            raise ValidationError(
                tr_noop("errors", "Baud rate {baud} is not supported; use one of {rates}"),
                field=field,
                baud=baud,
                rates=", ".join(str(b) for b in BAUD_RATES),
            )
    if not port.strip() or port != port.strip() or not port.isprintable():
        raise ValidationError(
            tr_noop("errors", "Give a serial port, for example serial:/dev/ttyACM0 or serial:COM3"),
            field=field,
        )
    return port, baud


def parse_scanner_spec(text: str) -> ScannerSpec:
    raw = (text or "").strip()
    kind, sep, rest = raw.partition(":")
    kind = kind.lower()
    if kind == "wedge" and not sep:
        return ScannerSpec("wedge")
    if kind == "serial" and sep:
        port, baud = parse_port_baud(rest, "scanner")
        return ScannerSpec("serial", port, baud)
    raise ValidationError(
        tr_noop(
            "errors",
            "Unknown scanner '{spec}': use 'wedge' (keyboard) or 'serial:PORT[@BAUD]'",
        ),
        field="scanner",
        spec=raw[:60],
    )
