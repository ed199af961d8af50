"""The CJK font for PDFs: WenQuanYi Micro Hei from resources/, embedded as a subset.

reportlab keeps registered fonts in its own process-wide registry, so registering is done once
per PDF and later calls only look the name up. An embedded TrueType font renders on any
viewer; reportlab's built-in CID fonts (STSong-Light) are not embedded and show blank pages or
boxes where the reader has no Chinese font (research notes, tech cheat-sheet section 6).

Parsed, the font holds some 20 MB of tables (the 5 MB file and maps for 34,000 characters) for
as long as it is registered, while the partner saves a PDF perhaps once a day. ``release_font()``
lets go of it (the Reports page calls it when the partner leaves the page); the next PDF parses
it again, about 0.1 s. A PDF is made inside ``font_for_pdf()`` so that a release never takes the
font away from a PDF being made on another thread.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pos import heap
from pos.resources import resource

FONT = "WQYMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")

_lock = threading.Lock()  # PDFs are made on worker threads; two must not register at once
_pdfs_in_progress = 0


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


@contextlib.contextmanager
def font_for_pdf() -> Iterator[str]:
    """The font, registered and kept while one PDF is made."""
    global _pdfs_in_progress
    with _lock:
        _pdfs_in_progress += 1
    try:
        yield ensure_font()
    finally:
        with _lock:
            _pdfs_in_progress -= 1


def release_font() -> bool:
    """Unregister the font unless a PDF is being made; True when it is no longer registered."""
    with _lock:
        if _pdfs_in_progress:
            return False
        was = FONT in pdfmetrics.getRegisteredFontNames()
        _unregister()
        gone = FONT not in pdfmetrics.getRegisteredFontNames()
    if was and gone:
        heap.give_back()  # the tables and the PDF's own objects: about 10 MB kept otherwise
    return gone


def _unregister() -> None:
    # reportlab has no call to unregister a font: these are the two registries its registerFont
    # fills. A reportlab without them keeps the font registered, as it always did.
    fonts = getattr(pdfmetrics, "_fonts", None)
    faces = getattr(pdfmetrics, "_dynFaceNames", None)
    if not isinstance(fonts, dict):
        return
    font = fonts.pop(FONT, None)
    if font is not None and isinstance(faces, dict):
        name = getattr(getattr(font, "face", None), "name", None)
        if faces.get(name) is font:
            del faces[name]
