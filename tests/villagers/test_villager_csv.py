"""CSV export and import: Excel-friendly files, Chinese headers, GB18030, every bad row reported."""

import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from pos.db.models import AccountEntry, AuditEntry, Villager
from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.villager_fields import VillagerInput, clean_villager_name
from pos.services.villagers import csv_io as vc
from pos.services.villagers import register as vs

from .conftest import NOW

HEADER = "name,phone,village_group,household,address,notes,delivery_consent,delivery_consent_at,balance_yuan\n"


def count(db):
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(Villager))


def test_export_format(database, people, clock, tmp_path):
    owner, _ = people
    v = vs.create(database, owner, VillagerInput("张三", "13812345678", "三组", "张家", "上村5号",
                                                 "爱说\"你好\",\n耳背", True), clock)
    vs.adjust_balance(database, owner, v.id, -505, "预存", clock)
    vs.create(database, owner, VillagerInput("单小红", "139****4321", "一组"), clock)
    out = tmp_path / "v.csv"
    assert vc.export_villagers(database, owner, out, clock=clock) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfname,phone,village_group,household,address,notes,delivery_consent,"
                          b"delivery_consent_at,balance_yuan\r\n")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["单小红", "张三"]  # 一组 before 三组
    zs = rows[1]
    assert (zs["phone"], zs["notes"], zs["delivery_consent"], zs["balance_yuan"]) == (
        "13812345678", "爱说\"你好\",\n耳背", "yes", "-5.05")
    assert dt.datetime.fromisoformat(zs["delivery_consent_at"]) == NOW.replace(microsecond=0)
    assert rows[0]["phone"] == "139****4321" and rows[0]["delivery_consent_at"] == ""
    assert not list(tmp_path.glob("*.part"))


def test_export_is_the_owners(database, people, tmp_path):
    _, assistant = people
    with pytest.raises(PermissionDenied):
        vc.export_villagers(database, assistant, tmp_path / "v.csv")


def test_round_trip(database, people, clock, tmp_path, any_database):
    owner, _ = people
    v = vs.create(database, owner, VillagerInput("张三", "13812345678", "三组", "张家", "上村5号",
                                                 "第一行\n第二行, \"引号\"", True), clock)
    vs.adjust_balance(database, owner, v.id, 12345, "旧账", clock)
    vs.create(database, owner, VillagerInput("Tom 李", "****4321", "", "", "", "", False), clock)
    out = tmp_path / "v.csv"
    vc.export_villagers(database, owner, out, clock=clock)
    from pos.services.station import setup as station
    from pos.domain.station import StationDetails

    owner2 = station.set_up_station(any_database, StationDetails("新站"), "王", "1234")
    result = vc.import_villagers(any_database, owner2, out.read_bytes(), source=str(out), clock=clock)
    assert (result.rows, result.imported, result.rejected) == (2, 2, ())

    def summary(db, op):
        return sorted((x.name, x.phone, x.phone_masked, x.village_group, x.household, x.address, x.notes,
                       x.delivery_consent, x.delivery_consent_at.replace(microsecond=0) if x.delivery_consent_at else None,
                       x.balance_fen) for x in vs.search(db, op, ""))

    assert summary(any_database, owner2) == summary(database, owner)
    with any_database.reader() as s:
        entry = s.scalars(select(AccountEntry)).one()
        assert (entry.kind, entry.amount_fen) == ("import", 12345)
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == vc.VILLAGERS_IMPORTED)).one()


def test_chinese_headers_in_gb18030(database, people, clock):
    owner, _ = people
    text = ("姓名,手机,组,户,地址,备注,同意送货,同意日期,余额\r\n"
            "张三,13812345678,三组,张家,上村5号,耳背,是,2024-03-15,12.50\r\n"
            "李四,138****0000,一组,,,,否,,\r\n")
    result = vc.import_villagers(database, owner, text.encode("gb18030"), clock=clock)
    assert result.imported == 2 and not result.rejected
    zs = vs.search(database, owner, "zs")[0]
    assert (zs.household, zs.notes, zs.delivery_consent, zs.balance_fen) == ("张家", "耳背", True, 1250)
    assert zs.delivery_consent_at.astimezone().date() == dt.date(2024, 3, 15)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_other_encodings_and_tabs(database, people, clock, encoding):
    owner, _ = people
    text = "姓名\t手机\t余额（元）\n王五\t13912345678\t3\n"
    assert vc.import_villagers(database, owner, text.encode(encoding), clock=clock).imported == 1
    assert vs.search(database, owner, "ww")[0].balance_fen == 300


