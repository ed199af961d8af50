"""Page, type and table styles of the report PDFs: A4, large enough to read without glasses."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from pos.reports.fonts import ensure_font

PAGE = A4
MARGIN = 15 * mm
WIDTH = PAGE[0] - 2 * MARGIN
GREEN = colors.HexColor("#2e7d32")
LIGHT = colors.HexColor("#e8f5e9")
ZEBRA = colors.HexColor("#f6f8f6")
GREY = colors.HexColor("#666666")
RED = colors.HexColor("#b00020")
BAR_A = colors.HexColor("#43a047")
BAR_B = colors.HexColor("#1e88e5")


class Styles:
    """Paragraph styles in the embedded CJK font (registered on first use)."""

    def __init__(self) -> None:
        f = self.font = ensure_font()

        def style(name: str, size: float, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=f, fontSize=size, leading=size * 1.35, wordWrap="CJK", **kw)

        self.title = style("title", 20, alignment=TA_CENTER, spaceAfter=2 * mm, textColor=GREEN)
        self.subtitle = style("subtitle", 13, alignment=TA_CENTER, spaceAfter=1 * mm)
        self.small_center = style("small_center", 9, alignment=TA_CENTER, textColor=GREY, spaceAfter=4 * mm)
        self.h2 = style("h2", 14, spaceBefore=5 * mm, spaceAfter=2 * mm, textColor=GREEN, keepWithNext=1)
        self.body = style("body", 10.5)
        self.note = style("note", 9, textColor=GREY, spaceBefore=1 * mm)
        self.figure = style("figure", 18, alignment=TA_CENTER)
        self.figure_label = style("figure_label", 9, alignment=TA_CENTER, textColor=GREY)

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text), style or self.body)

    def table(self, header: list[str], rows: list[list], widths: list[float], *, right_from: int = 1,
              total_row: bool = False, font_size: float = 10) -> Table:
        """A grid with a green header; columns from ``right_from`` on hold numbers (right-aligned)."""
        data = [header] + rows
        t = Table(data, colWidths=widths, repeatRows=1)
        cmds = [
            ("FONTNAME", (0, 0), (-1, -1), self.font),
            ("FONTSIZE", (0, 0), (-1, -1), font_size),
            ("LEADING", (0, 0), (-1, -1), font_size * 1.3),
            ("BACKGROUND", (0, 0), (-1, 0), GREEN),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0bab0")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if right_from < len(header):
            cmds.append(("ALIGN", (right_from, 0), (-1, -1), "RIGHT"))
        for i in range(2, len(data), 2):
            cmds.append(("BACKGROUND", (0, i), (-1, i), ZEBRA))
        if total_row and rows:
            cmds.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), LIGHT))
            cmds.append(("LINEABOVE", (0, len(data) - 1), (-1, len(data) - 1), 1, GREEN))
        t.setStyle(TableStyle(cmds))
        return t


def escape(text: str) -> str:
    """Paragraph text is mini-HTML; names typed at the counter may contain < or &."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
