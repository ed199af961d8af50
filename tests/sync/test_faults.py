"""The station's sync against the real county server on PostgreSQL, through a proxy the test
controls. After each fault the county holds exactly what the station holds."""

from __future__ import annotations

import datetime as dt
import shutil
import stat

import pytest

from pos.db.models import OutboxEntry, SyncState
from pos.domain.carriers import load_rules
from pos.domain.station import StationDetails
from pos.services.parcels import checkin
from pos.services.station import setup as station_setup
from pos.sync.client import KEY_FILE, SyncClient, SyncError, link_state
from tests.sync.conftest import assert_same, county_count

pytestmark = pytest.mark.postgres

RULES = load_rules()


@pytest.fixture
def op(database):
    return station_setup.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")


def check_in(db, op, clock, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        clock.advance(3)
        checkin.check_in(db, op, clock, RULES, waybill=f"SF10235746{i:05d}", carrier="SF",
                         recipient=checkin.Recipient(phone=f"138{i:08d}", name="王小明"))


def linked(database, tmp_path, county, proxy, **kw) -> SyncClient:
    folder = tmp_path / "station"
    folder.mkdir(exist_ok=True)
    client = SyncClient(database, folder, timeout=5, **kw)
    client.link(proxy.url, county.code())
    return client


def station_id(db) -> str:
    with db.unit_of_work() as s:
        return s.get(SyncState, 1).station_id


def test_link_keeps_a_private_key_and_sends_what_the_station_holds(database, op, clock, tmp_path, county, proxy):
    check_in(database, op, clock, 5)
    client = linked(database, tmp_path, county, proxy)
    key = tmp_path / "station" / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert link_state(database).pending > 0
    report = client.sync_once()
    assert report.sent["parcel"] == 5 and report.pending == 0
    assert_same(database, county.engine, station_id(database))
    # a check-in after the link goes up as the next seq, phones and names masked
    check_in(database, op, clock, 1, start=5)
    sent = client.sync_once().sent
    assert sent["parcel"] == 1 and sent["parcel_event"] >= 1
    assert county_count(county.engine, "SELECT count(*) FROM synced_parcel WHERE data->>'phone_masked' "
                        "LIKE '138****%' AND data->>'recipient_name' = '王*'") == 6
    assert_same(database, county.engine, station_id(database))


def test_service_payments_and_their_refunds_go_up_masked(database, op, clock, tmp_path, county, proxy):
    """The county's copy of service payments (phone top-ups, bills) equals the station's, checksum
    for checksum, the account masked; a refund after the link goes up as a new version."""
    from pos.domain.cart import Tender
    from pos.services.account_services import payments as svc
    from pos.services.shifts import drawer
    from tests.sync.conftest import station_records

    drawer.open_shift(database, op, clock, 0)
    before = svc.pay_service(database, op, clock, svc.PayInput("phone_topup", "13812345678", "中国移动", 5000, 0),
                             [Tender("cash", 5000)]).payment
    client = linked(database, tmp_path, county, proxy)
    client.sync_once()
    svc.pay_service(database, op, clock, svc.PayInput("electricity", "0301-2345678", "国网", 12345, 200),
                    [Tender("mobile", 12545, "WX1")])
    svc.refund_service(database, op, clock, before.number, "充错号码", op)
    assert client.sync_once().pending == 0
    sid = station_id(database)
    assert len(station_records(database, sid)["service_payment"]) == 2
    assert_same(database, county.engine, sid)
    assert county_count(county.engine, "SELECT count(*) FROM synced_service_payment WHERE status = 'refunded' "
                        "AND data->>'account_masked' = '138****5678'") == 1
    assert county_count(county.engine, "SELECT count(*) FROM synced_service_payment "
                        "WHERE data::text LIKE '%13812345678%'") == 0


def test_a_day_with_the_server_down_then_back(database, op, clock, tmp_path, county, proxy):
    client = linked(database, tmp_path, county, proxy)
    client.sync_once()
    proxy.up = False
    county.stop()
    check_in(database, op, clock, 40)
    with pytest.raises(SyncError) as e:
        client.sync_once()
    assert e.value.retry_later
    county.start()
    proxy.up = True
    assert client.sync_once().pending == 0
    assert_same(database, county.engine, station_id(database))


def test_connection_cut_mid_batch_then_the_same_batch_again(database, op, clock, tmp_path, county, proxy):
    check_in(database, op, clock, 30)
    client = linked(database, tmp_path, county, proxy, batch_records=20)
    proxy.cut_after = 700  # the request's headers and part of its body
    with pytest.raises(SyncError):
        client.sync_once()
    assert proxy.cuts >= 1
    assert county_count(county.engine, "SELECT count(*) FROM synced_parcel") == 0
    proxy.cut_after = None
    report = client.sync_once()
    assert report.pending == 0
    assert_same(database, county.engine, station_id(database))


def test_answer_lost_after_the_county_applied_the_batch(database, op, clock, tmp_path, county, proxy):
    """The county applied the batch but the answer never came: the retry is a replay or resumes
    from the county's mark; nothing twice."""
    check_in(database, op, clock, 10)
    client = linked(database, tmp_path, county, proxy)
    orig = client._accept_mark
    calls = {"n": 0}

    def lose_first_answer(high_water):
        calls["n"] += 1
        if calls["n"] == 2:  # the first is the status before sending; the second the batch's answer
            raise SyncError("offline", "answer lost")
        return orig(high_water)

    client._accept_mark = lose_first_answer
    with pytest.raises(SyncError):
        client.sync_once()
    client._accept_mark = orig
    assert client.sync_once().pending == 0
    assert county_count(county.engine, "SELECT count(*) FROM synced_parcel") == 10
    assert_same(database, county.engine, station_id(database))


def test_server_restarted_mid_sync(database, op, clock, tmp_path, county, proxy):
    check_in(database, op, clock, 30)
    client = linked(database, tmp_path, county, proxy, batch_records=10)
    orig = client._accept_mark
    calls = {"n": 0}

    def restart_after_first_batch(high_water):
        orig(high_water)
        calls["n"] += 1
        if calls["n"] == 2:
            county.stop()
            county.start()

    client._accept_mark = restart_after_first_batch
    try:
        client.sync_once()
    except SyncError as e:
        assert e.retry_later
    client._accept_mark = orig
    assert client.sync_once().pending == 0
    assert_same(database, county.engine, station_id(database))


def test_station_clock_off_by_hours(database, op, clock, tmp_path, county, proxy):
    clock.advance(hours=-9)
    check_in(database, op, clock, 3)
    client = linked(database, tmp_path, county, proxy,
                    now=lambda: dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=7))
    report = client.sync_once()
    assert report.pending == 0 and report.clock_skew_s > 6 * 3600
    assert_same(database, county.engine, station_id(database))


