"""An on-screen receipt: the preview printer's output, small beside the work (ReceiptPreviewPanel, in
the page bar) and at the paper's width in dots on request (ReceiptPreviewDialog)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

if TYPE_CHECKING:  # the images come made: PIL itself is loaded with the renderers, after the start
    from PIL import Image


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
        # a 768 px screen less its task bar: the Close button stays on screen
        screen = self.screen().availableGeometry().height() if self.screen() else 728
        self.resize(image.width + 60, min(image.height + 110, screen - 40, 688))


class ReceiptPreviewPanel(QFrame):
    """The last receipt the preview printer "printed", shrunk to the page bar's width: seen at a
    glance, never taking the keyboard from the page and never covering it (a window did both)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # what it means is said in the status bar (a line here took the height the page keys need)
        self.note = self.tr("Preview printer: nothing was printed")
        self.setToolTip(self.note)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image_label.setStyleSheet("background: white;")
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.image_label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setMinimumHeight(24)  # it scrolls; the page keys above need the height more
        self.full_button = QPushButton(self.tr("Full size…"))
        self.full_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.full_button.clicked.connect(self.show_full_size)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.scroll, 1)
        lay.addWidget(self.full_button)
        self.image: Image.Image | None = None
        self.hide()

    def show_image(self, image: Image.Image) -> None:
        self.image = image
        width = max(40, self.width() - 30 if self.isVisible() else 150)
        pix = QPixmap.fromImage(to_qimage(image))
        self.image_label.setPixmap(pix.scaledToWidth(min(width, pix.width()), Qt.TransformationMode.SmoothTransformation))
        self.show()

    def show_full_size(self) -> None:
        if self.image is None:
            return
        focus = QApplication.focusWidget()
        ReceiptPreviewDialog(self.image, self.window()).exec()
        if focus is not None:
            focus.setFocus()  # back where the partner was typing
