"""Text width in printer columns: an East Asian wide character takes two columns.

Thermal printers in Chinese mode print every double-byte (GB18030/GBK/Big5) character at double
width, so ambiguous-width characters (·, ×, —, “”, ①) count as two as well: they are double-byte
in those encodings. Combining marks and control characters take no column.
"""

from __future__ import annotations

import unicodedata

# U+00A5 is the Latin-1 yen/yuan sign that Money.format() writes. GBK and Big5 cannot encode it
# and GB18030 needs a four-byte sequence many printers lack, so receipts use the full-width
# sign, which every Chinese printer font has (GB18030 a3 a4).
PRINT_SUBSTITUTES = str.maketrans({"\u00a5": "\uffe5"})


def printable(text: str) -> str:
    """The text as it goes to the printer: yuan sign swapped, tabs and newlines as spaces,
    other control characters dropped."""
    text = text.translate(PRINT_SUBSTITUTES)
    out = []
    for ch in text:
        if ch in "\t\r\n":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


def width(text: str) -> int:
    return sum(char_width(c) for c in text)


def truncate(text: str, cols: int, ellipsis: str = "") -> str:
    """The longest prefix that fits in ``cols``; a wide character is never split in half."""
    if width(text) <= cols:
        return text
    room = max(0, cols - width(ellipsis))
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > room:
            break
        out.append(ch)
        used += w
    return "".join(out) + (ellipsis if width(ellipsis) <= cols else "")


def pad_right(text: str, cols: int) -> str:
    text = truncate(text, cols)
    return text + " " * (cols - width(text))


def pad_left(text: str, cols: int) -> str:
    text = truncate(text, cols)
    return " " * (cols - width(text)) + text


def center(text: str, cols: int) -> str:
    text = truncate(text, cols)
    spare = cols - width(text)
    # trailing spaces are dropped: they would only feed blank dots
    return " " * (spare // 2) + text


def wrap(text: str, cols: int) -> list[str]:
    """Break into lines of at most ``cols`` columns. Chinese may break between any two
    characters; a Latin word is kept whole when it fits on a line of its own."""
    if cols <= 0:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    i = 0
    while i < len(text):
        ch = text[i]
        w = char_width(ch)
        if used + w > cols:
            # move a trailing Latin word that was cut in half to the next line
            cut = _word_start(line)
            if 0 < cut < len(line) and ch not in " " and width(line[cut:]) + w <= cols:
                lines.append(line[:cut].rstrip(" "))
                line = line[cut:]
                used = width(line)
            else:
                lines.append(line.rstrip(" "))
                line, used = "", 0
            if ch == " ":
                i += 1
                continue
        line += ch
        used += w
        i += 1
    if line or not lines:
        lines.append(line.rstrip(" "))
    return lines


def _word_start(line: str) -> int:
    """Index where the trailing run of ASCII word characters in ``line`` begins."""
    j = len(line)
    while j > 0 and line[j - 1].isascii() and line[j - 1] not in " " and line[j - 1].isalnum():
        j -= 1
    return j


def two_columns(left: str, right: str, cols: int, gap: int = 1) -> list[str]:
    """``left`` flush left and ``right`` flush right on one line when both fit; otherwise the
    left text wraps and the right text ends the last line (or gets a line of its own)."""
    lw, rw = width(left), width(right)
    if rw > cols:
        right = truncate(right, cols)
        rw = width(right)
    if lw + gap + rw <= cols:
        return [left + " " * (cols - lw - rw) + right]
    lines = wrap(left, cols)
    last = lines[-1]
    if width(last) + gap + rw <= cols:
        lines[-1] = last + " " * (cols - width(last) - rw) + right
    else:
        lines.append(" " * (cols - rw) + right)
    return lines
