"""The one device fake (pos.devices.fakes.FakeDevices) keeps to the device interface, and
services and devices keep to their layers."""

import ast
from pathlib import Path

from sqlalchemy import select

from pos.db import print_jobs
from pos.db.models import PrintJob
from pos.devices.fakes import FakeDevices
from pos.devices.hub import DeviceHub
from pos.domain.receipt import Document
from pos.services.ports import Devices

POS = Path(__file__).resolve().parents[2] / "pos"


def test_the_hub_and_the_fake_have_every_member_of_the_interface(qapp):
    members = {n for n in dir(Devices) if not n.startswith("_")} | set(Devices.__annotations__)
    for kind in (DeviceHub, FakeDevices):
        missing = {m for m in members if not hasattr(kind, m) and m != "config"}
        assert not missing, (kind, missing)
    assert isinstance(FakeDevices(), Devices)


def test_without_a_database_the_fake_only_records(qapp):
    fake = FakeDevices()
    fake.print_document(Document().text("小票"), "receipt", "R-1")
    fake.kick_drawer()
    assert fake.kinds() == ["receipt", "drawer"] and fake.printed[0].reference == "R-1"


def test_with_a_database_it_stores_jobs_and_picks_up_those_a_service_stored(qapp, database):
    fake = FakeDevices(database)
    changed = []
    fake.jobs_changed.connect(lambda: changed.append(1))
    own = fake.print_document(Document().text("小票"), "receipt", "R-1")
    with database.unit_of_work() as s:  # a service's own transaction, as a check-in stores its label
        print_jobs.enqueue(s, Document().big("A-1-0001"), "shelf_label", "A-1-0001")
    fake.queued()
    fake.queued()  # nothing new: nothing recorded twice
    assert [(p.kind, p.reference) for p in fake.printed] == [("receipt", "R-1"), ("shelf_label", "A-1-0001")]
    assert fake.wakes == 3 and len(changed) == 3
    again = fake.reprint(own)
    with database.reader() as s:
        assert s.get(PrintJob, again).reprint_of == str(own)
        assert len(s.scalars(select(PrintJob)).all()) == 3
    assert fake.printed[-1].reference == "R-1"


def _imports(package: str) -> set[tuple[str, str]]:
    """(module file, imported module) for every import in the package, deferred ones too."""
    found = set()
    for path in (POS / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {(path.name, a.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found |= {(path.name, node.module)}
    return found


def _under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_devices_import_neither_ui_nor_services():
    assert [i for i in _imports("devices") if _under(i[1], "pos.ui", "pos.services")] == []


def test_services_import_no_devices_and_no_qt():
    assert [i for i in _imports("services") if _under(i[1], "pos.devices", "pos.ui", "PySide6")] == []


def test_device_specs_in_the_domain_import_no_device_library():
    bad = ("PySide6", "sqlalchemy", "escpos", "serial", "PIL", "reportlab", "pos.devices", "pos.services")
    assert [i for i in _imports("domain") if _under(i[1], *bad)] == []
