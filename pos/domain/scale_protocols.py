"""What serial scales send, decoded into weights (no Qt, no serial port).

Four formats cover the indicators a village station meets (research: devices-scale-sms-speech.md,
part A): the "ST,GS,+0001.234kg" lines of A&D, CAS and many OEM indicators; the Mettler Toledo
continuous frame that Chinese indicators copy; and the two outputs of XK3190-style indicators,
reversed-digit "=" frames and STX frames with an XOR check. A decoder is fed whatever bytes the port gave and returns the weights of the frames
it completed; it skips noise and torn frames, so it can start in the middle of a frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

GRAMS_PER_JIN = 500

# grams per unit as it appears on the wire (lower case); 斤 as SJ/jin on some indicators
UNIT_GRAMS = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "t": Decimal(1_000_000),
    "lb": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),
    "sj": Decimal(GRAMS_PER_JIN),
    "jin": Decimal(GRAMS_PER_JIN),
}

# a decoder never holds more than this many bytes of an unfinished frame (noise or a wrong baud
# rate would otherwise grow the buffer without end)
MAX_PENDING = 64


@dataclass(frozen=True)
class Weight:
    """A reading in whole grams. ``stable`` is the scale's own "no motion" flag (formats without
    one say True: the reader's hold-for-N-frames rule decides); ``overload`` means out of range
    (over or under), when ``grams`` means nothing; ``net`` means a tare was taken off."""

    grams: int
    stable: bool = True
    overload: bool = False
    net: bool = False

    @property
    def usable(self) -> bool:
        """A weight one may charge for: steady, in range and not below zero."""
        return self.stable and not self.overload and self.grams >= 0

    def kg_text(self) -> str:
        """``1.234`` (three decimals, the unit is shown by the caller)."""
        return _fixed(self.grams, 1000, 3)

    def jin_text(self) -> str:
        """``2.47`` in 斤 of 500 g, to two decimals (what a market scale shows)."""
        return _fixed(self.grams, GRAMS_PER_JIN, 2)

    def less_tare(self, tare_grams: int) -> Weight:
        """The net weight once a basket of ``tare_grams`` is taken off."""
        if not tare_grams:
            return self
        return replace(self, grams=self.grams - tare_grams, net=True)


def _fixed(grams: int, per_unit: int, places: int) -> str:
    value = (Decimal(grams) / per_unit).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{value:.{places}f}"


def to_grams(number: str | Decimal, unit: str) -> int | None:
    """``to_grams("1.234", "kg") == 1234``; None for a unit or number we cannot read."""
    per_unit = UNIT_GRAMS.get(unit.strip().lower())
    if per_unit is None:
        return None
    try:
        value = Decimal(number) * per_unit
    except InvalidOperation:
        return None
    return int(value.quantize(Decimal(1), ROUND_HALF_UP))


class Decoder:
    """Feed bytes, get weights. Subclasses parse one frame format."""

    name = ""

    def __init__(self, unit: str = "kg") -> None:
        # the display unit of formats that do not send one ("=" frames)
        self.unit = unit
        self._buf = b""

    def feed(self, data: bytes) -> list[Weight]:
        # a 7E1 device read as 8N1 leaves its parity in bit 7; every format here is ASCII
        self._buf += bytes(b & 0x7F for b in data)
        out = self._frames()
        if len(self._buf) > MAX_PENDING:
            self._buf = self._buf[-MAX_PENDING:]
        return out

    def _frames(self) -> list[Weight]:
        raise NotImplementedError


# ST,GS,+0001.234kg ---------------------------------------------------------------------------
_STATES = {"ST": (True, False), "QT": (True, False), "US": (False, False),
           "OL": (False, True), "UL": (False, True), "TL": (False, False)}
_KINDS = {"GS": False, "NT": True, "TR": False}
_LINE_WEIGHT = re.compile(r"\s*([+-]?)\s*(\d+(?:\.\d*)?|\.\d+)\s*,?\s*([A-Za-z]*)\s*")
_LINE_END = re.compile(rb"[\r\n]+")


class StatusLineDecoder(Decoder):
    """``ST,GS,+0001.234kg`` CR LF and its variants: no H2 (``ST,+00123.45  g``), a comma
    before the unit (Dini Argeo), CAS's device and lamp bytes after ``GS,``."""

    name = "stgs"

    def _frames(self) -> list[Weight]:
        *lines, self._buf = _LINE_END.split(self._buf)
        out = []
        for raw in lines:
            weight = self.parse_line(raw.decode("ascii", "replace"))
            if weight is not None:
                out.append(weight)
        return out

    def parse_line(self, line: str) -> Weight | None:
        fields = line.strip().split(",")
        head = fields[0].strip().upper()
        # noise before the header on the same line (a torn first line) is not a frame
        if head not in _STATES or len(fields) < 2:
            return None
        stable, overload = _STATES[head]
        rest = fields[1:]
        net = False
        if rest[0].strip().upper() in _KINDS:
            net = _KINDS[rest[0].strip().upper()]
            rest = rest[1:]
        if overload:
            return Weight(0, stable=False, overload=True, net=net)
        if len(rest) >= 2 and len(rest[0]) == 2 and not _LINE_WEIGHT.fullmatch(rest[0]):
            rest = rest[1:]  # CAS: device id and lamp bytes
        found = _LINE_WEIGHT.fullmatch(",".join(rest))
        if not found:
            return None
        sign, number, unit = found.groups()
        grams = to_grams(number, unit or self.unit)
        if grams is None:
            return None
        return Weight(-grams if sign == "-" else grams, stable=stable, net=net)


