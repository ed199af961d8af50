"""PINs: 4 to 8 digits, stored only as a salted scrypt hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

_PIN = re.compile(r"^[0-9]{4,8}$")

# scrypt cost: about 50 ms and 16 MiB on an old station PC; slow enough that a stolen database
# does not give up 4-digit PINs in seconds, fast enough for a login.
_N, _R, _P = 2**14, 8, 1


def validate_pin(pin: str) -> str:
    if not isinstance(pin, str) or not _PIN.match(pin):
        raise ValidationError(tr_noop("errors", "The PIN must be 4 to 8 digits."), field="pin")
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    validate_pin(pin)
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)
