"""Clean what a scanner sends before any page sees it.

Scanners add CR/LF/Tab suffixes, sometimes a prefix, NULs from serial line noise, and GS1 codes
carry GS (0x1D) between variable-length fields. A Chinese input method in full-width mode turns
"6901234567892" into "６９０１２３４５６７８９２", which must still match.
"""

from __future__ import annotations

import re
import unicodedata

GS = "\x1d"  # kept: it separates GS1 fields, and dropping it would merge two of them

_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_SPACES = re.compile(" +")  # not \s, which counts GS as white space
_GS_RUNS = re.compile(GS + "+")


def normalise(raw: str) -> str:
    """Full-width ASCII to ASCII, control characters out (GS kept, once), white space runs
    to one space, nothing at either end."""
    text = _FULL_WIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), raw)
    out = []
    for ch in text:
        if ch == GS:
            out.append(GS)
        elif ch.isspace() and ch not in "\x1c\x1e\x1f":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            continue  # NUL, DEL, zero-width and byte-order marks, unpaired surrogates
        else:
            out.append(ch)
    text = _SPACES.sub(" ", "".join(out))
    text = _GS_RUNS.sub(GS, text)
    return text.strip(" " + GS)


def split_lines(buffer: bytes) -> tuple[list[bytes], bytes]:
    """Complete lines ended by CR, LF or CRLF, and the unfinished rest."""
    parts = re.split(rb"\r\n|\r|\n", buffer)
    return [p for p in parts[:-1] if p], parts[-1]


def decode(raw: bytes) -> str:
    """Serial scanners send ASCII, UTF-8 (Chinese QR payloads) or, configured for China, GBK."""
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")
