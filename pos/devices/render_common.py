"""What both receipt renderers share: paper geometry, the bundled font, QR and Code 128 images.

QR codes and barcodes are drawn here dot by dot, so the preview shows exactly the image a
printer without native QR/Code 128 receives.
"""

from __future__ import annotations

from functools import lru_cache

import barcode as pybarcode
import qrcode
from PIL import Image, ImageDraw, ImageFont

from pos.domain.devices.render_options import ENCODINGS, PAPERS, RenderOptions  # noqa: F401 (re-exported)
from pos.domain.textwidth import char_width
from pos.resources import resource

CELL = 12  # dots per column of font A (12 x 24): 32 x 12 = 384, 48 x 12 = 576
LINE_HEIGHT = 30  # dots; the printer's default line spacing is about 1/6 inch at 203 dpi
GLYPH = 24


@lru_cache(maxsize=8)
def font(size: int = GLYPH) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource("fonts", "wqy-microhei.ttc")), size, index=0)


def text_line_image(line: str, cols: int, bold: bool = False) -> Image.Image:
    """One line of normal-size text on the printer's grid: each character sits in its own
    cell (12 dots, 24 when wide), so columns line up exactly as on paper."""
    img = Image.new("L", (cols * CELL, LINE_HEIGHT), 255)
    draw = ImageDraw.Draw(img)
    f = font()
    x = 0
    top = (LINE_HEIGHT - GLYPH) // 2
    for ch in line:
        w = char_width(ch) * CELL
        if w == 0:
            continue
        if ch != " ":
            glyph_w = f.getlength(ch) + (1 if bold else 0)
            if glyph_w > w:  # "m", "W": squeeze into the cell as the printer's font A does
                cell = Image.new("L", (int(glyph_w) + 1, LINE_HEIGHT), 255)
                _glyph(ImageDraw.Draw(cell), 0, top, ch, f, bold)
                img.paste(cell.resize((w, LINE_HEIGHT)), (x, 0))
            else:
                _glyph(draw, x + (w - glyph_w) / 2, top, ch, f, bold)
        x += w
    return img


def _glyph(draw: ImageDraw.ImageDraw, x: float, y: int, ch: str, f, bold: bool) -> None:
    draw.text((x, y), ch, font=f, fill=0)
    if bold:
        draw.text((x + 1, y), ch, font=f, fill=0)


def qr_image(data: str, module: int, max_width: int) -> Image.Image:
    q = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(data)
    q.make(fit=True)
    matrix = q.get_matrix()
    n = len(matrix)
    module = max(1, min(module, max_width // n))
    img = Image.new("L", (n * module, n * module), 255)
    draw = ImageDraw.Draw(img)
    for y, row in enumerate(matrix):
        for x, on in enumerate(row):
            if on:
                draw.rectangle(
                    (x * module, y * module, (x + 1) * module - 1, (y + 1) * module - 1), fill=0
                )
    return img


def code128_modules(data: str) -> str:
    """The bar pattern as '1' (bar) and '0' (space) modules, without quiet zones."""
    return pybarcode.get("code128", data).build()[0]


def code128_image(data: str, height: int, max_width: int, show_text: bool = True) -> Image.Image:
    modules = "0" * 10 + code128_modules(data) + "0" * 10  # quiet zones scanners need
    module = max(1, min(3, max_width // len(modules)))
    text_h = LINE_HEIGHT if show_text else 0
    img = Image.new("L", (len(modules) * module, height + text_h), 255)
    draw = ImageDraw.Draw(img)
    for i, m in enumerate(modules):
        if m == "1":
            draw.rectangle((i * module, 0, (i + 1) * module - 1, height - 1), fill=0)
    if show_text:
        f = font(20)
        tw = f.getlength(data)
        draw.text(((img.width - tw) / 2, height + 3), data, font=f, fill=0)
    if img.width > max_width:
        img = img.resize((max_width, img.height))
    return img


def centered(img: Image.Image, width: int) -> Image.Image:
    """``img`` on a white strip of the paper's width, centred, never wider than the paper."""
    if img.width > width:
        img = img.resize((width, max(1, img.height * width // img.width)))
    canvas = Image.new("L", (width, img.height), 255)
    canvas.paste(img, ((width - img.width) // 2, 0))
    return canvas


def one_bit(img: Image.Image) -> Image.Image:
    """Black or white only: a thermal head has no grey, and thresholding here keeps the
    library's dithering from speckling the edges of text."""
    return img.convert("L").point(lambda v: 0 if v < 160 else 255).convert("1")
