"""A manifested waybill checks in with one scan and Enter: the county's recipient fills the form."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from pos.db.models import ManifestLine, Parcel
from pos.services.parcels import checkin
from tests.parcels_checkin.conftest import SF, ZTO, clock, op, rules  # noqa: F401 (fixtures)
from tests.parcels_checkin.conftest import ctx, page  # noqa: F401 (fixtures)


def add_line(db, waybill: str, phone: str, name: str) -> None:
    with db.unit_of_work() as s:
        s.add(ManifestLine(manifest_uuid="0b8f0f7e-8b7e-4a0e-9d8a-3f1c2b4d5e6f", truck="皖A12345",
                           dispatched_at=dt.datetime(2026, 11, 20, 1, tzinfo=dt.timezone.utc), waybill=waybill,
                           carrier="SF", recipient_phone=phone, recipient_name=name))


def test_read_scan_names_the_manifest_recipient(database, op, rules):  # noqa: F811
    add_line(database, SF, "13800001234", "李四")
    assert checkin.read_scan(database, rules, SF).manifest == checkin.Recipient("13800001234", "李四")
    assert checkin.read_scan(database, rules, ZTO).manifest is None


def test_one_scan_and_enter_checks_a_manifested_parcel_in(qtbot, page, ctx):  # noqa: F811
    add_line(ctx.db, SF, "13800001234", "李四")
    page.handle_scan(SF)
    assert page.form.phone.text() == "13800001234" and page.form.name.text() == "李四"
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)
    assert page.current is None
    with ctx.db.unit_of_work() as s:
        p = s.query(Parcel).one()
    assert (p.waybill, p.phone, p.recipient_name) == (SF, "13800001234", "李四")