def test_bad_rows_are_all_reported_and_nothing_is_imported(database, people, clock):
    owner, _ = people
    vs.create(database, owner, VillagerInput("张三", "13812345678"), clock)
    text = (HEADER
            + "王五,13912345678,一组,,,,yes,,0\n"
            + ",12345,一组,,,,maybe,15/03/2024,12.345\n"
            + "\n"
            + "李四,13812345678,,,,,,,\n"
            + "赵六,13912345678,,,,,,,\n"
            + "钱七,,,,,,,,,extra\n")
    result = vc.import_villagers(database, owner, text.encode(), clock=clock)
    assert result.refused and result.imported == 0 and count(database) == 1
    found = [(r.line, r.column) for r in result.rejected]
    assert found == [(3, "name"), (3, "phone"), (3, "delivery_consent"), (3, "delivery_consent_at"),
                     (3, "balance_yuan"), (5, "phone"), (6, "phone"), (7, "")]
    reasons = {(r.line, r.column): str(r.error) for r in result.rejected}
    assert "already registered to 张三" in reasons[(5, "phone")]
    assert "already on line 2" in reasons[(6, "phone")]
    assert "10 cells" in reasons[(7, "")]
    assert result.rows == 5 and result.good == 1  # the blank line is not a row


def test_skip_bad_rows_imports_the_good_ones(database, people, clock):
    owner, _ = people
    text = HEADER + "王五,13912345678,一组,,,,yes,,5\n" + "13800000000,,,,,,,,\n"
    result = vc.import_villagers(database, owner, text.encode(), skip_bad_rows=True, clock=clock)
    assert (result.imported, [r.line for r in result.rejected]) == (1, [3])
    assert count(database) == 1


def test_dry_run_writes_nothing(database, people, clock):
    owner, _ = people
    result = vc.import_villagers(database, owner, (HEADER + "王五,,,,,,,,\n").encode(), dry_run=True, clock=clock)
    assert (result.good, result.imported, count(database)) == (1, 0, 0)


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b"\n\n", "empty"), (b"phone\n138\n", "no 'name'"), (b"name,phnoe\n", "'phnoe' is not known"),
    ("姓名,姓名\n".encode(), "appears twice"), (b"\xff\xfe\xfa\x80\x81name", "not text"),
])
def test_files_that_cannot_be_read(database, people, data, words):
    owner, _ = people
    with pytest.raises(vc.CsvFileError, match=words):
        vc.import_villagers(database, owner, data)


def test_import_is_the_owners(database, people):
    _, assistant = people
    with pytest.raises(PermissionDenied):
        vc.import_villagers(database, assistant, HEADER.encode())


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=25)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.lists(st.tuples(cell, cell, cell, cell, cell), min_size=1, max_size=5))
def test_any_row_is_imported_or_reported_by_line(database, people, rows):
    owner, _ = people
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["name", "phone", "delivery_consent", "delivery_consent_at", "balance_yuan"])
    w.writerows(rows)
    result = vc.import_villagers(database, owner, buf.getvalue().encode("utf-8"), dry_run=True, clock=lambda: NOW)
    bad_lines = {r.line for r in result.rejected}
    assert result.good + len(bad_lines) == result.rows
    assert all(2 <= r.line and str(r.error) for r in result.rejected)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30))
def test_names_survive_csv_quoting(name):
    buf = io.StringIO()
    csv.writer(buf).writerows([["name"], [name]])
    good, bad, _ = vc.parse_rows(buf.getvalue().encode("utf-8-sig"), NOW)
    try:
        expected = clean_villager_name(name)
    except ValidationError:
        assert not good  # reported, or a blank line
        return
    assert good[0].villager.name == expected and not bad
