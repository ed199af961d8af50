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


# What the app says. Always Chinese: the voices it looks for are Chinese ones (pos.devices.speech),
# whatever language the screen is in, and the villagers at the counter hear Chinese.
CHECKED_IN = "入库成功"
DUPLICATE = "重复入库"
WRONG_PARCEL = "错件，请勿交出"


def code_and_shelf(code: str, shelf: str, layer: int | str) -> str:
    """``取件码 A，三，零一二七，A号货架，第三层``: what a villager asks for at the counter."""
    text = f"取件码 {spell_code(code)}"
    if shelf:
        text += f"，{spell_code(str(shelf))}号货架"
        if str(layer).strip():
            text += f"，第{spell_code(str(layer))}层"
    return text
