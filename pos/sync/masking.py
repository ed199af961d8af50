"""Personal data masked before it leaves the station (PIPL Art. 6: the minimum the county needs).

Phones go up as ``138****1234`` (first 3 and last 4, the waybill convention) and names as their
first character and one star (``王*``). The county's validation refuses what is not masked, so a
station bug cannot leak whole numbers.
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = re.compile(r"\d+", re.ASCII)
# 7 or more digits in a row anywhere: a phone number that was not masked
_UNMASKED_RUN = re.compile(r"\d{7,}", re.ASCII)


def mask_phone(raw: str | None) -> str:
    """``13812341234`` -> ``138****1234``; a masked number keeps its visible digits; other
    numbers (landlines) keep their first 3 and last 4 digits. Empty stays empty."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = re.sub(r"[\s\-.()]+", "", text.strip())
    text = re.sub(r"^(?:\+86|0086)", "", text)
    if not text:
        return ""
    if "*" in text:
        head, _, tail = text.partition("*")
        tail = tail.lstrip("*")
        head = "".join(_DIGITS.findall(head))[:3]
        tail = "".join(_DIGITS.findall(tail))[-4:]
        return f"{head}****{tail}"
    digits = "".join(_DIGITS.findall(text))
    if len(digits) <= 7:
        return "*" * len(digits)  # too short to show anything and still hide most of it
    return f"{digits[:3]}****{digits[-4:]}"


def mask_name(raw: str | None) -> str:
    """``王小明`` -> ``王*``; ``欧阳娜娜`` -> ``欧*`` (one star whatever the length, so the
    length is not told either). Empty stays empty."""
    text = (raw or "").strip()
    if not text:
        return ""
    return text[0] + "*"


# a whole mainland mobile number standing on its own (not inside a longer waybill or number)
_WHOLE_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)", re.ASCII)


def has_whole_mobile(text: str) -> bool:
    """Free text (event details, reasons) naming a whole mobile number, which may not leave."""
    return bool(_WHOLE_MOBILE.search(unicodedata.normalize("NFKC", text)))


def is_masked_phone(value: str) -> bool:
    return value == "" or ("*" in value and not _UNMASKED_RUN.search(value))


def is_masked_name(value: str) -> bool:
    return value == "" or (value.endswith("*") and len(value.rstrip("*")) <= 1)


def is_masked_account(value: str) -> bool:
    """A service's account as sent: empty, or starred with no long run of digits left."""
    return is_masked_phone(value)
