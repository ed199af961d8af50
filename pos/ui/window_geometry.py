"""The main window's size and place, kept per PC in the data folder (window.json), because a
counter's screen is a property of that PC, not of the station's records.

A saved place that no longer fits any screen (a smaller monitor, a projector unplugged) is
dropped and the window opens maximised instead."""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
FILE_NAME = "window.json"


def save_geometry(window: QWidget, paths) -> None:
    data = {"maximized": window.isMaximized(),
            "geometry": bytes(window.saveGeometry().toBase64()).decode("ascii")}
    target = paths.root / FILE_NAME
    try:
        target.write_text(json.dumps(data), encoding="utf-8")
    except OSError as e:  # a full disk or a read-only folder must not stop the app from closing
        log.warning("window size not saved: %s", e)


def restore_geometry(window: QWidget, paths) -> bool:
    """True when a saved size was applied and still fits; then the caller shows the window
    normally (or maximised when it was left maximised, which this does itself)."""
    try:
        data = json.loads((paths.root / FILE_NAME).read_text(encoding="utf-8"))
        raw = QByteArray.fromBase64(str(data["geometry"]).encode("ascii"))
        maximized = bool(data.get("maximized"))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if maximized:
        return False
    if not window.restoreGeometry(raw):
        return False
    if not _fits(window.frameGeometry()):
        return False
    return True


def _fits(rect: QRect) -> bool:
    for screen in QGuiApplication.screens():
        if screen.availableGeometry().contains(rect):
            return True
    return False
