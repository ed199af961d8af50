"""Render the app icon set from resources/icons/village-pos.svg (the one source to edit).

    uv run python installers/make_icons.py

Writes resources/icons/village-pos-<N>.png for the sizes below (the Linux package installs them
into the hicolor theme), village-pos.png (256 px, the window icon) and village-pos.ico (all
sizes, for the Windows program and installer). Qt renders the SVG; Pillow writes the .ico.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SOURCE = ICONS / "village-pos.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    from io import BytesIO

    return Image.open(BytesIO(bytes(buffer.data()))).convert("RGBA")


def make_icons(out: Path = ICONS) -> list[Path]:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs one
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    images = {size: render(renderer, size) for size in SIZES}
    written = []
    for size, image in images.items():
        path = out / f"village-pos-{size}.png"
        image.save(path, optimize=True)
        written.append(path)
    main = out / "village-pos.png"
    images[256].save(main, optimize=True)
    ico = out / "village-pos.ico"
    # each size drawn from the SVG, not scaled down from 256 px, so 16 px stays crisp
    images[256].save(ico, sizes=[(s, s) for s in SIZES], append_images=[images[s] for s in SIZES[:-1]])
    return [*written, main, ico]


if __name__ == "__main__":
    for p in make_icons():
        print(p)
