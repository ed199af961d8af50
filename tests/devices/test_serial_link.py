"""pos.devices.serial_link: the port-owning thread the scanner, the scale and the modem share: reads
through loop:// and a pty, reconnects after an unplug, backs off while the port stays away, says
each change of state once."""

from __future__ import annotations

import os
import queue
import threading

import pytest
import serial

from pos.devices.serial_link import SerialLink, open_port
from tests.devices.pty_device import PtyDevice

pty_only = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys")


class Recorder:
    """The link's callbacks, kept thread-safe: statuses, what the session read, the waits."""

    def __init__(self) -> None:
        self.statuses: queue.Queue[bool] = queue.Queue()
        self.data: queue.Queue[bytes] = queue.Queue()

    def status(self, connected: bool) -> None:
        self.statuses.put(connected)

    def next_status(self) -> bool:
        return self.statuses.get(timeout=5)

    def read_until(self, wanted: bytes) -> bytes:
        got = b""
        while wanted not in got:
            got += self.data.get(timeout=5)
        return got


def reading_link(port: str, opener, **kwargs) -> tuple[SerialLink, Recorder]:
    """A started link whose session hands on everything it reads."""
    rec = Recorder()
    link: SerialLink

    def session(p: serial.SerialBase) -> None:
        for chunk in link.chunks(p):
            if chunk:
                rec.data.put(chunk)

    link = SerialLink("test-link", port, opener, session, rec.status, **kwargs)
    link.start()
    return link, rec


def test_reads_what_the_port_sends_and_stops_quietly():
    port = serial.serial_for_url("loop://", timeout=0.1)
    link, rec = reading_link("loop://", lambda: port)
    try:
        assert rec.next_status() is True
        port.write(b"6901234567892\r\n")
        assert rec.read_until(b"\r\n") == b"6901234567892\r\n"
    finally:
        link.stop()
    assert not port.is_open, "the link closes the port it opened"
    assert rec.statuses.empty(), "a stop is no unplug: nothing more is said"


@pty_only
def test_an_unplugged_port_is_opened_again_when_it_comes_back(tmp_path):
    dev = PtyDevice(str(tmp_path / "ttyUSB0"))
    link, rec = reading_link(dev.path, lambda: open_port(dev.path, 9600), retry_s=0.05, max_retry_s=0.2)
    try:
        assert rec.next_status() is True
        dev.write(b"FIRST\r")
        assert rec.read_until(b"FIRST") == b"FIRST\r"
        dev.unplug()
        assert rec.next_status() is False
        dev.plug()
        assert rec.next_status() is True
        dev.write(b"SECOND\r")
        assert rec.read_until(b"SECOND").endswith(b"SECOND\r")
    finally:
        link.stop()
        dev.unplug()


def test_backs_off_while_the_port_stays_away_and_starts_again_after_a_connection():
    """Four failed opens, a connection that is lost, one more failed open: the waits double up
    to the ceiling, and a connection starts them again from the first."""
    attempts, waits = [], []
    port = serial.serial_for_url("loop://", timeout=0.1)
    rec = Recorder()
    done = threading.Event()

    def opener():
        attempts.append(len(attempts))
        if len(attempts) == 5:
            return port
        if len(attempts) > 6:
            done.set()
        raise serial.SerialException("no such port")

    def session(_port):
        raise serial.SerialException("device reports readiness to read but returned no data")

    link = SerialLink(
        "test-link", "COM7", opener, session, rec.status, retry_s=0.5, max_retry_s=2.0, pause=waits.append
    )
    link.start()
    try:
        assert done.wait(5)
    finally:
        link.stop()
    # opens 1-4 fail, 5 connects and is lost, 6 and 7 fail
    assert waits[:7] == [0.5, 1.0, 2.0, 2.0, 0.5, 0.5, 1.0]
    statuses = []
    while not rec.statuses.empty():
        statuses.append(rec.statuses.get())
    # each change said once: missing (once for four failures), connected, lost
    assert statuses == [False, True, False]


def test_errors_the_device_names_end_the_session_as_an_unplug_does():
    class NotAModem(Exception):
        pass

    ports = [serial.serial_for_url("loop://", timeout=0.1) for _ in range(2)]
    rec = Recorder()

    def session(_port):
        raise NotAModem("refuses even AT")

    link = SerialLink(
        "test-link",
        "loop://",
        lambda: ports.pop(0) if ports else serial.serial_for_url("loop://"),
        session,
        rec.status,
        retry_s=0.01,
        max_retry_s=0.01,
        lost_errors=(NotAModem,),
    )
    link.start()
    try:
        assert [rec.next_status() for _ in range(4)] == [True, False, True, False]
    finally:
        link.stop()
