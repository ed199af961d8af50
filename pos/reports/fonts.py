"""The CJK font for PDFs: WenQuanYi Micro Hei from resources/, embedded as a subset.

reportlab keeps registered fonts in its own process-wide registry, so registering is done once
per process and later calls only look the name up. An embedded TrueType font renders on any
viewer; reportlab's built-in CID fonts (STSong-Light) are not embedded and show blank pages or
boxes where the reader has no Chinese font (research notes, tech cheat-sheet section 6).
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pos.resources import resource

FONT = "WQYMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")

_lock = threading.Lock()  # PDFs are made on worker threads; two must not register at once


def ensure_font() -> str:
    """Register the font if this process has not yet; returns its reportlab name."""
    with _lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(resource(*FONT_FILE)), subfontIndex=0))
            # the font has no bold or italic face: <b> in a paragraph must not look for one
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT, bold, italic, FONT)
    return FONT
