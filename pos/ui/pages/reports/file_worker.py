"""Writing a report's file off the GUI thread, for the Reports page and its Income tab. A PDF is
made in the page's PDF process (pos/reports/pdf_process.py), which takes long enough on an old PC
(starting, font subsetting, charts) that the counter would freeze if the GUI thread waited."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThread, Signal

from pos.reports.pdf_process import PdfFailed

log = logging.getLogger(__name__)


class FileWorker(QThread):
    """Runs ``write(path)`` once; tells the outcome in the partner's language."""

    saved = Signal(str)  # the path written
    failed = Signal(str)  # a message for the partner, in their language

    def __init__(self, write: Callable[[Path], object], path: Path, parent=None) -> None:
        super().__init__(parent)
        self.write, self.path = write, Path(path)

    def run(self) -> None:
        try:
            self.write(self.path)
        except OSError as e:
            self.failed.emit(QCoreApplication.translate("reports", "Cannot write {file}: {problem}").format(
                file=str(self.path), problem=e.strerror or str(e)))
        except PdfFailed as e:  # a bug in the PDF process (logged there) or the process died
            self.failed.emit(failed_text(e.kind))
        except Exception as e:  # a bug: log it with its traceback, tell the partner where to look
            log.exception("writing %s failed", self.path)
            self.failed.emit(failed_text(type(e).__name__))
        else:
            self.saved.emit(str(self.path))


def failed_text(error: str) -> str:
    return QCoreApplication.translate("reports", "The PDF could not be made ({error}). "
                                      "The log has the details.").format(error=error)
