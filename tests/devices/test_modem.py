"""The AT driver against a fake modem on a pty: set-up, status, sending Chinese and long messages
(decoded by smspdudecoder), errors (no SIM, no signal, +CMS ERROR), an unplug; the fake modem."""

import os
import time
from io import StringIO

import pytest
from smspdudecoder.easy import read_outgoing_sms
from smspdudecoder.fields import SMSSubmit

from pos.devices.modem import FakeModem, SerialModem, make_modem, status_text
from pos.domain import modem_status as ms
from pos.domain.errors import ValidationError
from pos.domain.modem_status import ModemStatus, SmsError
from pos.domain.devices.scale_spec import SerialLine, parse_modem_spec
from tests.devices.fake_modem import PtyModem

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys")

NOTICE = "【村站】您的包裹已到村服务站，取件码A-3-0127，请凭码取件。"


@pytest.fixture
def rig(tmp_path, qtbot):
    fake = PtyModem(str(tmp_path / "ttyUSB2"))
    modem = SerialModem(SerialLine(fake.path, 115200), poll_s=0.2)
    texts = []
    modem.status_text_changed.connect(texts.append)
    modem.start()
    yield fake, modem, texts
    modem.stop()
    fake.stop()


def ready(qtbot, modem):
    qtbot.waitUntil(lambda: modem.status.can_send, timeout=5000)


def test_set_up_and_status(qtbot, rig):
    fake, modem, texts = rig
    ready(qtbot, modem)
    assert fake.commands[:4] == ["AT", "ATE0", "AT+CMEE=1", "AT+CMGF=0"]
    assert modem.status == ModemStatus(True, ms.SIM_READY, 4, -71, ms.REG_HOME)
    qtbot.waitUntil(lambda: bool(texts), timeout=3000)
    assert texts[-1] == "Modem ready, signal 4/4"
    fake.rssi, fake.creg, fake.cereg = 12, 5, None
    qtbot.waitUntil(lambda: modem.status.registration == ms.REG_ROAMING, timeout=3000)
    assert modem.status.bars == 2
    qtbot.waitUntil(lambda: texts[-1] == "Modem ready (roaming), signal 2/4", timeout=3000)


def test_sends_a_chinese_notice_that_decodes_back(qtbot, rig):
    fake, modem, _ = rig
    ready(qtbot, modem)
    refs = modem.send("138 0013 8000", NOTICE)
    assert refs == [1]
    [pdu] = fake.pdus
    assert read_outgoing_sms(pdu) == {"recipient": "+8613800138000", "content": NOTICE}


def test_long_message_parts_join_up(qtbot, rig):
    fake, modem, _ = rig
    fake.urc_before_reply = True  # a new SMS arriving meanwhile must not confuse the driver
    ready(qtbot, modem)
    text = NOTICE * 4  # 128 characters: 2 parts
    refs = modem.send("13800138000", text)
    assert len(refs) == 2 and len(fake.pdus) == 2
    parts = [SMSSubmit.decode(StringIO(p))["user_data"] for p in fake.pdus]
    headers = [p["header"]["elements"][0]["data"] for p in parts]
    assert {h["reference"] for h in headers} == {headers[0]["reference"]}
    assert [(h["part_number"], h["parts_count"]) for h in headers] == [(1, 2), (2, 2)]
    assert "".join(p["data"] for p in parts) == text
    # the next message has another reference
    modem.send("13800138000", text)
    nxt = SMSSubmit.decode(StringIO(fake.pdus[2]))["user_data"]["header"]["elements"][0]["data"]
    assert nxt["reference"] == (headers[0]["reference"] + 1) % 256


def test_cms_error_becomes_a_clear_reason(qtbot, rig):
    fake, modem, _ = rig
    ready(qtbot, modem)
    fake.cms_error = 330
    with pytest.raises(SmsError) as info:
        modem.send("13800138000", "取件码A-3-0127")
    assert info.value.code == 330 and not info.value.retry
    assert info.value.message.startswith("The SIM card has no SMS centre number")
    fake.cms_error = 500
    with pytest.raises(SmsError) as info:
        modem.send("13800138000", "取件码A-3-0127")
    assert info.value.retry
    assert modem.send("13800138000", "取件码A-3-0127") == [1]  # the modem goes on after errors


