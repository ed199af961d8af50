"""Serial scanners through pyserial loop:// and a real pty pair; scan normalisation."""

import os
import time
import tty

import pytest
import serial

from pos.devices.scan_normalise import GS, normalise, split_lines
from pos.devices.scanner import make_scanner
from pos.domain.devices.scanner_spec import ScannerSpec
from pos.devices.scanner_serial import SerialScanner
from pos.devices.scanner_wedge import WedgeScanFilter

pty_only = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys")


def test_normalise():
    assert normalise("  6901234567892\r\n") == "6901234567892"
    assert normalise("\x00SF1234\x7f567890\t") == "SF1234567890"
    assert normalise("６９０１２３") == "690123"  # full-width from an IME
    assert normalise(GS + "01" + GS + GS + "0690" + GS) == "01" + GS + "0690"
    assert normalise("a  b\tc") == "a b c"
    assert normalise("\ufeff村站\u200b") == "村站"
    assert normalise("\r\n") == ""


def test_split_lines_cr_lf_crlf():
    lines, rest = split_lines(b"A1\rB2\nC3\r\nD4")
    assert lines == [b"A1", b"B2", b"C3"] and rest == b"D4"
    lines, rest = split_lines(b"X\r")
    assert lines == [b"X"] and rest == b""
    lines, rest = split_lines(rest + b"\nY\r\n")  # CRLF split across two reads
    assert lines == [b"Y"]


def collect(qtbot, scanner, n, timeout=3000):
    got = []
    scanner.scanned.connect(got.append)
    return got


@pytest.mark.parametrize("term", [b"\r", b"\n", b"\r\n"])
def test_serial_scanner_through_loop_url(qtbot, term):
    port = serial.serial_for_url("loop://", timeout=0.1)
    sc = SerialScanner("loop://", opener=lambda: port)
    got = []
    sc.scanned.connect(got.append)
    sc.start()
    try:
        port.write(b"6901234567892" + term + b"SF1234567890" + term)
        qtbot.waitUntil(lambda: len(got) == 2, timeout=3000)
        assert got == ["6901234567892", "SF1234567890"]
    finally:
        sc.stop()


def test_serial_scanner_without_suffix_ends_on_silence(qtbot):
    port = serial.serial_for_url("loop://", timeout=0.1)
    sc = SerialScanner("loop://", opener=lambda: port)
    got = []
    sc.scanned.connect(got.append)
    sc.start()
    try:
        port.write("村站取件码A-3-0127".encode())
        qtbot.waitUntil(lambda: got == ["村站取件码A-3-0127"], timeout=3000)
    finally:
        sc.stop()


class PtyScanner:
    """A scanner on a pty, reachable through a stable path like /dev/ttyACM0; unplug closes it
    and removes the path, replug creates a new pty under the same path."""

    def __init__(self, path):
        self.path = path
        self.master = None
        self.plug()

    def plug(self):
        m, s = os.openpty()
        tty.setraw(m)
        tty.setraw(s)
        self.master, self.slave = m, s
        if os.path.lexists(self.path):
            os.unlink(self.path)
        os.symlink(os.ttyname(s), self.path)

    def unplug(self):
        os.unlink(self.path)
        os.close(self.master)
        os.close(self.slave)
        self.master = None

    def scan(self, data: bytes):
        os.write(self.master, data)


@pty_only
@pytest.mark.parametrize("term", [b"\r", b"\n", b"\r\n"])
def test_serial_scanner_on_a_real_pty(qtbot, tmp_path, term):
    dev = PtyScanner(str(tmp_path / "ttyACM0"))
    sc = SerialScanner(dev.path, 9600)
    got, status = [], []
    sc.scanned.connect(got.append)
    sc.status_changed.connect(status.append)
    sc.start()
    try:
        qtbot.waitUntil(lambda: sc.connected, timeout=3000)
        dev.scan(b"YT1234567890123" + term + b"JD0001" + term)
        qtbot.waitUntil(lambda: len(got) == 2, timeout=3000)
        assert got == ["YT1234567890123", "JD0001"]
    finally:
        sc.stop()
        if dev.master is not None:
            dev.unplug()


@pty_only
def test_serial_scanner_reconnects_within_3s(qtbot, tmp_path):
    dev = PtyScanner(str(tmp_path / "ttyACM0"))
    sc = SerialScanner(dev.path, 9600)
    got, status = [], []
    sc.scanned.connect(got.append)
    sc.status_changed.connect(status.append)
    sc.start()
    try:
        qtbot.waitUntil(lambda: sc.connected, timeout=3000)
        dev.scan(b"FIRST01\r")
        qtbot.waitUntil(lambda: got == ["FIRST01"], timeout=3000)
        dev.unplug()
        qtbot.waitUntil(lambda: not sc.connected, timeout=3000)
        qtbot.waitUntil(lambda: any("reconnecting" in s for s in status), timeout=3000)
        time.sleep(0.7)
        dev.plug()
        t0 = time.monotonic()
        qtbot.waitUntil(lambda: sc.connected, timeout=3000)
        assert time.monotonic() - t0 < 3.0
        dev.scan(b"SECOND02\r\n")
        qtbot.waitUntil(lambda: got == ["FIRST01", "SECOND02"], timeout=3000)
        assert "connected" in status[-1]
    finally:
        sc.stop()
        if dev.master is not None:
            dev.unplug()


def test_missing_port_reports_and_keeps_trying(qtbot, tmp_path):
    sc = SerialScanner(str(tmp_path / "nothing-here"))
    status = []
    sc.status_changed.connect(status.append)
    sc.start()
    try:
        qtbot.waitUntil(lambda: bool(status), timeout=3000)
        assert "reconnecting" in status[0] and not sc.connected
    finally:
        sc.stop()


def test_factory_picks_the_kind(qtbot):
    assert isinstance(make_scanner(ScannerSpec("serial", "loop://")), SerialScanner)
    w = make_scanner(ScannerSpec("wedge"), 25, 8)
    assert isinstance(w, WedgeScanFilter) and w.max_gap_ms == 25 and w.min_length == 8
