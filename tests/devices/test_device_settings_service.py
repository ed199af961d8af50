"""Saving the device settings: the owner only, stored and audited in one transaction."""

from dataclasses import replace

import pytest
from sqlalchemy import event, select

from pos.db.models import AuditEntry
from pos.domain.devices.config import DeviceConfig
from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.station import StationDetails
from pos.services.hardware import device_settings
from pos.services.station import setup as station
from pos.services.station.auth import AuthService


@pytest.fixture
def owner(database):
    return station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")


@pytest.fixture
def assistant(database, owner):
    from pos.domain.users import Operator

    view = AuthService(database).add_assistant(owner, "李芳", "5678")
    return Operator(view.id, view.name, view.role)


def audits(db):
    with db.reader() as s:
        return [(e.operator, e.details) for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == device_settings.AUDIT_ACTION))]


def commits(db):
    seen = []
    event.listen(db.engine, "commit", lambda _conn: seen.append(1))
    return seen


def test_the_owner_saves_and_the_audit_entry_is_in_the_same_commit(database, owner):
    device_settings.save_settings(database, owner, DeviceConfig())  # every key stored once
    cfg = replace(DeviceConfig(), paper_mm=80, printer="net:192.168.1.50")
    seen = commits(database)
    changed = device_settings.save_settings(database, owner, cfg)
    assert len(seen) == 1
    assert set(changed) == {"devices.paper_mm", "devices.printer"}
    assert device_settings.read(database) == cfg
    who, details = audits(database)[-1]
    assert who == "王小明" and details == "devices.printer, devices.paper_mm"


def test_saving_what_is_stored_already_audits_nothing(database, owner):
    assert device_settings.save_settings(database, owner, DeviceConfig()) != []  # first save stores all
    before = audits(database)
    assert device_settings.save_settings(database, owner, DeviceConfig()) == []
    assert audits(database) == before


@pytest.mark.parametrize("who", ["assistant", "nobody"])
def test_only_the_owner_may_save(database, owner, assistant, who):
    operator = assistant if who == "assistant" else None
    with pytest.raises(PermissionDenied):
        device_settings.save_settings(database, operator, replace(DeviceConfig(), paper_mm=80))
    assert device_settings.read(database).paper_mm == 58 and audits(database) == []


def test_a_bad_value_saves_and_audits_nothing(database, owner):
    with pytest.raises(ValidationError) as err:
        device_settings.save_settings(database, owner, replace(DeviceConfig(), paper_mm=80, printer="lpt:1"))
    assert err.value.field == "printer"
    assert device_settings.read(database).paper_mm == 58 and audits(database) == []


def test_an_unknown_printer_profile_is_refused_by_the_service_not_the_domain():
    cfg = replace(DeviceConfig(), profile="no-such-printer")
    cfg.validate()  # the domain does not know python-escpos's profiles
    with pytest.raises(ValidationError):
        device_settings.validate(cfg)
