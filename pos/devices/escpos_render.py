"""Document -> ESC/POS bytes, without touching a device.

Chinese: text never goes through python-escpos's MagicEncode. In 3.1 it sends a whole string as
GB18030 only when the string holds an ideograph; a line of full-width punctuation or "￥4.00"
alone comes out as "?" (see research/tech-cheatsheet.md 1.4). So every text line is encoded
here, in the station's encoding, and written raw. python-escpos is still used (on a Dummy) for
what it does well: raster images, native QR (GS ( k), Code 128 (GS k), cut and drawer kick,
all gated by the capability profile.
"""

from __future__ import annotations

from escpos.printer import Dummy
from PIL import Image, ImageOps

from pos.devices.preview_render import block_images, render_blocks
from pos.devices.render_common import (
    ENCODINGS,
    RenderOptions,
    centered,
    code128_image,
    code128_modules,
    one_bit,
    qr_image,
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

ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
ALIGN_LEFT, ALIGN_CENTER = ESC + b"a\x00", ESC + b"a\x01"
SIZE_NORMAL = GS + b"!\x00"


def size_command(width: int, height: int) -> bytes:
    """GS ! n: magnification for ASCII and Chinese alike (ESC ! may leave Chinese alone)."""
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def encode_text(text: str, encoding: str = "gb18030") -> bytes:
    """Encode one printed line; a character the printer's font cannot have becomes '?'."""
    return text.encode(ENCODINGS[encoding], errors="replace")


def image_width(opts: RenderOptions) -> int:
    """Dots an image may use: the paper's, or less when the profile's head is narrower."""
    from escpos.capabilities import get_profile

    pixels = get_profile(opts.profile).profile_data.get("media", {}).get("width", {}).get("pixels")
    return min(opts.dots, pixels) if isinstance(pixels, int) else opts.dots


def render_escpos(doc: Document, opts: RenderOptions) -> bytes:
    p = Dummy(profile=opts.profile)
    p._raw(INIT)
    if opts.image_mode:
        _render_as_images(p, doc, opts)
    else:
        for block in doc.blocks:
            _render_block(p, block, opts)
    return p.output


def _render_block(p: Dummy, block, opts: RenderOptions) -> None:
    enc = opts.encoding
    cols = opts.columns
    if isinstance(block, (Text, Columns, Rule)):
        bold = getattr(block, "bold", False)
        p._raw(BOLD_ON if bold else b"")
        for line in text_lines(block, cols):
            p._raw(encode_text(line, enc) + b"\n")
        p._raw(BOLD_OFF if bold else b"")
    elif isinstance(block, Title):
        p._raw(BOLD_ON + size_command(2, 2))
        for line in text_lines(block, cols):
            p._raw(encode_text(line, enc) + b"\n")
        p._raw(SIZE_NORMAL + BOLD_OFF)
    elif isinstance(block, Big):
        p._raw(size_command(block.width, block.height))
        for line in text_lines(block, cols):
            p._raw(encode_text(line, enc) + b"\n")
        p._raw(SIZE_NORMAL)
    elif isinstance(block, QR):
        _qr(p, block, opts)
    elif isinstance(block, Barcode):
        _barcode(p, block, opts)
    elif isinstance(block, Feed):
        if block.lines:
            p.print_and_feed(block.lines)
    elif isinstance(block, Cut):
        p.cut()  # feeds past the tear bar; the profile decides whether a cutter exists
    elif isinstance(block, DrawerKick):
        p.cashdraw(block.pin or opts.drawer_pin)


def _qr(p: Dummy, block: QR, opts: RenderOptions) -> None:
    if p.profile.supports("qrCode"):
        p._raw(ALIGN_CENTER)
        p.qr(block.data, size=block.size, native=True)
        p._raw(b"\n" + ALIGN_LEFT)
    else:
        width = image_width(opts)
        _image(p, centered(qr_image(block.data, block.size, width), width))


def _barcode(p: Dummy, block: Barcode, opts: RenderOptions) -> None:
    width = image_width(opts)
    modules = len(code128_modules(block.data)) + 20
    module = min(6, width // modules)
    if p.profile.supports("barcodeB") and module >= 2:
        # GS k written here rather than p.barcode(): same bytes, minus the library's print()
        # to stdout on every call. In code set B a literal "{" is sent as "{{".
        data = ("{B" + block.data.replace("{", "{{")).encode("ascii")
        p._raw(
            ALIGN_CENTER
            + GS + b"h" + bytes([max(1, min(255, block.height))])
            + GS + b"w" + bytes([min(module, 3)])
            + GS + b"H" + (b"\x02" if block.show_text else b"\x00")
            + GS + b"f\x00"
            + GS + b"k\x49" + bytes([len(data)]) + data
            + b"\n" + ALIGN_LEFT
        )
    else:
        img = code128_image(block.data, block.height, width, block.show_text)
        _image(p, centered(img, width))


def raster(img: Image.Image, band: int = 240) -> bytes:
    """GS v 0 raster bands. Written here rather than p.image(), which print()s a warning to
    stdout for every profile without a known width; bands of 240 rows suit the small input
    buffers of cheap 58 mm printers."""
    ink = ImageOps.invert(one_bit(img).convert("L")).convert("1")  # 1 bit = burn a dot
    width_bytes = (ink.width + 7) // 8
    out = bytearray()
    for top in range(0, ink.height, band):
        part = ink.crop((0, top, ink.width, min(ink.height, top + band)))
        out += GS + b"v0\x00" + width_bytes.to_bytes(2, "little") + part.height.to_bytes(2, "little")
        out += part.tobytes()
    return bytes(out)


def _image(p: Dummy, img: Image.Image) -> None:
    p._raw(raster(img))


def _render_as_images(p: Dummy, doc: Document, opts: RenderOptions) -> None:
    """Image mode, for printers without a Chinese font: everything printed is raster; only
    cut and drawer kick stay commands. Each run of printed blocks becomes one picture."""
    width = image_width(opts)
    run: list = []

    def flush() -> None:
        if run:
            _image(p, render_blocks(run, opts, width))
            run.clear()

    for block in doc.blocks:
        if isinstance(block, (Cut, DrawerKick)):
            flush()
            _render_block(p, block, opts)
        else:
            run.append(block)
    flush()


__all__ = ["block_images", "encode_text", "render_escpos", "size_command"]
