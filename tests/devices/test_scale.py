"""The serial scale on a real pty: each protocol, noise, unstable runs, overload, a pulled cable,
the tare; and the fake scale."""

import os
import time

import pytest
import serial

from pos.devices.scale import FakeScale, SerialScale, make_scale
from pos.domain.errors import DeviceError
from pos.domain.scale_protocols import Weight, reversed_equals_frame, stx_xor_frame, toledo_frame
from pos.domain.devices.scale_spec import parse_scale_spec
from tests.devices.pty_device import PtyDevice, Repeater

pty_only = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys")


@pytest.fixture
def rig(tmp_path, qtbot):
    made = []

    def make(spec_tail: str, frame: bytes, **kwargs):
        dev = PtyDevice(str(tmp_path / "ttyUSB2"))
        spec = parse_scale_spec(f"serial:{dev.path}{spec_tail}")
        scale = SerialScale(spec, frames=kwargs.get("frames", 3), min_span_s=kwargs.get("span", 0.1))
        readings, status = [], []
        scale.reading.connect(readings.append)
        scale.status_changed.connect(status.append)
        rep = Repeater(dev, frame, noise=kwargs.get("noise", b""), noise_every=kwargs.get("noise_every", 0))
        scale.start()
        made.append((scale, rep, dev))
        return scale, rep, dev, readings, status

    yield make
    for scale, rep, dev in made:
        scale.stop()
        rep.stop()
        dev.unplug()


def wait_stable(qtbot, scale, timeout=3000):
    got = []

    def ok():
        try:
            got.append(scale.stable_weight())
            return True
        except DeviceError:
            return False

    qtbot.waitUntil(ok, timeout=timeout)
    return got[-1]


def refused(scale) -> str:
    with pytest.raises(DeviceError) as info:
        scale.stable_weight()
    return info.value.message


@pty_only
@pytest.mark.parametrize("spec_tail, frame, grams", [
    ("", b"ST,GS,+0001.234kg\r\n", 1234),
    (",7E1,toledo", toledo_frame(2500, checksum=True), 2500),
    ("@4800,toledo", toledo_frame(750), 750),
    ("@2400,xk3190-eq", reversed_equals_frame("0012.35"), 12_350),
    ("@2400,xk3190-stx", stx_xor_frame("+0012.35"), 12_350),
])
def test_each_protocol_gives_a_stable_weight(qtbot, rig, spec_tail, frame, grams):
    # line noise before every fourth frame: the frame it hits is lost, the others count
    scale, rep, dev, readings, status = rig(spec_tail, frame, noise=b"\xff\x02\x13=9\r", noise_every=4)
    qtbot.waitUntil(lambda: scale.connected, timeout=3000)
    assert wait_stable(qtbot, scale) == Weight(grams)
    qtbot.waitUntil(lambda: bool(readings), timeout=3000)
    assert readings[0] == Weight(grams)
    assert scale.latest() == Weight(grams)
    # one signal per change, not per frame
    time.sleep(0.3)
    assert len(readings) == 1
    assert "ttyUSB2" in status[-1]


@pty_only
def test_noise_unstable_run_then_steady(qtbot, rig):
    scale, rep, dev, readings, _ = rig("", b"\xff\x00garbage\r\nUS,GS,+0000.800kg\r\n")
    qtbot.waitUntil(lambda: bool(readings), timeout=3000)
    assert readings[-1] == Weight(800, stable=False)
    time.sleep(0.3)
    assert refused(scale) == "The weight is not stable yet"
    # the basket swings: values change every frame though the scale says ST
    for g in (1000, 1010, 990, 1005):
        rep.frame = f"ST,GS,+{g / 1000:09.3f}kg\r\n".encode()
        time.sleep(0.04)
        with pytest.raises(DeviceError):
            scale.stable_weight()
    rep.frame = b"ST,GS,+0001.000kg\r\n"
    assert wait_stable(qtbot, scale) == Weight(1000)


@pty_only
def test_overload_is_no_weight(qtbot, rig):
    scale, rep, dev, readings, _ = rig(",toledo", toledo_frame(0, overload=True, checksum=True))
    qtbot.waitUntil(lambda: bool(readings), timeout=3000)
    assert readings[-1].overload
    time.sleep(0.3)
    assert refused(scale) == "The scale is overloaded or out of range"


