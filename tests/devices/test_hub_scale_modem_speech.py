"""The scale, the modem (with its SMS queue) and the voice in the device hub, its fake and the
status bar; the Settings tab for them (pytest-qt): live weight in kg and 斤, tare, test read-out,
test SMS, speech switch and volume, owner-only save in one transaction."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from pos.app import check_device_options
from pos.cli import build_parser
from pos.db.models import AuditEntry
from pos.devices.fakes import FakeDevices
from pos.devices.hub import DeviceHub
from pos.devices.modem import FakeModem
from pos.devices.scale import FakeScale
from pos.devices.speech import FakeSpeaker
from pos.domain import modem_status as ms
from pos.domain import speech_text
from pos.domain.devices.config import DeviceConfig, with_overrides
from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.modem_status import ModemStatus
from pos.domain.scale_protocols import Weight
from pos.domain.users import Operator, Role
from pos.paths import DataPaths
from pos.services.hardware import device_settings
from pos.ui.scale_modem_speech_panel import TEST_SMS, ScaleModemSpeechPanel
from pos.ui.status_bar import StationStatusBar

OWNER = Operator(__import__("uuid").uuid4(), "店主", Role.OWNER)
HELPER = Operator(__import__("uuid").uuid4(), "店员", Role.ASSISTANT)


@pytest.fixture
def paths(tmp_path):
    p = DataPaths(tmp_path / "data")
    p.ensure()
    return p


@pytest.fixture
def speaker():
    return FakeSpeaker()


@pytest.fixture
def hub(qapp, database, paths, speaker):
    h = DeviceHub(database, paths, load_config=device_settings.loader(database), printer_spec="preview",
                  # not the wedge: its filter would take the test's quick keys for a scanner's
                  scanner_spec="serial:loop://",
                  scale_spec="fake", modem_spec="fake", speaker_factory=lambda volume: speaker,
                  sms_interval_s=0.0)
    statuses = {"scale": [], "modem": []}
    h.scale_status.connect(statuses["scale"].append)
    h.modem_status.connect(statuses["modem"].append)
    h.statuses = statuses
    h.start()
    yield h
    h.stop()


def test_the_hub_starts_the_scale_modem_and_voice(qtbot, hub, speaker):
    assert isinstance(hub.scale, FakeScale) and isinstance(hub.modem, FakeModem)
    qtbot.waitUntil(lambda: bool(hub.statuses["scale"]) and bool(hub.statuses["modem"]), timeout=3000)
    assert hub.statuses["scale"][-1] == "Scale connected (fake)"
    assert hub.statuses["modem"][-1] == "Modem ready, signal 4/4"
    hub.speak(speech_text.CHECKED_IN)
    assert speaker.said == [speech_text.CHECKED_IN]
    assert hub.speech_status() == "Spoken feedback with the voice fake"


def test_speech_switched_off_says_nothing(hub, speaker, database):
    device_settings.save_settings(database, OWNER, replace(hub.config, speech_enabled=False, speech_volume=30))
    hub.apply_settings()
    hub.speak("入库成功")
    assert speaker.said == [] and speaker.volume == 30


def test_no_scale_or_modem_without_a_spec_and_the_status_lines_go_blank(qtbot, database, paths, speaker):
    h = DeviceHub(database, paths, load_config=device_settings.loader(database), printer_spec="preview",
                  speaker_factory=lambda volume: speaker)
    seen = []
    h.scale_status.connect(lambda t: seen.append(("scale", t)))
    h.modem_status.connect(lambda t: seen.append(("modem", t)))
    h.start()
    try:
        assert h.scale is None and h.modem is None
        assert ("scale", "") in seen and ("modem", "") in seen
        bar = StationStatusBar()
        qtbot.addWidget(bar)
        bar.set_scale_status("")
        assert not bar.scale.isVisibleTo(bar)
        bar.set_modem_status("Modem: no SIM card")
        # shortened on the bar when long (1024 px screens), whole on hover
        assert bar.modem.isVisibleTo(bar) and bar.modem.line() == bar.modem.toolTip() == "Modem: no SIM card"
    finally:
        h.stop()


def test_saved_scale_replaces_the_option_and_restarts_it(hub, database):
    old = hub.scale
    device_settings.save_settings(database, OWNER, replace(hub.config, scale="", modem="fake"))
    hub.apply_settings()
    assert hub.scale is None and old is not None
    assert isinstance(hub.modem, FakeModem)


def test_the_fake_has_the_same_members(qapp):
    fake = FakeDevices()
    assert isinstance(fake.scale, FakeScale) and isinstance(fake.modem, FakeModem)
    fake.speak("重复入库")
    assert fake.said == ["重复入库"]
    fake.sms_queued()
    assert fake.sms_wakes == 1
    bare = FakeDevices(scale=False, modem=False, voice=False)
    assert bare.scale is None and bare.modem is None
    bare.speak("入库成功")
    assert bare.said == [] and "beeps" in bare.speech_status()


def test_settings_are_saved_per_station_owner_only_in_one_transaction(database):
    cfg = replace(DeviceConfig(), scale="serial:/dev/ttyUSB0,toledo", modem="serial:/dev/ttyUSB2",
                  speech_enabled=False, speech_volume=55, sms_auto=False)
    with pytest.raises(PermissionDenied):
        device_settings.save_settings(database, HELPER, cfg)
    device_settings.save_settings(database, OWNER, DeviceConfig())
    changed = device_settings.save_settings(database, OWNER, cfg)
    assert set(changed) == {"devices.scale", "devices.modem", "devices.speech_enabled", "devices.speech_volume",
                            "devices.sms_auto"}
    assert device_settings.read(database) == cfg
    with database.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == device_settings.AUDIT_ACTION)) == 2
    for bad in (replace(cfg, scale="serial:/dev/ttyUSB0,mettler"), replace(cfg, modem="usb:1"),
                replace(cfg, speech_volume=101)):
        with pytest.raises(ValidationError):
            device_settings.save_settings(database, OWNER, bad)


def test_command_line_options(qapp):
    args = build_parser().parse_args(["--scale", "serial:/dev/ttyUSB0@9600,toledo", "--modem", "serial:COM5"])
    check_device_options(args)
    cfg = with_overrides(DeviceConfig(), None, None, args.scale, args.modem)
    assert (cfg.scale, cfg.modem) == ("serial:/dev/ttyUSB0@9600,toledo", "serial:COM5")
    for bad in (["--scale", "serial:/dev/ttyUSB0,nonsense"], ["--modem", "modem:1"]):
        with pytest.raises(ValidationError):
            check_device_options(build_parser().parse_args(bad))


# the Settings tab ------------------------------------------------------------------------------
@pytest.fixture
def panel(qtbot, hub):
    asked = []

    def owner(action):
        asked.append(action)
        return OWNER

    p = ScaleModemSpeechPanel(hub._db, hub, owner)
    p.asked = asked
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_live_weight_in_kg_and_jin_tare_and_read_out(qtbot, panel, hub):
    scale = hub.scale
    scale.put(Weight(1234, stable=False))
    assert panel.weight.text() == "1.234 kg (2.47 jin)  (moving)"
    panel.read_button.click()
    assert panel.message.text() == "The weight is not stable yet"
    scale.put_steady(1250)
    assert panel.weight.text() == "1.250 kg (2.50 jin)"
    panel.read_button.click()
    assert panel.message.text() == "The scale reads 1.250 kg (2.50 jin), steady."
    scale.put_steady(300)
    panel.tare_button.click()
    assert scale.tare_grams == 300 and "0.300" in panel.message.text()
    scale.put_steady(1300)
    assert panel.weight.text() == "1.000 kg (2.00 jin)  (net)"
    panel.clear_tare_button.click()
    assert scale.tare_grams == 0
    scale.put(Weight(0, overload=True))
    assert panel.weight.text() == "overload"


def test_save_from_the_keyboard_and_the_typed_format(qtbot, panel, hub, database):
    panel.scale_spec.setFocus()
    panel.scale_spec.setText("serial:/dev/ttyUSB0")
    panel.scale_protocol.setCurrentIndex(panel.scale_protocol.findData("xk3190-eq"))
    panel.modem_spec.setText("fake")
    panel.sms_auto.setChecked(False)
    panel.volume.setValue(40)
    panel.activateWindow()
    qtbot.waitActive(panel)
    panel.volume.setFocus()
    qtbot.keyClick(panel.volume, Qt.Key.Key_Tab)  # Tab walks from the voice's row to Save
    while not panel.save_button.hasFocus():
        assert panel.focusWidget() is not None
        qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(panel.save_button, Qt.Key.Key_Space)
    assert panel.message.text() == "Saved." and panel.asked
    saved = device_settings.read(database)
    assert (saved.scale, saved.modem, saved.sms_auto, saved.speech_volume) == (
        "serial:/dev/ttyUSB0,xk3190-eq", "fake", False, 40)
    panel.load()
    assert panel.scale_spec.text() == "serial:/dev/ttyUSB0"
    assert panel.scale_protocol.currentData() == "xk3190-eq"
    # the hub's scale is a serial one now, on a port that is not there
    qtbot.waitUntil(lambda: "not found" in panel.scale_state.text(), timeout=3000)
    assert panel.weight.text() == "—" and panel.read_button.isEnabled()


def test_a_bad_scale_is_refused_with_its_message(panel, database):
    panel.scale_spec.setText("usb:1234")
    assert not panel.save()
    assert "Unknown scale" in panel.message.text() and panel.scale_spec.hasFocus()
    assert device_settings.read(database).scale == ""


def test_test_sms_goes_out_on_its_own_thread(qtbot, panel, hub):
    panel.sms_button.click()
    assert panel.message.text() == "Type the mobile number the test SMS goes to."
    panel.test_number.setText("12ab")
    panel.sms_button.click()
    assert "is not a phone number" in panel.message.text()
    panel.test_number.setText("138 0013 8000")
    panel.sms_button.click()
    qtbot.waitUntil(lambda: "was sent" in panel.message.text(), timeout=3000)
    assert hub.modem.sent == [("13800138000", TEST_SMS)]
    hub.modem.set_status(ModemStatus(True, ms.SIM_MISSING))
    qtbot.waitUntil(lambda: panel.modem_state.text() == "Modem: no SIM card", timeout=3000)
    panel.sms_button.click()
    qtbot.waitUntil(lambda: "not sent" in panel.message.text(), timeout=3000)
    assert "No SIM card" in panel.message.text()


def test_speech_test_and_the_voice_line(qtbot, panel, hub, speaker):
    assert panel.speech_state.text() == "Spoken feedback with the voice fake"
    panel.speak_button.click()
    assert speaker.said == [speech_text.CHECKED_IN]
    panel.speech_on.setChecked(False)
    panel.speak_button.click()
    assert "switched off" in panel.message.text() and speaker.said == [speech_text.CHECKED_IN]
