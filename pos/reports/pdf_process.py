"""PDFs made in a child process, so that reportlab never enters the app's.

A PDF is saved perhaps once a day, and making one in the app's process left its mark for the
rest of the day: reportlab's modules (about 10 MB) and the parsed CJK font (some 20 MB of small
objects). Letting go of the font gave back only part of it, because the objects of the app that
were made meanwhile sit in the same memory blocks (benchmarks: 22 MB kept after the Reports
page was left, the most of goal 7's overrun). A child process gives all of it back when it ends.

The Reports page keeps one child while the partner is on the page (several PDFs in a row parse
the font once) and ends it when the partner leaves, as it let go of the font before. The child
is started with "spawn" (never fork: the app runs Qt and threads) at the first PDF of a visit:
about half a second more than that first PDF took in the app's process, on a worker thread, with
the busy bar showing. The words in the PDF are the app's language, sent with each request.

The child runs a QCoreApplication with the same translator as the app, no GUI. A child that dies
(killed, out of memory) fails that one PDF with the usual message; the next PDF starts a new one.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import threading
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

REPORT = "report"  # pos.reports.render.write_pdf(data, path)
INCOME = "income"  # pos.reports.pdf_income_statement.write_income_statement_pdf(statement, path, **kw)
STOP = "stop"


class PdfFailed(Exception):
    """The child could not make the PDF: a bug (its traceback is in the log) or the child died."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind)
        self.kind = kind  # the exception's class name in the child, or "PdfProcessDied"
        self.detail = detail


def _write(kind: str, payload: Any, path: Path, options: Mapping[str, Any]) -> Path:
    if kind == REPORT:
        from pos.reports.render import write_pdf

        return write_pdf(payload, path)
    if kind == INCOME:
        from pos.reports.pdf_income_statement import write_income_statement_pdf

        return write_income_statement_pdf(payload, path, **dict(options))
    raise ValueError(f"unknown PDF kind {kind!r}")


def _child(conn: Any) -> None:
    """The PDF process: one request at a time, (kind, language, payload, path, options)."""
    from PySide6.QtCore import QCoreApplication

    from pos.i18n import Translations

    app = QCoreApplication.instance() or QCoreApplication(["village-pos-pdf"])
    translations = Translations(app)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the app is gone
            return
        if request == STOP:
            return
        kind, language, payload, path, options = request
        try:
            if translations.language != language:
                translations.use(language)
            reply: tuple = ("ok", str(_write(kind, payload, Path(path), options)))
        except OSError as e:
            reply = ("oserror", e.errno, e.strerror or str(e), e.filename)
        except Exception as e:
            reply = ("error", type(e).__name__, traceback.format_exc())
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class PdfProcess:
    """Makes PDFs in one child process, started when first needed; ``stop()`` ends it."""

    def __init__(self) -> None:
        self._ctx = mp.get_context("spawn")
        self._proc: Any = None
        self._conn: Any = None
        self._lock = threading.Lock()  # one request at a time; the page allows one PDF anyway
        self._reaper: threading.Thread | None = None  # the only one to wait for a stopped child

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def write_report(self, data: Any, path: Path | str, language: str) -> Path:
        return self.write(REPORT, data, path, language)

    def write_income(self, statement: Any, path: Path | str, *, language: str, **options: Any) -> Path:
        """As write_income_statement_pdf(statement, path, language=..., station_name=..., ...)."""
        return self.write(INCOME, statement, path, language, {**options, "language": language})

    def write(self, kind: str, payload: Any, path: Path | str, language: str,
              options: Mapping[str, Any] | None = None) -> Path:
        """Make the PDF at ``path`` (blocking: call it off the GUI thread). Raises OSError as
        writing the file would, PdfFailed for anything else."""
        with self._lock:
            if not self.running:
                self._start()
            try:
                self._conn.send((kind, language, payload, str(path), dict(options or {})))
                reply = self._conn.recv()
            except (EOFError, OSError, BrokenPipeError) as e:
                self._reap()
                log.error("the PDF process ended while making %s: %s", path, e)
                raise PdfFailed("PdfProcessDied") from e
        if reply[0] == "ok":
            return Path(reply[1])
        if reply[0] == "oserror":
            _tag, errno, strerror, filename = reply
            raise OSError(errno, strerror, filename)
        _tag, name, tb = reply
        log.error("the PDF process could not make %s:\n%s", path, tb)
        raise PdfFailed(name, tb)

    def _start(self) -> None:
        self._reap()
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_child, args=(child,), name="village-pos-pdf", daemon=True)
        try:
            proc.start()
        except OSError as e:
            # no memory or process left for the child (or Python's executable gone): this PDF
            # fails as a dead child's does, and the next one tries again; an unstarted process
            # kept here would make every later PDF fail on joining it
            parent.close()
            log.error("the PDF process could not start: %s", e)
            raise PdfFailed("PdfProcessDied") from e
        finally:
            child.close()
        self._proc, self._conn = proc, parent

    def stop(self) -> None:
        """End the child once it has finished the PDF in hand; returns at once."""
        if not self._lock.acquire(blocking=False):
            # a PDF is being made: its worker calls stop() again when it is done
            return
        try:
            if self._conn is not None:
                try:
                    self._conn.send(STOP)
                except (OSError, ValueError):
                    pass
            self._reap(wait=False)
        finally:
            self._lock.release()

    def _reap(self, wait: bool = True) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is None:
            return
        if wait:
            _join(proc)
        else:  # the child exits by itself on STOP or on the closed pipe: collect it off this thread
            self._reaper = threading.Thread(target=_join, args=(proc,), name="pdf-process-reaper", daemon=True)
            self._reaper.start()

    def wait_stopped(self, timeout: float = 20.0) -> bool:
        """Wait until a child that stop() ended has been collected (two threads waiting for one
        process can each miss its end); True when no child is left running."""
        reaper = self._reaper
        if reaper is not None:
            reaper.join(timeout)
            if reaper.is_alive():
                return False
        return not self.running


def _join(proc: Any) -> None:
    proc.join(10)
    if proc.is_alive():
        proc.terminate()
        proc.join(5)