def test_restored_from_a_week_old_backup(database, op, clock, tmp_path, county, proxy):
    from pos.db import outbox

    check_in(database, op, clock, 5)
    client = linked(database, tmp_path, county, proxy)
    client.sync_once()
    # the backup: a copy of the database file with everything so far
    db_file = database.engine.url.database
    database.engine.dispose()
    shutil.copy(db_file, tmp_path / "week-old.sqlite3")
    check_in(database, op, clock, 5, start=5)  # a week of work, synced
    client.sync_once()
    assert county_count(county.engine, "SELECT count(*) FROM synced_parcel") == 10
    # the disk dies; the week-old backup comes back (as backups.restore_backup does: new generation)
    database.engine.dispose()
    shutil.copy(tmp_path / "week-old.sqlite3", db_file)
    with database.unit_of_work() as s:
        outbox.renew_generation(s)
    # the first five changed after the backup at the county (picked up there); the station's
    # older copy must not overwrite them, and the new work after the restore goes up
    check_in(database, op, clock, 2, start=20)
    client = SyncClient(database, tmp_path / "station", timeout=5)
    report = client.sync_once()
    assert report.pending == 0
    assert county_count(county.engine, "SELECT count(*) FROM synced_parcel") == 12
    # what the county holds of the station now: everything the restored copy holds, equal,
    # plus the five parcels of the lost week that only the county still has
    from tests.sync.conftest import county_records, station_records

    sid = station_id(database)
    here, there = station_records(database, sid), county_records(county.engine, sid)
    for kind, recs in here.items():
        for uid, digest in recs.items():
            assert there[kind][uid] == digest
    assert len(there["parcel"]) - len(here["parcel"]) == 5


