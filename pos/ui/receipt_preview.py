"""An on-screen receipt: the preview printer's output at the paper's width in dots."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget


def to_qimage(img: Image.Image) -> QImage:
    gray = img.convert("L")
    q = QImage(gray.tobytes(), gray.width, gray.height, gray.width, QImage.Format.Format_Grayscale8)
    return q.copy()  # the bytes above die with this function


class ReceiptPreviewDialog(QDialog):
    """Shows one receipt 1:1 (one screen pixel per printer dot), scrollable; Esc closes."""

    def __init__(self, image: Image.Image, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Receipt preview"))
        self.image_label = QLabel()
        self.image_label.setPixmap(QPixmap.fromImage(to_qimage(image)))
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image_label.setStyleSheet("background: white; border: 1px solid #bbb;")
        scroll = QScrollArea()
        scroll.setWidget(self.image_label)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll.setWidgetResizable(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("{width} dots wide, as printed").format(width=image.width)))
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(image.width + 60, min(image.height + 110, 800))
