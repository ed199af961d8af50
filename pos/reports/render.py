"""One entry point for both PDFs: by the period of the data, daily report or monthly statement."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pos.services.reports.data import DAY, ReportData


def render_pdf(data: ReportData) -> bytes:
    from pos.reports.fonts import font_for_pdf

    with font_for_pdf():
        if data.period.kind == DAY:
            from pos.reports.pdf_daily import daily_pdf

            return daily_pdf(data)
        from pos.reports.pdf_monthly import monthly_pdf

        return monthly_pdf(data)


def write_pdf(data: ReportData, path: Path | str) -> Path:
    """Render, then replace ``path`` in one step: a reader never sees half a PDF, and an error
    leaves an older file of the same name untouched."""
    path = Path(path)
    pdf = render_pdf(data)
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
