"""Writing a report PDF off the GUI thread: reportlab takes long enough on an old PC (font
subsetting, charts) that the counter would freeze."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThread, Signal

from pos.services.reports.data import ReportData

log = logging.getLogger(__name__)


class PdfWorker(QThread):
    saved = Signal(str)  # the path written
    failed = Signal(str)  # a message for the partner, in their language

    def __init__(self, data: ReportData, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.data = data
        self.path = Path(path)

    def run(self) -> None:
        from pos.reports.render import write_pdf

        try:
            write_pdf(self.data, self.path)
        except OSError as e:
            self.failed.emit(QCoreApplication.translate("reports", "Cannot write {file}: {problem}").format(
                file=str(self.path), problem=e.strerror or str(e)))
        except Exception as e:  # a bug: log it with its traceback, tell the partner where to look
            log.exception("report PDF failed")
            self.failed.emit(QCoreApplication.translate("reports", "The PDF could not be made ({error}). "
                                                        "The log has the details.").format(error=type(e).__name__))
        else:
            self.saved.emit(str(self.path))
