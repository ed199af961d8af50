"""The PDF process (pos/reports/pdf_process.py): PDFs made in a child, in the language asked, its
failures told as the app tells them, and a child that dies replaced at the next PDF. Read back
with pypdf (tests/reports/pdf_reading.py). The income statement's PDF goes through the same
child from the Income tab: tests/income/test_income_page.py."""

import errno
import os
import signal
import sys

import pytest

from pos.reports.pdf_process import PdfFailed, PdfProcess
from pos.services.reports import queries as reports
from pos.wiring import wire_station
from tests.reports import dataset
from tests.reports.pdf_reading import pdf_text

RULES = wire_station().rules


@pytest.fixture
def daily(report_db):
    return reports.daily_report(report_db, dataset.DAY, dataset.clock, RULES)


@pytest.fixture
def pdfs():
    p = PdfProcess()
    yield p
    p.stop()


def test_a_report_in_the_language_asked_by_one_child_kept_for_the_next(pdfs, daily, tmp_path):
    zh = pdfs.write_report(daily, tmp_path / "日报.pdf", "zh_CN")
    child = pdfs.pid
    assert child is not None and child != os.getpid() and pdfs.running
    assert "站点日报" in pdf_text(zh).replace(" ", "")
    en = pdfs.write_report(daily, tmp_path / "daily.pdf", "en")
    assert pdfs.pid == child  # the font parsed once for several PDFs in a row
    text = pdf_text(en)
    assert "Daily station report" in text and "站点日报" not in text.replace(" ", "")


def test_stop_ends_the_child_and_the_next_pdf_starts_another(pdfs, daily, tmp_path):
    pdfs.write_report(daily, tmp_path / "a.pdf", "zh_CN")
    proc = pdfs._proc
    pdfs.stop()
    assert pdfs.wait_stopped() and proc.exitcode == 0
    pdfs.write_report(daily, tmp_path / "b.pdf", "zh_CN")
    assert pdfs.running and pdfs.pid != proc.pid


def test_a_file_that_cannot_be_written_is_an_oserror_and_an_older_file_stays(pdfs, daily, tmp_path):
    with pytest.raises(OSError) as e:
        pdfs.write_report(daily, tmp_path / "nowhere" / "x.pdf", "zh_CN")
    assert e.value.errno is not None and "nowhere" in str(e.value.filename)
    older = tmp_path / "old.pdf"
    older.write_bytes(b"%PDF-older")
    with pytest.raises(PdfFailed) as bad:  # a payload the renderer cannot read: a bug, named
        pdfs.write_report("not a report", older, "zh_CN")
    assert bad.value.kind == "AttributeError" and "Traceback" in bad.value.detail
    assert older.read_bytes() == b"%PDF-older"
    assert pdfs.write_report(daily, tmp_path / "after.pdf", "zh_CN").exists()  # the child lives on


class DiesInTheChild:
    """A payload whose unpickling ends the child's process mid-request, as a kill or an
    out-of-memory would while it makes a PDF."""

    def __reduce__(self):
        return os._exit, (3,)


def test_a_child_that_dies_making_a_pdf_fails_that_one_and_the_next_starts_anew(pdfs, daily, tmp_path):
    with pytest.raises(PdfFailed) as e:
        pdfs.write_report(DiesInTheChild(), tmp_path / "b.pdf", "zh_CN")
    assert e.value.kind == "PdfProcessDied" and not (tmp_path / "b.pdf").exists() and not pdfs.running
    assert pdfs.write_report(daily, tmp_path / "c.pdf", "zh_CN").read_bytes().startswith(b"%PDF")


def test_a_child_killed_between_pdfs_is_replaced_unnoticed(pdfs, daily, tmp_path):
    pdfs.write_report(daily, tmp_path / "a.pdf", "zh_CN")
    proc = pdfs._proc
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    assert pdfs.write_report(daily, tmp_path / "b.pdf", "zh_CN").read_bytes().startswith(b"%PDF")
    assert pdfs.pid != proc.pid



def test_a_child_whose_python_is_gone_fails_that_pdf_and_the_next_starts_one(pdfs, daily, tmp_path):
    # the spawn runs this executable: the child never runs, as after a broken update
    pdfs._ctx.set_executable(str(tmp_path / "no-python"))
    try:
        with pytest.raises(PdfFailed) as e:
            pdfs.write_report(daily, tmp_path / "a.pdf", "zh_CN")
    finally:
        pdfs._ctx.set_executable(sys.executable)
    assert e.value.kind == "PdfProcessDied" and not pdfs.running and not (tmp_path / "a.pdf").exists()
    assert pdfs.write_report(daily, tmp_path / "b.pdf", "zh_CN").read_bytes().startswith(b"%PDF")


def test_a_child_the_system_cannot_start_fails_that_pdf_and_the_next_starts_one(pdfs, daily, tmp_path, monkeypatch):
    real = pdfs._ctx.Process

    class NoRoom(real):
        def start(self):  # what fork or spawn raise with no memory or process left
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(pdfs._ctx, "Process", NoRoom)
    with pytest.raises(PdfFailed) as e:
        pdfs.write_report(daily, tmp_path / "a.pdf", "zh_CN")
    assert e.value.kind == "PdfProcessDied" and not pdfs.running
    monkeypatch.setattr(pdfs._ctx, "Process", real)
    assert pdfs.write_report(daily, tmp_path / "b.pdf", "zh_CN").read_bytes().startswith(b"%PDF")
    pdfs.stop()
    assert pdfs.wait_stopped()
