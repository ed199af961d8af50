"""The PDF font (some 20 MB once parsed) is let go when asked, never under a PDF being made."""

from __future__ import annotations

import gc
import threading
import weakref

from reportlab.pdfbase import pdfmetrics

from pos.reports import fonts
from pos.reports.render import render_pdf
from pos.services.reports import queries as reports
from pos.wiring import wire_station
from tests.reports import dataset

RULES = wire_station().rules  # the carriers' names, as pos.app reads them


def _registered() -> bool:
    return fonts.FONT in pdfmetrics.getRegisteredFontNames()


def test_released_font_is_freed_and_parsed_again_for_the_next_pdf(report_db):
    data = reports.daily_report(report_db, dataset.DAY, dataset.clock, RULES)
    assert render_pdf(data).startswith(b"%PDF")
    assert _registered()  # kept between PDFs: several in a row parse it once
    parsed = weakref.ref(pdfmetrics.getFont(fonts.FONT))
    assert fonts.release_font() is True
    assert not _registered()
    gc.collect()
    assert parsed() is None, "something still holds the parsed font"
    pdf = render_pdf(data)
    assert pdf.startswith(b"%PDF") and b"WenQuanYiMicroHei" in pdf
    fonts.release_font()


def test_no_release_while_a_pdf_is_being_made():
    with fonts.font_for_pdf():
        assert fonts.release_font() is False
        assert _registered()
    assert fonts.release_font() is True


def test_releases_between_pdfs_on_two_threads(report_db):
    daily = reports.daily_report(report_db, dataset.DAY, dataset.clock, RULES)
    monthly = reports.monthly_report(report_db, dataset.DAY.year, dataset.DAY.month, dataset.clock, RULES)
    results, errors = [], []

    def make(data):
        try:
            for _ in range(3):  # a release between one thread's PDFs must not break the other's
                results.append(render_pdf(data))
                fonts.release_font()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=make, args=(d,)) for d in (daily, monthly)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and len(results) == 6
    assert all(r.startswith(b"%PDF") for r in results)
    assert not _registered()