def test_no_signal(qtbot, rig):
    fake, modem, texts = rig
    ready(qtbot, modem)
    fake.rssi, fake.creg, fake.cereg = 99, 2, 2
    qtbot.waitUntil(lambda: modem.status.registration == ms.REG_SEARCHING, timeout=3000)
    qtbot.waitUntil(lambda: texts[-1] == "Modem: no signal", timeout=3000)
    with pytest.raises(SmsError) as info:
        modem.send("13800138000", "取件码A-3-0127")
    assert info.value.code == 331 and info.value.retry


def test_no_sim(qtbot, rig):
    fake, modem, texts = rig
    fake.sim = "missing"
    qtbot.waitUntil(lambda: modem.status.sim == ms.SIM_MISSING, timeout=5000)
    qtbot.waitUntil(lambda: texts[-1] == "Modem: no SIM card", timeout=3000)
    with pytest.raises(SmsError) as info:
        modem.send("13800138000", "取件码A-3-0127")
    assert str(info.value) == "No SIM card in the modem"
    assert fake.pdus == []
    fake.sim = "SIM PIN"
    qtbot.waitUntil(lambda: texts[-1] == "Modem: the SIM card needs its PIN", timeout=3000)
    fake.sim = "READY"  # SIM pushed in (and unlocked): PDU mode is set again
    ready(qtbot, modem)
    assert modem.send("13800138000", "好") == [1]


def test_bad_number_is_refused_before_the_modem(qtbot, rig):
    fake, modem, _ = rig
    ready(qtbot, modem)
    with pytest.raises(ValidationError):
        modem.send("138****8000", "取件码")
    assert fake.pdus == []


def test_unplug_and_replug(qtbot, rig):
    fake, modem, texts = rig
    ready(qtbot, modem)
    fake.dev.unplug()
    qtbot.waitUntil(lambda: not modem.status.connected, timeout=5000)
    # the text comes through a queued signal, after the status changed
    qtbot.waitUntil(lambda: "reconnecting" in texts[-1], timeout=3000)
    with pytest.raises(SmsError) as info:
        modem.send("13800138000", "取件码")
    assert str(info.value) == "The modem is not connected" and info.value.retry
    time.sleep(0.3)
    fake.echo = True  # a modem that restarted echoes again
    fake.dev.plug()
    ready(qtbot, modem)
    assert modem.send("13800138000", "取件码A-3-0127") == [1]


def test_hung_modem_times_out(qtbot, rig, monkeypatch):
    fake, modem, _ = rig
    ready(qtbot, modem)
    monkeypatch.setattr("pos.devices.modem.COMMAND_TIMEOUT_S", 0.3)
    fake.silent = True
    t0 = time.monotonic()
    with pytest.raises(SmsError) as info:
        modem.send("13800138000", "取件码")
    assert time.monotonic() - t0 < 3
    assert info.value.retry
    assert info.value.message == "The modem did not ask for the message"


def test_status_texts():
    port = "/dev/ttyUSB2"
    assert status_text(ModemStatus(), port) == "Modem not found on /dev/ttyUSB2, reconnecting…"
    assert status_text(ModemStatus(True, ms.SIM_PUK), port) == "Modem: the SIM card is locked (PUK)"
    assert status_text(ModemStatus(True, ms.SIM_READY, 2, -90, ms.REG_DENIED), port) == \
        "Modem: the network refused the SIM card"
    assert status_text(ModemStatus(True, ms.SIM_READY, 1, -105, ms.REG_SEARCHING), port) == \
        "Modem: searching for the network, signal 1/4"


def test_fake_modem(qtbot):
    modem = make_modem(parse_modem_spec("fake"))
    assert isinstance(modem, FakeModem)
    with pytest.raises(SmsError):
        modem.send("13800138000", "取件码")  # not started: not connected
    modem.start()
    assert modem.status.can_send
    assert modem.send("13800138000", "取件码") == [10]
    assert len(modem.send("13800138000", "长" * 100)) == 2
    assert modem.sent[0] == ("13800138000", "取件码")
    modem.fail_with = ms.cms_error(331)
    with pytest.raises(SmsError):
        modem.send("13800138000", "取件码")
    modem.set_status(ModemStatus(True, ms.SIM_MISSING))
    modem.fail_with = None
    with pytest.raises(SmsError) as info:
        modem.send("13800138000", "取件码")
    assert str(info.value) == "No SIM card in the modem"
