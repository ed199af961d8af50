"""Reading the report PDFs back with Python wheels only (pypdf, pypdfium2), so the tests need no
poppler-utils on the machine: the text a reader can copy, the fonts and whether they are
embedded (as pdffonts lists them), and the pages rendered to PNG."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def pdf_text(path: Path) -> str:
    """The text of every page in reading order, lines kept (what a viewer's copy gives)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in doc:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range().replace("\r\n", "\n"))
            text_page.close()
            page.close()
        return "\n\f".join(pages)
    finally:
        doc.close()


@dataclass(frozen=True)
class PdfFont:
    name: str  # BaseFont without the subset prefix's "+", e.g. ABCDEF+WenQuanYiMicroHei
    subtype: str  # Type0, TrueType, Type1 ...
    embedded: bool


def _descriptor(font: DictionaryObject) -> DictionaryObject | None:
    if "/FontDescriptor" in font:
        return font["/FontDescriptor"].get_object()
    for descendant in font.get("/DescendantFonts", []):
        found = _descriptor(descendant.get_object())
        if found is not None:
            return found
    return None


def pdf_fonts(path: Path) -> list[PdfFont]:
    """Every font the pages use (once per font object), as pdffonts lists them."""
    seen: dict[int, PdfFont] = {}
    for page in PdfReader(str(path)).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = _descriptor(font)
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            seen[getattr(ref, "idnum", id(font))] = PdfFont(
                name=str(font.get("/BaseFont", "")).lstrip("/"),
                subtype=str(font.get("/Subtype", "")).lstrip("/"),
                embedded=embedded,
            )
    return list(seen.values())


def render_pages(path: Path, out_dir: Path, dpi: int = 50) -> list[Path]:
    """Each page as a PNG in out_dir, named <stem>-<n>.png (as pdftoppm -png names them)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        shots = []
        for number, page in enumerate(doc, start=1):
            shot = out_dir / f"{path.stem}-{number}.png"
            page.render(scale=dpi / 72).to_pil().save(shot)  # Pillow comes with reportlab
            page.close()
            shots.append(shot)
        return shots
    finally:
        doc.close()
