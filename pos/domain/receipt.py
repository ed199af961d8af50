"""A receipt as a document: typed blocks, built without any device.

Renderers (pos.devices.escpos_render, pos.devices.preview_render) turn a Document into printer
bytes or a preview image. Documents round-trip through JSON so the print queue can store them
and any past receipt can be printed again from what was stored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.textwidth import center, char_width, pad_left, printable, two_columns, wrap

ALIGNS = ("left", "center", "right")


@dataclass(frozen=True)
class Title:
    kind: ClassVar[str] = "title"
    text: str


@dataclass(frozen=True)
class Text:
    kind: ClassVar[str] = "text"
    text: str
    align: str = "left"
    bold: bool = False


@dataclass(frozen=True)
class Columns:
    kind: ClassVar[str] = "columns"
    left: str
    right: str
    bold: bool = False


@dataclass(frozen=True)
class Big:
    """Magnified text (GS ! n): ``width`` and ``height`` are multipliers 1..8."""

    kind: ClassVar[str] = "big"
    text: str
    width: int = 2
    height: int = 2
    align: str = "center"


@dataclass(frozen=True)
class Rule:
    kind: ClassVar[str] = "rule"
    char: str = "-"


@dataclass(frozen=True)
class QR:
    kind: ClassVar[str] = "qr"
    data: str
    size: int = 6  # dots per module


@dataclass(frozen=True)
class Barcode:
    """Code 128, the symbology that carries the letters and digits of waybills and receipts."""

    kind: ClassVar[str] = "barcode"
    data: str
    height: int = 80  # dots
    show_text: bool = True


@dataclass(frozen=True)
class Feed:
    kind: ClassVar[str] = "feed"
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    kind: ClassVar[str] = "cut"


@dataclass(frozen=True)
class DrawerKick:
    """Open the cash drawer wired to the printer; pin None means the station's setting."""

    kind: ClassVar[str] = "drawer"
    pin: int | None = None


Block = Title | Text | Columns | Big | Rule | QR | Barcode | Feed | Cut | DrawerKick
BLOCK_TYPES: dict[str, type] = {
    t.kind: t for t in (Title, Text, Columns, Big, Rule, QR, Barcode, Feed, Cut, DrawerKick)
}


def _check(block: Any) -> None:
    align = getattr(block, "align", "left")
    if align not in ALIGNS:
        raise ValueError(f"align must be one of {ALIGNS}, got {align!r}")
    if isinstance(block, Big) and not (1 <= block.width <= 8 and 1 <= block.height <= 8):
        raise ValueError("big text magnification is 1..8")
    if isinstance(block, QR) and not (1 <= block.size <= 16):
        raise ValueError("QR module size is 1..16 dots")
    if isinstance(block, Barcode):
        if not block.data or not all(32 <= ord(c) < 127 for c in block.data):
            raise ValidationError(
                tr_noop("errors", "A barcode can only hold letters, digits and ASCII signs: {data}"),
                data=block.data[:40],
            )
    if isinstance(block, DrawerKick) and block.pin not in (None, 2, 5):
        raise ValueError("drawer pin is 2 or 5")
    if isinstance(block, Feed) and not (0 <= block.lines <= 20):
        raise ValueError("feed is 0..20 lines")


@dataclass
class Document:
    blocks: list = field(default_factory=list)

    # building ------------------------------------------------------------------------------
    def add(self, block: Block) -> Document:
        _check(block)
        self.blocks.append(block)
        return self

    def title(self, text: str) -> Document:
        return self.add(Title(text))

    def text(self, text: str = "", align: str = "left", bold: bool = False) -> Document:
        return self.add(Text(text, align, bold))

    def columns(self, left: str, right: str | Money, bold: bool = False) -> Document:
        return self.add(Columns(left, str(right), bold))

    def big(self, text: str, width: int = 2, height: int = 2, align: str = "center") -> Document:
        return self.add(Big(text, width, height, align))

    def rule(self, char: str = "-") -> Document:
        return self.add(Rule(char))

    def qr(self, data: str, size: int = 6) -> Document:
        return self.add(QR(data, size))

    def barcode(self, data: str, height: int = 80, show_text: bool = True) -> Document:
        return self.add(Barcode(data, height, show_text))

    def feed(self, lines: int = 1) -> Document:
        return self.add(Feed(lines))

    def cut(self) -> Document:
        return self.add(Cut())

    def drawer_kick(self, pin: int | None = None) -> Document:
        return self.add(DrawerKick(pin))

    def has_drawer_kick(self) -> bool:
        return any(isinstance(b, DrawerKick) for b in self.blocks)

    # storage -------------------------------------------------------------------------------
    def to_data(self) -> list[dict]:
        return [{"kind": b.kind, **asdict(b)} for b in self.blocks]

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False)

    @classmethod
    def from_data(cls, data: list[dict]) -> Document:
        doc = cls()
        for item in data:
            item = dict(item)
            typ = BLOCK_TYPES[item.pop("kind")]
            names = {f.name for f in fields(typ)}
            doc.add(typ(**{k: v for k, v in item.items() if k in names}))
        return doc

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.from_data(json.loads(text))


# layout shared by the byte renderer and the preview renderer -----------------------------
def text_lines(block: Block, cols: int) -> list[str]:
    """The printed lines of a text-like block at ``cols`` columns of normal-size text.

    Both renderers use this, so the preview breaks lines exactly where the printer does.
    """
    if isinstance(block, Title):
        return [center(line, cols // 2) for line in wrap(printable(block.text), cols // 2)]
    if isinstance(block, Big):
        room = max(1, cols // block.width)
        return [_aligned(line, room, block.align) for line in wrap(printable(block.text), room)]
    if isinstance(block, Text):
        return [_aligned(line, cols, block.align) for line in wrap(printable(block.text), cols)]
    if isinstance(block, Columns):
        return two_columns(printable(block.left), printable(block.right), cols)
    if isinstance(block, Rule):
        ch = printable(block.char)[:1] or "-"
        return [ch * max(1, cols // max(1, char_width(ch)))]
    return []


def _aligned(line: str, cols: int, align: str) -> str:
    if align == "center":
        return center(line, cols)
    if align == "right":
        return pad_left(line, cols)
    return line
