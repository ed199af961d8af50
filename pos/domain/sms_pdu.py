"""SMS-SUBMIT PDUs (3GPP TS 23.040) for ``AT+CMGS`` in PDU mode.

Text mode cannot carry Chinese on many modems, so every message goes as a PDU: GSM 7-bit when
all characters are in the GSM default alphabet, UCS-2 (UTF-16) otherwise. A message too long
for one SMS is split into parts with an 8-bit concatenation header (IEI 00) that carries one
reference for all its parts; the phone joins them. Characters outside the BMP (emoji) take two
UTF-16 units and are never split across parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

UCS2_SINGLE = 70  # UTF-16 units in one SMS
UCS2_PART = 67  # with the 6-octet concatenation header
GSM_SINGLE = 160  # septets
GSM_PART = 153
MAX_PARTS = 10  # far beyond any notice; guards against sending a novel by mistake

# TP-VP relative: 168-196 are (v - 166) days; 169 = 3 days, long enough for a phone that is off
# over a weekend, short enough that a stale pickup notice is not delivered a week late
VALIDITY_3_DAYS = 169

# The GSM 03.38 default alphabet: index = septet value. Only the basic table (no escape to the
# extension table): a message needing €, [ ] { } ~ etc. goes as UCS-2, which is simpler than
# keeping escape pairs together across parts.
GSM_ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM = {ch: i for i, ch in enumerate(GSM_ALPHABET) if ch != "\x1b"}
_NUMBER = re.compile(r"^\+?\d{3,20}$")
_CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class Pdu:
    """One part: ``hex`` is what follows the ``>`` prompt (with the ``00`` "use the stored SMSC"
    octet in front); ``length`` is the ``AT+CMGS=`` argument, the TPDU octets without the SMSC."""

    hex: str
    length: int


def is_gsm7(text: str) -> bool:
    return all(ch in _GSM for ch in text)


def address(phone: str) -> tuple[str, int]:
    """The destination as (digits, type of address). An 11-digit mainland mobile goes
    international as 86…; ``+`` or ``00`` prefixes are international; short and service numbers
    (10086, 95338) stay as they are, type unknown."""
    raw = re.sub(r"[\s\-()]", "", phone or "")
    if not _NUMBER.match(raw):
        raise ValidationError(
            tr_noop("errors", "'{phone}' is not a phone number an SMS can go to"),
            field="phone", phone=(phone or "")[:30],
        )
    if raw.startswith("+"):
        return raw[1:], 0x91
    if raw.startswith("00"):
        return raw[2:], 0x91
    if _CN_MOBILE.match(raw):
        return "86" + raw, 0x91
    return raw, 0x81


def _semi_octets(digits: str) -> bytes:
    padded = digits + ("F" if len(digits) % 2 else "")
    return bytes.fromhex("".join(padded[i + 1] + padded[i] for i in range(0, len(padded), 2)))


def pack_septets(septets: list[int], fill_bits: int = 0) -> bytes:
    """GSM 7-bit packing, least significant bit first; ``fill_bits`` zero bits come first so the
    text starts on a septet boundary after a user data header."""
    value, nbits = 0, fill_bits
    for s in septets:
        value |= s << nbits
        nbits += 7
    return value.to_bytes((nbits + 7) // 8, "little")


def _utf16_parts(text: str, size: int) -> list[bytes]:
    units = text.encode("utf-16-be")
    parts, start = [], 0
    while start < len(units):
        end = min(start + 2 * size, len(units))
        # a high surrogate as the last unit: its pair goes into the next part with it
        if end < len(units) and 0xD8 <= units[end - 2] <= 0xDB:
            end -= 2
        parts.append(units[start:end])
        start = end
    return parts


def split_text(text: str) -> tuple[bool, list]:
    """(gsm7, parts): septet lists for GSM 7-bit, UTF-16-BE bytes for UCS-2."""
    if is_gsm7(text):
        septets = [_GSM[ch] for ch in text]
        if len(septets) <= GSM_SINGLE:
            return True, [septets]
        return True, [septets[i:i + GSM_PART] for i in range(0, len(septets), GSM_PART)]
    if len(text.encode("utf-16-be")) <= 2 * UCS2_SINGLE:
        return False, [text.encode("utf-16-be")]
    return False, _utf16_parts(text, UCS2_PART)


def encode_submit(phone: str, text: str, reference: int = 0,
                  validity: int | None = VALIDITY_3_DAYS) -> list[Pdu]:
    """The PDUs of one message to ``phone``; ``reference`` (0-255) ties the parts of a long
    message together and should change from one message to the next."""
    if not text:
        raise ValidationError(tr_noop("errors", "An SMS needs some text"), field="text")
    digits, toa = address(phone)
    gsm7, parts = split_text(text)
    if len(parts) > MAX_PARTS:
        raise ValidationError(
            tr_noop("errors", "The SMS is too long: {parts} parts, at most {max} are sent"),
            field="text", parts=len(parts), max=MAX_PARTS,
        )
    multi = len(parts) > 1
    first = 0x01 | (0x10 if validity is not None else 0) | (0x40 if multi else 0)
    head = bytes([first, 0x00, len(digits), toa]) + _semi_octets(digits)
    head += bytes([0x00, 0x00 if gsm7 else 0x08])
    if validity is not None:
        head += bytes([validity & 0xFF])
    pdus = []
    for seq, part in enumerate(parts, 1):
        udh = bytes([0x05, 0x00, 0x03, reference & 0xFF, len(parts), seq]) if multi else b""
        if gsm7:
            fill = (7 - (len(udh) * 8) % 7) % 7
            body = udh + pack_septets(part, fill)
            udl = (len(udh) * 8 + fill) // 7 + len(part)
        else:
            body = udh + part
            udl = len(body)
        tpdu = head + bytes([udl]) + body
        pdus.append(Pdu("00" + tpdu.hex().upper(), len(tpdu)))
    return pdus
