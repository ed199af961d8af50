"""PINs: 4 to 8 digits (6 suggested for the owner), stored only as a salted scrypt hash.

The hash string carries its own cost (``scrypt$n$r$p$salt$digest``), so hashes made with an older
cost keep working; a successful login then stores a new hash at the current cost (needs_rehash).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

_PIN = re.compile(r"^[0-9]{4,8}$")
OWNER_PIN_DIGITS = 6  # suggested for the owner: a million guesses instead of ten thousand


@dataclass(frozen=True)
class ScryptCost:
    n: int
    r: int
    p: int

    @property
    def memory(self) -> int:
        return 128 * self.r * self.n * self.p


# One guess must cost a thief with a copy of the database at least 0.25 s: 64 MiB and about
# 0.3 s on a current desktop core, 0.5 to 1 s on an old station PC (0.8 s measured on a loaded
# shared server). A 4-digit PIN then takes about 40 min of one core, a 6-digit one about 3 days,
# instead of seconds. Logins check the last user's hash first, so a login stays near one hash.
PRODUCTION_COST = ScryptCost(2**16, 8, 1)
# A stored hash asking for more than this is refused rather than run: a tampered row must not
# make every login take minutes or gigabytes.
_MAX_N = 2**20

_cost = PRODUCTION_COST


def current_cost() -> ScryptCost:
    return _cost


def set_cost(cost: ScryptCost) -> ScryptCost:
    """Use ``cost`` for new hashes from now on; returns the previous one. Tests lower it, so
    thousands of PINs hashed in the suite do not take minutes."""
    global _cost
    previous, _cost = _cost, cost
    return previous


def validate_pin(pin: str) -> str:
    if not isinstance(pin, str) or not _PIN.match(pin):
        raise ValidationError(tr_noop("errors", "The PIN must be 4 to 8 digits."), field="pin")
    return pin


def _scrypt(pin: str, salt: bytes, cost: ScryptCost, dklen: int) -> bytes:
    # OpenSSL refuses more than 32 MiB unless told: allow the cost's own need and a margin
    return hashlib.scrypt(pin.encode(), salt=salt, n=cost.n, r=cost.r, p=cost.p, dklen=dklen,
                          maxmem=cost.memory + 2**20 + 128 * cost.r * cost.p)


def hash_pin(pin: str, *, salt: bytes | None = None, cost: ScryptCost | None = None) -> str:
    validate_pin(pin)
    cost = cost or _cost
    salt = salt or os.urandom(16)
    digest = _scrypt(pin, salt, cost, 32)
    b64 = base64.b64encode
    return f"scrypt${cost.n}${cost.r}${cost.p}${b64(salt).decode()}${b64(digest).decode()}"


def _parse(stored: str) -> tuple[ScryptCost, bytes, bytes] | None:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return None
        cost = ScryptCost(int(n), int(r), int(p))
        if not (1 < cost.n <= _MAX_N and 0 < cost.r <= 32 and 0 < cost.p <= 4):
            return None
        return cost, base64.b64decode(salt), base64.b64decode(digest)
    except (ValueError, TypeError, AttributeError):
        return None


def verify_pin(pin: str, stored: str) -> bool:
    parsed = _parse(stored)
    if parsed is None or not isinstance(pin, str):
        return False
    cost, salt, expected = parsed
    try:
        got = _scrypt(pin, salt, cost, len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def needs_rehash(stored: str) -> bool:
    """The stored hash was made at another cost than the current one (after a verified PIN, the
    caller stores hash_pin(pin) instead)."""
    parsed = _parse(stored)
    return parsed is None or parsed[0] != _cost
