"""A serial scanner unplugged in the middle of a courier's pile and plugged back in.

The whole app runs (pos.app.run_gui with its DeviceHub reading a scanner on a pty under a stable
path, like /dev/ttyACM0), the check-in page in batch mode records every scan. Halfway through
the burst the cable comes out, with half a waybill still on the wire; the pty vanishes with its
path, then a new one appears under the same path and the rest of the pile is scanned.

Every scan sent after the reconnect is checked in exactly once, nothing sent before it is
checked in twice, the half waybill never becomes a parcel, and the status bar says the scanner
is gone and then that it is connected again. (Reconnect timing and line framing on their own:
tests/devices/test_scanners.py.)
"""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import select

from pos.db.models import Parcel

from .helpers import PtyPort

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys")

BURST = 40


def waybill(n: int) -> str:
    return f"SF1{n:012d}"


def send_burst(port: PtyPort, numbers: list[str]) -> None:
    for i in range(0, len(numbers), 5):  # a scanner in continuous mode: lines back to back
        port.send(b"".join(n.encode() + b"\r\n" for n in numbers[i:i + 5]))
        time.sleep(0.005)


def recorded(db) -> list[str]:
    with db.reader() as s:
        return list(s.scalars(select(Parcel.waybill)))


def test_unplug_and_replug_during_a_burst(run_app, tmp_path):
    port = PtyPort(tmp_path / "ttyACM0")
    before, after = [waybill(n) for n in range(1, BURST + 1)], [waybill(n) for n in range(501, 501 + BURST)]
    def script(app) -> None:
        qtbot = app.qtbot
        app.login()
        page = app.page("checkin")
        page.batch.setChecked(True)  # a pile now, the phones later
        bar = app.window.status.scanner
        qtbot.waitUntil(lambda: "connected" in bar.line(), timeout=5000)

        send_burst(port, before)
        port.send(b"SF10000")  # half a waybill on the wire when the cable comes out
        qtbot.wait(30)
        port.unplug()
        qtbot.waitUntil(lambda: "reconnecting" in bar.line(), timeout=5000)
        port.plug()
        qtbot.waitUntil(lambda: bar.line().startswith("Scanner: connected"), timeout=5000)
        send_burst(port, after)
        qtbot.waitUntil(lambda: set(after) <= set(recorded(app.db)), timeout=10000)
        qtbot.wait(400)  # a scanner ending on silence would deliver a leftover now
        app.extra["recorded"] = recorded(app.db)
        assert not page.queue

    try:
        app = run_app(script, scanner_spec=f"serial:{port.path}")
    finally:
        port.unplug()
    got = app.extra["recorded"]
    texts = app.scanner_texts
    assert len(got) == len(set(got)), "a scan was checked in twice"
    assert set(after) <= set(got)
    assert set(got) <= set(before) | set(after), f"not a waybill that was sent: {set(got) - set(before) - set(after)}"
    lost = [n for n in before if n not in got]
    assert lost == before[len(before) - len(lost):], "a scan in the middle of the burst went missing"
    gone = next(i for i, t in enumerate(texts) if "reconnecting" in t)
    assert any(t.startswith("connected") for t in texts[:gone])
    assert texts[-1].startswith("connected") and all("reconnecting" not in t for t in texts[gone + 1:])
