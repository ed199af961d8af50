"""A report shown on screen exactly as the receipt printer will print it (the preview renderer's
image), with its text kept for search and tests."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from pos.devices.preview_render import render_preview
from pos.devices.render_common import RenderOptions
from pos.domain.receipt import Document, text_lines
from pos.domain.shift_documents import ShiftReport, build_report
from pos.ui.receipt_preview import to_qimage


def document_text(doc: Document, cols: int) -> str:
    lines: list[str] = []
    for block in doc.blocks:
        if block.kind == "feed":
            lines.extend([""] * block.lines)
        else:
            lines.extend(text_lines(block, cols))
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines).replace("\uffe5", "¥")


def translate_report(text: str) -> str:
    return QCoreApplication.translate("shift_documents", text)


def report_document(ctx, report: ShiftReport, printed_by: str = "", printed_at=None) -> Document:
    from pos.services.station import setup as station

    view = station.get_station(ctx.db)
    return build_report(report, view.name if view else "", translate_report, printed_by, printed_at)


def paper_mm(ctx) -> int:
    """The receipt paper's width; without a printer wired the report is shown 80 mm wide."""
    if ctx.devices is None:
        return 80
    return 58 if ctx.devices.config.paper_mm == 58 else 80


class ReportView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setStyleSheet("background: white;")
        self.setWidget(self.image)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = ""

    def show_document(self, doc: Document, paper: int) -> None:
        opts = RenderOptions(paper_mm=paper)
        self.text = document_text(doc, opts.columns)
        self.image.setPixmap(QPixmap.fromImage(to_qimage(render_preview(doc, opts))))
        self.image.setAccessibleDescription(self.text)

    def toPlainText(self) -> str:  # noqa: N802 - the name a text view would have
        return self.text
