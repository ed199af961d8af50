"""Locate files shipped in resources/ (a source checkout) or pos/resources (an installed wheel)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [here / "resources", here.parent / "resources"]
    if getattr(sys, "frozen", False):  # PyInstaller one-folder build
        candidates.insert(0, Path(getattr(sys, "_MEIPASS", here)) / "resources")
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError("resources folder not found next to the pos package")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
