"""Paper widths, text encodings and the options a receipt is rendered with."""

from __future__ import annotations

from dataclasses import dataclass

PAPERS = {58: (32, 384), 80: (48, 576)}  # mm -> (columns of font A, dots per line)
# Big5 through cp950, the Big5 printers and Windows actually use: it has the full-width ￥
ENCODINGS = {"gb18030": "gb18030", "gbk": "gbk", "big5": "cp950", "utf-8": "utf-8"}
DRAWER_PINS = (2, 5)


@dataclass(frozen=True)
class RenderOptions:
    paper_mm: int = 58
    profile: str = "default"
    encoding: str = "gb18030"
    image_mode: bool = False
    drawer_pin: int = 2

    def __post_init__(self) -> None:
        if self.paper_mm not in PAPERS:
            raise ValueError(f"paper is 58 or 80 mm, got {self.paper_mm}")
        if self.encoding not in ENCODINGS:
            raise ValueError(f"unknown encoding {self.encoding!r}")
        if self.drawer_pin not in DRAWER_PINS:
            raise ValueError("drawer pin is 2 or 5")

    @property
    def columns(self) -> int:
        return PAPERS[self.paper_mm][0]

    @property
    def dots(self) -> int:
        return PAPERS[self.paper_mm][1]