# Mettler Toledo continuous -------------------------------------------------------------------
STX, ETX, CR = 0x02, 0x03, 0x0D
TOLEDO_LEN = 17  # STX SWA SWB SWC + 6 weight + 6 tare + CR; an 18th byte is the checksum
# SWA bits 0-2: where the decimal point sits (0 → the 6 digits are hundreds, 2 → units, 5 → 0.001)
_TOLEDO_SCALE = {0: 2, 1: 1, 2: 0, 3: -1, 4: -2, 5: -3, 6: -4, 7: -5}


def toledo_checksum(frame: bytes) -> int:
    """The byte that makes the 7-bit sum of the whole frame (STX … CR, checksum) zero."""
    return (-sum(frame)) & 0x7F


class ToledoDecoder(Decoder):
    """STX SWA SWB SWC, 6 weight digits, 6 tare digits, CR, optional checksum.

    Whether the scale sends the checksum is learnt: once one frame ended in a valid checksum,
    every frame must. Only the bits the manuals agree on are read (SWA's high bits differ by
    model and are never checked)."""

    name = "toledo"

    def __init__(self, unit: str = "kg") -> None:
        super().__init__(unit)
        self.checksum: bool | None = None  # None: not known yet

    def _frames(self) -> list[Weight]:
        out: list[Weight] = []
        while True:
            start = self._buf.find(bytes([STX]))
            if start < 0:
                self._buf = b""
                return out
            buf = self._buf = self._buf[start:]
            if len(buf) < TOLEDO_LEN:
                return out
            frame = buf[:TOLEDO_LEN]
            if frame[-1] != CR or not all(c in b"0123456789 " for c in frame[4:16]):
                self._buf = buf[1:]  # a torn frame or noise that happened to hold an STX
                continue
            if self.checksum is not False:
                if len(buf) == TOLEDO_LEN:
                    return out  # wait for the byte after CR: checksum or the next STX
                valid = toledo_checksum(frame) == buf[TOLEDO_LEN]
                if valid:
                    self.checksum = True
                elif self.checksum:
                    self._buf = buf[1:]
                    continue
                elif buf[TOLEDO_LEN] == STX:
                    self.checksum = False
            size = TOLEDO_LEN + (1 if self.checksum else 0)
            self._buf = buf[size:]
            weight = self.parse_frame(frame)
            if weight is not None:
                out.append(weight)

    def parse_frame(self, frame: bytes) -> Weight | None:
        swa, swb, swc = frame[1], frame[2], frame[3]
        digits = frame[4:10].decode("ascii").replace(" ", "0")
        exponent = _TOLEDO_SCALE[swa & 0x07]
        number = Decimal(int(digits)).scaleb(exponent)
        net, negative, overload, motion = (bool(swb & bit) for bit in (1, 2, 4, 8))
        unit = {1: "g", 2: "t"}.get(swc & 0x07) or ("kg" if swb & 0x10 else "lb")
        if overload:
            return Weight(0, stable=False, overload=True, net=net)
        grams = to_grams(number, unit)
        if grams is None:
            return None
        return Weight(-grams if negative else grams, stable=not motion, net=net)


