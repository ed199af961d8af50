"""Text made for speaking: a pickup code read out one sign at a time.

A voice reads "0127" as a number (一百二十七) and espeak-ng drops decimal points, so a code is
spelt: each digit as its Chinese word, letters as letters, separators as a short pause.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def spell_code(code: str) -> str:
    """``spell_code("A-3-0127") == "A，三，零一二七"``."""
    groups: list[str] = []
    current = ""
    for ch in (code or "").strip():
        if ch.isascii() and ch.isdigit():
            current += _DIGITS[int(ch)]
        elif ch.isascii() and ch.isalpha():
            if current:
                groups.append(current)
            groups.append(ch.upper())
            current = ""
        else:  # "-", "/", spaces: a pause
            if current:
                groups.append(current)
            current = ""
    if current:
        groups.append(current)
    return "，".join(groups)
