"""Document -> image at the paper's real width in dots (384 for 58 mm, 576 for 80 mm).

Text is laid out by the same code as the ESC/POS renderer (pos.domain.receipt.text_lines) and
drawn with the bundled WenQuanYi font, so the preview breaks lines where the paper does. The
printer's image mode sends these same pictures.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from pos.devices.render_common import (
    LINE_HEIGHT,
    RenderOptions,
    centered,
    code128_image,
    qr_image,
    text_line_image,
)
from pos.domain.receipt import (
    QR,
    Barcode,
    Big,
    Columns,
    Cut,
    Document,
    DrawerKick,
    Feed,
    Rule,
    Text,
    Title,
    text_lines,
)

MARGIN = 12  # white space above and below, so the picture looks like a strip of paper


def block_images(block, opts: RenderOptions, width: int | None = None) -> list[Image.Image]:
    """The strips of paper one block prints as, each ``width`` dots wide."""
    width = width or opts.dots
    cols = opts.columns
    if isinstance(block, (Text, Columns, Rule)):
        bold = getattr(block, "bold", False)
        return [_fit(text_line_image(line, cols, bold), width) for line in text_lines(block, cols)]
    if isinstance(block, (Title, Big)):
        mx, my = (2, 2) if isinstance(block, Title) else (block.width, block.height)
        room = max(1, cols // mx)
        out = []
        for line in text_lines(block, cols):
            small = text_line_image(line, room, bold=isinstance(block, Title))
            big = small.resize((small.width * mx, small.height * my), Image.NEAREST)
            out.append(_fit(big, width))
        return out
    if isinstance(block, QR):
        return [centered(qr_image(block.data, block.size, width), width), _blank(width, 8)]
    if isinstance(block, Barcode):
        img = code128_image(block.data, block.height, width, block.show_text)
        return [centered(img, width), _blank(width, 8)]
    if isinstance(block, Feed):
        return [_blank(width, LINE_HEIGHT * block.lines)] if block.lines else []
    return []


def render_blocks(blocks, opts: RenderOptions, width: int | None = None) -> Image.Image:
    width = width or opts.dots
    strips: list[Image.Image] = []
    for block in blocks:
        strips.extend(block_images(block, opts, width))
    return _stack(strips, width)


def render_preview(doc: Document, opts: RenderOptions) -> Image.Image:
    width = opts.dots
    strips: list[Image.Image] = [_blank(width, MARGIN)]
    for block in doc.blocks:
        if isinstance(block, Cut):
            strips.append(_cut_mark(width))
        elif isinstance(block, DrawerKick):
            continue  # nothing is printed for a drawer kick
        else:
            strips.extend(block_images(block, opts, width))
    strips.append(_blank(width, MARGIN))
    return _stack(strips, width)


def _stack(strips: list[Image.Image], width: int) -> Image.Image:
    height = sum(s.height for s in strips) or 1
    page = Image.new("L", (width, height), 255)
    y = 0
    for s in strips:
        page.paste(s, (0, y))
        y += s.height
    return page


def _fit(img: Image.Image, width: int) -> Image.Image:
    if img.width == width:
        return img
    if img.width > width:  # only when the profile's head is narrower than the paper
        return img.resize((width, max(1, img.height * width // img.width)))
    canvas = Image.new("L", (width, img.height), 255)
    canvas.paste(img, (0, 0))
    return canvas


def _blank(width: int, height: int) -> Image.Image:
    return Image.new("L", (width, max(1, height)), 255)


def _cut_mark(width: int) -> Image.Image:
    img = _blank(width, 3 * LINE_HEIGHT)
    draw = ImageDraw.Draw(img)
    y = img.height - 6
    for x in range(0, width, 12):
        draw.line((x, y, x + 6, y), fill=128)
    return img