def toledo_frame(grams: int, *, tare: int = 0, places: int = 3, net: bool = False,
                 motion: bool = False, overload: bool = False, checksum: bool = False,
                 unit_kg: bool = True) -> bytes:
    """A frame as a Toledo-format indicator sends it (for tests, the demo and the test button)."""
    if not unit_kg:
        places = 0  # whole grams
    code = {0: 2, 1: 3, 2: 4, 3: 5}[places]
    scale = 10 ** places
    value = round(abs(grams) / 1000 * scale) if unit_kg else abs(grams)
    tare_value = round(abs(tare) / 1000 * scale) if unit_kg else abs(tare)
    swa = 0x20 | 0x08 | code  # ×1 increment, b5 set as on a Wildcat
    swb = 0x20 | (1 if net else 0) | (2 if grams < 0 else 0) | (4 if overload else 0) \
        | (8 if motion else 0) | (0x10 if unit_kg else 0)
    swc = 0x20 | (0 if unit_kg else 1)
    body = bytes([STX, swa, swb, swc]) + f"{value:06d}{tare_value:06d}".encode() + bytes([CR])
    return body + bytes([toledo_checksum(body)]) if checksum else body


# XK3190 "=" frames ---------------------------------------------------------------------------
_EQ_NUMBER = re.compile(r"^[+-]?(\d+(?:\.\d*)?|\.\d+)$")


class ReversedEqualsDecoder(Decoder):
    """``=`` and the display's 7 or 8 characters lowest digit first (0123.50 → ``=05.3210``),
    repeated without line ends or checksum (耀华 XK3190 tF=2/3, 柯力 D2008, 顶松 DS822). Some
    indicators send the digits in reading order after a sign (``=+012.35``); a leading sign
    tells them apart. No stability flag: every reading says stable, the reader's rule decides."""

    name = "xk3190-eq"

    def __init__(self, unit: str = "kg") -> None:
        super().__init__(unit)
        self._synced = False  # the bytes before the first "=" are the tail of an unseen frame

    def _frames(self) -> list[Weight]:
        *frames, self._buf = self._buf.split(b"=")
        if frames and not self._synced:
            self._synced = True
            frames = frames[1:]
        out = []
        for raw in frames:
            weight = self.parse_frame(raw.decode("ascii", "replace").strip())
            if weight is not None:
                out.append(weight)
        return out

    def parse_frame(self, text: str) -> Weight | None:
        if not 6 <= len(text) <= 9:
            return None
        if text[0] not in "+-":
            text = text[::-1].strip()
        text = text.replace(" ", "")
        if not _EQ_NUMBER.match(text):
            return None
        grams = to_grams(text.lstrip("+-"), self.unit)
        if grams is None:
            return None
        return Weight(-grams if text.startswith("-") else grams)


def reversed_equals_frame(display: str) -> bytes:
    """``reversed_equals_frame("0123.50") == b"=05.3210"``."""
    return b"=" + display[::-1].encode("ascii")


