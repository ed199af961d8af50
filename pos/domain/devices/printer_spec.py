"""Printer specs, as given to ``--printer`` and typed on the Settings page.

``preview`` · ``file:PATH`` · ``usb:VID:PID`` · ``serial:PORT[@BAUD]`` · ``net:HOST[:PORT]``
· ``win32:QUEUE`` · ``cups:QUEUE``. ``spec.text()`` gives the canonical form back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.devices.scanner_spec import DEFAULT_BAUD, parse_port_baud
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

KINDS = ("preview", "file", "usb", "serial", "net", "win32", "cups")
DEFAULT_NET_PORT = 9100
_HEX_ID = re.compile(r"^(?:0[xX])?([0-9a-fA-F]{1,4})$")
_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")


@dataclass(frozen=True)
class PrinterSpec:
    kind: str
    target: str = ""  # path, serial port, host or queue name
    vid: int = 0
    pid: int = 0
    port: int = 0  # TCP port for net
    baudrate: int = DEFAULT_BAUD

    def text(self) -> str:
        if self.kind == "preview":
            return "preview"
        if self.kind == "usb":
            return f"usb:{self.vid:04x}:{self.pid:04x}"
        if self.kind == "serial":
            suffix = "" if self.baudrate == DEFAULT_BAUD else f"@{self.baudrate}"
            return f"serial:{self.target}{suffix}"
        if self.kind == "net":
            host = f"[{self.target}]" if ":" in self.target else self.target
            return f"net:{host}" if self.port == DEFAULT_NET_PORT else f"net:{host}:{self.port}"
        return f"{self.kind}:{self.target}"


def _bad(message: str, **params) -> ValidationError:
    return ValidationError(message, field="printer", **params)


def parse_printer_spec(text: str) -> PrinterSpec:
    raw = (text or "").strip()
    kind, sep, rest = raw.partition(":")
    kind = kind.lower()
    if kind == "preview" and not sep:
        return PrinterSpec("preview")
    if not sep or kind not in KINDS or kind == "preview":
        raise _bad(
            tr_noop(
                "errors",
                "Unknown printer '{spec}': use preview, file:PATH, usb:VID:PID, "
                "serial:PORT[@BAUD], net:HOST[:PORT], win32:QUEUE or cups:QUEUE",
            ),
            spec=raw[:60],
        )
    if kind in ("file", "win32", "cups"):
        if not rest.strip() or not rest.isprintable():
            raise _bad(
                tr_noop("errors", "'{kind}:' needs a name after the colon, for example {example}"),
                kind=kind,
                example={"file": "file:/dev/usb/lp0", "win32": "win32:POS-58", "cups": "cups:POS-58"}[kind],
            )
        return PrinterSpec(kind, rest.strip())
    if kind == "usb":
        return _usb(rest)
    if kind == "serial":
        port, baud = parse_port_baud(rest, "printer")
        return PrinterSpec("serial", port, baudrate=baud)
    return _net(rest)


def _usb(rest: str) -> PrinterSpec:
    parts = rest.split(":")
    ids = [_HEX_ID.match(p.strip()) for p in parts] if len(parts) == 2 else [None]
    if not all(ids):
        raise _bad(
            tr_noop("errors", "USB printers are given as usb:VID:PID in hex, for example usb:0416:5011"),
        )
    vid, pid = (int(m.group(1), 16) for m in ids if m is not None)
    if vid == 0 or pid == 0:
        raise _bad(tr_noop("errors", "USB vendor and product ids cannot be 0"))
    return PrinterSpec("usb", vid=vid, pid=pid)


def _net(rest: str) -> PrinterSpec:
    host, port_text = rest, ""
    if rest.startswith("["):  # [IPv6]:port
        close = rest.find("]")
        host = rest[1:close] if close > 0 else ""
        tail = rest[close + 1 :] if close > 0 else ""
        if tail and not tail.startswith(":"):
            host = ""
        port_text = tail[1:]
        valid_host = bool(host) and re.fullmatch(r"[0-9A-Fa-f:.]+", host) is not None
    else:
        if rest.count(":") == 1:
            host, port_text = rest.split(":")
        valid_host = _HOST.match(host) is not None
    if not valid_host:
        raise _bad(
            tr_noop("errors", "Give the printer's address, for example net:192.168.1.50 or net:192.168.1.50:9100"),
        )
    port = DEFAULT_NET_PORT
    if port_text or rest.endswith(":"):
        if not (port_text.isascii() and port_text.isdigit()) or not 1 <= int(port_text) <= 65535:
            raise _bad(tr_noop("errors", "A network port is a number from 1 to 65535"))
        port = int(port_text)
    return PrinterSpec("net", host, port=port)
