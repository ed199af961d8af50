"""DeviceHub and the device settings panel over a real SQLite database and fake printers."""

import uuid

import pytest
from PySide6.QtCore import Qt, QTimer
from sqlalchemy import select

from pos.db.models import AuditEntry, PrintJob
from pos.devices.fakes import HANG, OK, RAISE, FakePrinter
from pos.devices.hub import DeviceHub, status_text
from pos.domain.receipt import Document
from pos.domain.users import Operator, Role
from pos.paths import DataPaths
from pos.services.hardware import device_settings
from pos.services.hardware import printing
from pos.ui.device_settings_panel import DeviceSettingsPanel
from pos.ui.receipt_preview import ReceiptPreviewDialog


def jobs(database):
    return printing.list_jobs(database)


@pytest.fixture
def paths(tmp_path):
    p = DataPaths(tmp_path / "data")
    p.ensure()
    return p


@pytest.fixture
def preview_hub(qapp, database, paths):
    hub = DeviceHub(database, paths, load_config=device_settings.loader(database), scanner_spec="wedge", printer_spec="preview")
    hub.start()
    yield hub
    hub.stop()


@pytest.fixture
def fake():
    return FakePrinter(OK)


@pytest.fixture
def fake_hub(qapp, database, paths, fake):
    hub = DeviceHub(database, paths, load_config=device_settings.loader(database), printer_spec="net:10.0.0.9",
                    transport_factory=lambda spec, cfg: fake, send_timeout=0.3)
    hub.start()
    yield hub
    if fake.hanging.is_set():
        fake.release(RAISE)
    hub.stop()


def test_preview_printer_shows_and_appends_bytes(qtbot, preview_hub, paths, database):
    images = []
    preview_hub.preview_ready.connect(images.append)
    job_id = preview_hub.print_document(Document().title("村站").columns("合计", "￥4.00").cut(), "receipt", "R-1")
    qtbot.waitUntil(lambda: bool(images), timeout=5000)
    assert images[0].width == 384
    data = (paths.receipts / "preview-escpos.bin").read_bytes()
    assert "村站".encode("gb18030") in data
    with database.reader() as s:
        assert s.get(PrintJob, job_id).status == "printed"
    dlg = ReceiptPreviewDialog(images[0])
    qtbot.addWidget(dlg)
    assert dlg.image_label.pixmap().width() == 384
    dlg.show()
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible()


def test_test_print_has_chinese_big_text_qr_and_barcode(qtbot, fake_hub, fake, database):
    fake_hub.test_print()
    qtbot.waitUntil(lambda: len(fake.completed) == 1, timeout=5000)
    data = fake.completed[0]
    assert "中文测试".encode("gb18030") in data
    assert b"\x1d!\x11" in data and b"\x1d(k" in data and b"\x1dkI" in data


def test_printer_status_says_offline_with_jobs_waiting(qtbot, fake_hub, fake):
    fake.set_mode(RAISE)
    texts = []
    fake_hub.printer_status.connect(texts.append)
    fake_hub.print_document(Document().text("x"), "receipt", "R-9")
    qtbot.waitUntil(
        lambda: any("1 job" in t and "offline" in t and "unplugged" in t for t in texts), timeout=5000
    )
    fake.set_mode(OK)
    fake_hub.retry_all()
    qtbot.waitUntil(lambda: len(fake.completed) == 1, timeout=5000)


def test_ui_never_freezes_while_the_printer_hangs(qtbot, fake_hub, fake):
    """The device thread is stuck in the printer; the GUI thread must still run its events.
    No timing: the calls return and a queued event is handled while the hang lasts."""
    fake.set_mode(HANG)
    for n in range(5):
        fake_hub.print_document(Document().text(f"第{n}张"), "receipt", f"R-{n}")
    fake_hub.test_print()
    qtbot.waitUntil(fake.hanging.is_set, timeout=5000)
    handled = []
    QTimer.singleShot(0, lambda: handled.append(True))
    qtbot.waitUntil(lambda: bool(handled), timeout=5000)
    assert fake.hanging.is_set() and not fake.completed


def test_status_texts():
    assert status_text("online", "", 0, "preview").startswith("preview")
    assert "2 job(s)" in status_text("offline", "cable", 2, "usb:1:2")
    assert status_text("unknown", "", 0, "file:/x") == "status unknown"


OWNER = Operator(uuid.uuid4(), "王老板", Role.OWNER)


def owner_yes(reason):
    return OWNER


def audited(database, action):
    with database.reader() as s:
        return [e.details for e in s.scalars(select(AuditEntry).where(AuditEntry.action == action))]