# XK3190 STX frames -------------------------------------------------------------------------------
STX_FRAME_LEN = 12


class StxXorDecoder(Decoder):
    """耀华 XK3190-A9 output mode tF=0: STX, sign, 6 digits high first, the number of decimals
    (``0``-``4``), the XOR of those 8 bytes as two ASCII hex digits, ETX. +20.00 kg is
    ``02 2B 30 30 32 30 30 30 32 31 42 03``. No stability flag, like the "=" frames."""

    name = "xk3190-stx"

    def _frames(self) -> list[Weight]:
        out: list[Weight] = []
        while True:
            start = self._buf.find(bytes([STX]))
            if start < 0:
                self._buf = b""
                return out
            buf = self._buf = self._buf[start:]
            if len(buf) < STX_FRAME_LEN:
                return out
            weight = self.parse_frame(buf[:STX_FRAME_LEN])
            if weight is None:
                self._buf = buf[1:]
                continue
            self._buf = buf[STX_FRAME_LEN:]
            out.append(weight)

    def parse_frame(self, frame: bytes) -> Weight | None:
        sign, digits, places = frame[1:2], frame[2:8], frame[8]
        if frame[-1] != ETX or sign not in (b"+", b"-") or not digits.isdigit() \
                or not 0x30 <= places <= 0x34:
            return None
        check = 0
        for byte in frame[1:9]:
            check ^= byte
        if frame[9:11].upper() != f"{check:02X}".encode():
            return None
        grams = to_grams(Decimal(int(digits)).scaleb(-(places - 0x30)), self.unit)
        if grams is None:
            return None
        return Weight(-grams if sign == b"-" else grams)


def stx_xor_frame(display: str) -> bytes:
    """``stx_xor_frame("+0020.00")``: the tF=0 frame of what the indicator shows."""
    sign, number = display[0], display[1:]
    whole, _, fraction = number.partition(".")
    body = (sign + f"{int(whole + fraction):06d}" + str(len(fraction))).encode("ascii")
    check = 0
    for byte in body:
        check ^= byte
    return bytes([STX]) + body + f"{check:02X}".encode("ascii") + bytes([ETX])


DECODERS: dict[str, type[Decoder]] = {
    StatusLineDecoder.name: StatusLineDecoder,
    ToledoDecoder.name: ToledoDecoder,
    ReversedEqualsDecoder.name: ReversedEqualsDecoder,
    StxXorDecoder.name: StxXorDecoder,
}


def make_decoder(protocol: str, unit: str = "kg") -> Decoder:
    return DECODERS[protocol](unit)


def detect_protocol(captured: bytes, at_least: int = 2) -> str | None:
    """The protocol that reads the most frames out of a few seconds of captured bytes (the
    Settings "detect" button); None when none reads ``at_least``. Read at 8N1, a 7E1 scale's
    bytes decode too: every decoder drops the parity bit."""
    counts = {name: len(make_decoder(name).feed(captured)) for name in DECODERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= at_least else None


class StableHold:
    """The stable-weight rule: the scale says stable (where it can) and the same reading came
    ``frames`` times in a row over at least ``min_span_s`` seconds."""

    def __init__(self, frames: int = 3, min_span_s: float = 0.5) -> None:
        self.frames = max(1, frames)
        self.min_span_s = min_span_s
        self._last: Weight | None = None
        self._count = 0
        self._since = 0.0
        self._now = 0.0

    def reset(self) -> None:
        self._last, self._count = None, 0

    def add(self, weight: Weight, now: float) -> None:
        if weight == self._last and weight.stable:
            self._count += 1
        else:
            self._last, self._since = weight, now
            self._count = 1 if weight.stable else 0
        self._now = now

    def held(self) -> Weight | None:
        """The stable reading, or None while the weight moves (or was never steady)."""
        last = self._last
        if last is None or not last.stable or last.overload or self._count < self.frames:
            return None
        if self._now - self._since < self.min_span_s:
            return None
        return last