@pty_only
def test_tare_for_a_basket(qtbot, rig):
    scale, rep, dev, readings, _ = rig("", b"ST,GS,+0000.350kg\r\n")
    qtbot.waitUntil(lambda: scale.connected, timeout=3000)
    wait_stable(qtbot, scale)
    assert scale.take_tare() == 350
    assert scale.tare_grams == 350
    qtbot.waitUntil(lambda: bool(readings) and readings[-1] == Weight(0, net=True), timeout=3000)
    rep.frame = b"ST,GS,+0002.850kg\r\n"  # produce in the basket
    qtbot.waitUntil(lambda: readings[-1] == Weight(2500, net=True), timeout=3000)
    assert wait_stable(qtbot, scale) == Weight(2500, net=True)
    rep.frame = b"ST,GS,+0000.000kg\r\n"  # basket lifted off: below zero, refused
    qtbot.waitUntil(lambda: readings[-1] == Weight(-350, net=True), timeout=3000)
    time.sleep(0.3)
    assert refused(scale) == "The weight is below zero: take the tare again"
    scale.clear_tare()
    assert wait_stable(qtbot, scale) == Weight(0)


@pty_only
def test_pulled_cable_then_plugged_back(qtbot, rig):
    scale, rep, dev, readings, status = rig("", b"ST,GS,+0001.500kg\r\n")
    assert wait_stable(qtbot, scale) == Weight(1500)
    dev.unplug()
    qtbot.waitUntil(lambda: not scale.connected, timeout=3000)
    qtbot.waitUntil(lambda: any("reconnecting" in s for s in status), timeout=3000)
    assert refused(scale) == "The scale is not connected"
    assert scale.latest() is None
    assert readings[-1] is None  # the display clears
    time.sleep(0.7)
    rep.frame = b"ST,GS,+0000.700kg\r\n"
    dev.plug()
    t0 = time.monotonic()
    qtbot.waitUntil(lambda: scale.connected, timeout=3000)
    assert time.monotonic() - t0 < 3.0
    assert wait_stable(qtbot, scale) == Weight(700)
    qtbot.waitUntil(lambda: "reconnecting" not in status[-1], timeout=3000)
    assert status[-1].startswith("Scale connected")


@pty_only
def test_scale_switched_off_behind_its_adapter(qtbot, rig, monkeypatch):
    monkeypatch.setattr("pos.devices.scale.STALE_S", 0.3)
    scale, rep, dev, readings, _ = rig("", b"ST,GS,+0001.000kg\r\n")
    wait_stable(qtbot, scale)
    rep.stop()  # the adapter stays, the frames stop
    time.sleep(0.5)
    assert scale.connected
    assert refused(scale) == "The scale sends no weight: is it switched on?"
    assert scale.latest() is None


def test_scale_through_loop_url(qtbot):
    port = serial.serial_for_url("loop://", timeout=0.1)
    scale = SerialScale(parse_scale_spec("serial:loop://,xk3190-eq"), frames=2, min_span_s=0,
                        opener=lambda: port)
    scale.start()
    try:
        qtbot.waitUntil(lambda: scale.connected, timeout=3000)
        port.write(b"=00.0200=00.0200=00.0200=")
        assert wait_stable(qtbot, scale) == Weight(20_000)
    finally:
        scale.stop()


def test_missing_port_reports_and_keeps_trying(qtbot, tmp_path):
    scale = SerialScale(parse_scale_spec(f"serial:{tmp_path / 'none'}"))
    status = []
    scale.status_changed.connect(status.append)
    scale.start()
    try:
        qtbot.waitUntil(lambda: bool(status), timeout=3000)
        assert "reconnecting" in status[0]
        assert refused(scale) == "The scale is not connected"
    finally:
        scale.stop()


def test_fake_scale(qtbot):
    scale = make_scale(parse_scale_spec("fake"))
    assert isinstance(scale, FakeScale)
    readings = []
    scale.reading.connect(readings.append)
    scale.start()
    scale.put(Weight(900, stable=False))
    assert refused(scale) == "The weight is not stable yet"
    scale.put_steady(1200)
    assert scale.stable_weight() == Weight(1200)
    assert readings == [Weight(900, stable=False), Weight(1200)]
    scale.set_tare(200)
    assert scale.stable_weight() == Weight(1000, net=True)
    assert readings[-1] == Weight(1000, net=True)