@pytest.fixture
def panel(qtbot, database, fake_hub):
    audits = []
    p = DeviceSettingsPanel(database, fake_hub, owner_yes, lambda a, d: audits.append((a, d)))
    p.audits = audits
    qtbot.addWidget(p)
    p.show()
    return p


def test_panel_refuses_a_bad_printer_spec(qtbot, panel, database):
    panel.printer_spec.setText("lpt:1")
    assert not panel.save()
    assert "lpt:1" in panel.error.text()
    with database.reader() as s:
        assert device_settings.load(s).printer == "preview"


def test_panel_saves_and_applies(qtbot, panel, database, fake_hub):
    panel.paper.setCurrentIndex(panel.paper.findData(80))
    panel.printer_spec.setText("net:192.168.1.50:9100")
    panel.scanner_spec.setText("serial:loop://@115200")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    with database.reader() as s:
        cfg = device_settings.load(s)
    assert cfg.paper_mm == 80 and cfg.printer == "net:192.168.1.50:9100" and cfg.scanner == "serial:loop://@115200"
    assert fake_hub.config.paper_mm == 80
    [details] = audited(database, "settings.devices")
    assert "devices.paper_mm" in details and "devices.printer" in details


def test_open_drawer_needs_the_owner_and_is_audited(qtbot, database, fake_hub, fake):
    audits, asked = [], []
    refuse = DeviceSettingsPanel(database, fake_hub, lambda r: asked.append(r), lambda a, d: audits.append(a))
    qtbot.addWidget(refuse)
    refuse.drawer_button.click()
    assert asked and audits == [] and jobs(database) == []
    allow = DeviceSettingsPanel(database, fake_hub, owner_yes, lambda a, d: audits.append((a, d)))
    qtbot.addWidget(allow)
    allow.drawer_button.click()
    assert audits == [("drawer.open_no_sale", "approved by 王老板")]
    qtbot.waitUntil(lambda: len(fake.completed) == 1, timeout=5000)
    assert b"\x1bp\x00" in fake.completed[0]


def test_queue_list_retry_and_reprint(qtbot, panel, database, fake_hub, fake):
    fake_hub.print_document(Document().text("小票"), "receipt", "R-77")
    qtbot.waitUntil(lambda: len(fake.completed) == 1, timeout=5000)
    qtbot.waitUntil(lambda: panel.jobs.rowCount() == 1 and panel.jobs.item(0, 3).data(Qt.ItemDataRole.UserRole) == "printed", timeout=5000)
    panel.jobs.selectRow(0)
    assert not panel.retry_button.isEnabled() and panel.reprint_button.isEnabled()
    qtbot.mouseClick(panel.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(fake.completed) == 2, timeout=5000)
    assert fake.completed[0] == fake.completed[1]
    qtbot.waitUntil(lambda: panel.jobs.rowCount() == 2, timeout=5000)


def test_panel_saves_nothing_when_the_owner_does_not_approve(qtbot, database, fake_hub):
    asked = []
    p = DeviceSettingsPanel(database, fake_hub, lambda r: asked.append(r), lambda a, d: None)
    qtbot.addWidget(p)
    p.paper.setCurrentIndex(p.paper.findData(80))
    assert not p.save()
    assert asked and audited(database, "settings.devices") == []
    assert device_settings.read(database).paper_mm == 58 and fake_hub.config.paper_mm == 58


def test_panel_shows_a_typing_mistake_before_asking_for_the_owner(qtbot, database, fake_hub):
    asked = []
    p = DeviceSettingsPanel(database, fake_hub, lambda r: asked.append(r), lambda a, d: None)
    qtbot.addWidget(p)
    p.printer_spec.setText("lpt:1")
    assert not p.save()
    assert asked == [] and "lpt:1" in p.error.text()


def test_every_screen_shows_the_printer_status_the_hub_last_gave(qtbot, database, fake_hub, fake):
    fake.set_mode(RAISE)
    fake_hub.print_document(Document().text("x"), "receipt", "R-9")
    qtbot.waitUntil(lambda: "offline" in fake_hub.printer_status_text, timeout=5000)
    p = DeviceSettingsPanel(database, fake_hub, owner_yes, lambda a, d: None)  # opened afterwards
    qtbot.addWidget(p)
    assert p._printer_state.text() == fake_hub.printer_status_text
    fake.set_mode(OK)
    fake_hub.retry_all()
    qtbot.waitUntil(lambda: p._printer_state.text() == fake_hub.printer_status_text == "ready", timeout=5000)


def test_preview_status_is_preview_before_anything_printed():
    assert status_text("unknown", "", 0, "preview") == status_text("online", "", 0, "preview")