def test_restored_copy_resends_what_the_county_lacks(database, op, clock, tmp_path, county, proxy):
    """A backup taken before some records ever reached the county: after the restore the
    station sends them (the county lacked them)."""
    from pos.db import outbox

    client = linked(database, tmp_path, county, proxy)
    check_in(database, op, clock, 1)
    client.sync_once()
    check_in(database, op, clock, 4, start=1)  # never reached the county
    with database.unit_of_work() as s:
        outbox.renew_generation(s)
        # the parcels' outbox rows are lost too: only the county's diff can tell they are missing
        s.execute(OutboxEntry.__table__.delete().where(OutboxEntry.kind.in_(["parcel", "parcel_event"])))
    report = client.sync_once()
    assert report.resent_after_restore > 0 and report.pending == 0
    assert_same(database, county.engine, station_id(database))


def test_revoked_key_stops_sync(database, op, clock, tmp_path, county, proxy):
    client = linked(database, tmp_path, county, proxy)
    client.sync_once()
    county.revoke()
    check_in(database, op, clock, 1)
    with pytest.raises(SyncError) as e:
        client.sync_once()
    assert e.value.code == "key_revoked" and not e.value.retry_later
    assert link_state(database).revoked
    assert link_state(database).pending > 0  # nothing marked sent


def test_manifest_fills_the_recipient_at_check_in(database, op, clock, tmp_path, county, proxy):
    import httpx

    client = linked(database, tmp_path, county, proxy)
    staff = county.staff()
    r = httpx.post(f"{proxy.url}/api/manifests", headers={"Authorization": f"Bearer {staff}"}, json={
        "station": "清水村服务站", "truck": "皖A12345",
        "lines": [{"waybill": "SF1023574626292", "carrier": "SF", "recipient_phone": "13800001234",
                   "recipient_name": "李四"}]})
    assert r.status_code in (200, 201), r.text
    r = httpx.put(f"{proxy.url}/api/stations/清水村服务站/settings", headers={"Authorization": f"Bearer {staff}"},
                  json={"commission_rates": {"parcel_fen": 50}, "notice_template": "{station}：您的快递已到，取件码 {codes}"})
    assert r.status_code == 200, r.text
    report = client.sync_once()
    assert (report.manifests, report.manifest_lines) == (1, 1) and report.settings_version
    assert link_state(database).settings["commission_rates"] == {"parcel_fen": 50}
    from pos.services import settings as st
    from pos.services.parcels import county_settings
    from pos.services.parcels.settings import NOTICE_TEMPLATE

    assert st.read(database, NOTICE_TEMPLATE) == "{station}：您的快递已到，取件码 {codes}"
    assert county_settings.notice_set_by_county(database)
    scan = checkin.read_scan(database, RULES, "SF1023574626292")
    assert scan.manifest == checkin.Recipient(phone="13800001234", name="李四")
    assert client.sync_once().manifests == 0  # the cursor moved on


def test_sync_command_prints_and_exits_zero(qapp, database, op, clock, tmp_path, county, proxy, capsys):
    # qapp: the command makes a QCoreApplication unless a QApplication exists (later widget tests need one)
    from pos.cli import main

    check_in(database, op, clock, 2)
    folder = tmp_path / "station"
    folder.mkdir()
    url = f"sqlite:///{database.engine.url.database}"
    assert main(["--lang", "en", "link", proxy.url, county.code(), "--data-dir", str(folder), "--db", url]) == 0
    assert main(["--lang", "en", "sync", "--data-dir", str(folder), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "Everything is sent." in out and "parcel 2" in out
    proxy.up = False
    check_in(database, op, clock, 1, start=9)
    assert main(["--lang", "en", "sync", "--data-dir", str(folder), "--db", url]) == 1


def test_sync_command_unlinked_exits_two(qapp, database, tmp_path, capsys):
    from pos.cli import main

    url = f"sqlite:///{database.engine.url.database}"
    assert main(["--lang", "en", "sync", "--data-dir", str(tmp_path), "--db", url]) == 2
    assert "not linked" in capsys.readouterr().err
