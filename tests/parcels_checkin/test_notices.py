"""Notices: one per recipient per day, regenerated text, sending by CSV / WeChat, marking."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as stt
from sqlalchemy import select

from pos.db.models import ParcelEvent
from pos.domain.errors import ValidationError
from pos.domain.parcel_documents import build_pickup_list
from pos.services.parcels import checkin
from pos.services.parcels import notices
from pos.services import settings as st
from pos.services.parcels.checkin import Recipient
from pos.services.parcels.settings import DEFAULT_TEMPLATE, NOTICE_TEMPLATE, STATION_SHORT_NAME, check_template

from .conftest import JT, SF, YTO, ZTO

NAMES = {"ZTO": "中通快递", "YTO": "圆通速递", "SF": "顺丰速运", "JT": "极兔速递"}


def add(db, op, clock, rules, waybill, carrier, phone="13812345678", name="张三"):
    return checkin.check_in(db, op, clock, rules, waybill=waybill, carrier=carrier, recipient=Recipient(phone, name))


def test_one_notice_per_recipient_per_day(database, op, clock, rules):
    add(database, op, clock, rules, ZTO, "ZTO")
    add(database, op, clock, rules, YTO, "YTO")
    add(database, op, clock, rules, SF, "SF", phone="13905783210", name="李建国")
    pending = notices.list_notices(database, "pending")
    assert len(pending) == 2
    zhang = next(n for n in pending if n.recipient_name == "张三")
    assert zhang.text == "【清水村服务站】您的中通快递、圆通速递已到站，取件码A-1-0001、A-1-0002，请尽快到服务站领取。"  # one layer per family
    assert zhang.items == (("ZTO", "A-1-0001"), ("YTO", "A-1-0002"))
    clock.advance(days=1)
    add(database, op, clock, rules, JT, "JT")
    assert len(notices.list_notices(database, "pending")) == 3  # a new day, a new message


def test_masked_phones_with_other_names_get_their_own_notice(database, op, clock, rules):
    add(database, op, clock, rules, ZTO, "ZTO", phone="****5678", name="张")
    add(database, op, clock, rules, YTO, "YTO", phone="5678", name="李")
    add(database, op, clock, rules, SF, "SF", phone="5678", name="张")
    pending = notices.list_notices(database, "pending")
    assert sorted(n.parcels for n in pending) == [1, 2]
    assert all(not n.can_sms for n in pending)


def test_the_text_a_check_in_writes_is_the_text_its_links_give(database, op, clock, rules):
    """A notice new today is written from the parcel in hand, not read back (#20); whatever the
    template, station name and recipient, it says what a rebuild from its links says."""
    from pos.db.models import Notice

    st.save(database, op, {NOTICE_TEMPLATE: "【{station}】{name}：{count}件（{carriers}）{codes}", STATION_SHORT_NAME: ""})
    results = [add(database, op, clock, rules, ZTO, "ZTO", phone="****5678", name="张"),
               add(database, op, clock, rules, YTO, "YTO", phone="13905783210", name=""),
               add(database, op, clock, rules, SF, "SF", phone="13905783210", name="李建国")]
    with database.reader() as s:
        for res in results:
            notice = s.get(Notice, res.notice_id)
            written = notice.text
            notices._rewrite(s, notice, NAMES)
            assert written == notice.text
    assert results[1].notice_id == results[2].notice_id


def test_template_station_name_and_counts(database, op, clock, rules):
    st.save(database, op, {NOTICE_TEMPLATE: "【{station}】{name}：{count}件快递（{carriers}），取件码{codes}。",
                           STATION_SHORT_NAME: "清水站"})
    add(database, op, clock, rules, ZTO, "ZTO")
    add(database, op, clock, rules, JT, "JT")
    add(database, op, clock, rules, "73100118865047", "ZTO")
    [n] = notices.list_notices(database, "pending")
    assert n.text == "【清水站】张三：3件快递（中通快递2件、极兔速递1件），取件码A-1-0001、A-1-0002、A-1-0003。"


def test_a_sent_notice_is_pending_again_with_the_new_parcel(database, op, clock, rules):
    add(database, op, clock, rules, ZTO, "ZTO")
    [n] = notices.list_notices(database, "pending")
    assert notices.mark_sent(database, op, clock, [n.id]) == 1
    assert notices.list_notices(database, "pending") == []
    [sent] = notices.list_notices(database, "sent")
    assert sent.sent_at == clock()
    add(database, op, clock, rules, YTO, "YTO")
    [again] = notices.list_notices(database, "pending")
    assert again.id == n.id and "A-1-0001、A-1-0002" in again.text


def test_mark_failed_needs_a_reason_and_is_recorded_on_each_parcel(database, op, clock, rules):
    p = add(database, op, clock, rules, ZTO, "ZTO").parcel
    [n] = notices.list_notices(database, "pending")
    with pytest.raises(ValidationError):
        notices.mark_failed(database, op, clock, [n.id], "  ")
    notices.mark_failed(database, op, clock, [n.id], "空号")
    [failed] = notices.list_notices(database, "failed")
    assert failed.error == "空号"
    notices.back_to_pending(database, op, clock, [n.id])
    assert notices.status_counts(database) == {"pending": 1, "sent": 0, "failed": 0}
    with database.reader() as s:
        kinds = list(s.scalars(select(ParcelEvent.kind).where(ParcelEvent.parcel_id == p.id)))
    assert kinds.count("notice_failed") == 1 and "notice_pending" in kinds


def test_sms_csv_has_whole_numbers_only_and_no_formulas(database, op, clock, rules):
    add(database, op, clock, rules, ZTO, "ZTO", name="=HYPERLINK(1)")
    add(database, op, clock, rules, YTO, "YTO", phone="138****1111", name="李")
    text, ids, skipped = notices.sms_csv(notices.list_notices(database, "pending"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["phone", "name", "message"]
    assert len(rows) == 2 and rows[1][0] == "13812345678" and rows[1][1] == "'=HYPERLINK(1)"
    assert "取件码A-1-0001" in rows[1][2]
    assert (len(ids), skipped) == (1, 1)


def test_csv_file_has_a_bom(tmp_path, database, op, clock, rules):
    add(database, op, clock, rules, ZTO, "ZTO")
    text, _, _ = notices.sms_csv(notices.list_notices(database, "pending"))
    notices.write_csv(tmp_path / "n.csv", text)
    raw = (tmp_path / "n.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "中通快递".encode() in raw


def test_wechat_text_masks_names(database, op, clock, rules):
    add(database, op, clock, rules, ZTO, "ZTO", name="张桂芳")
    add(database, op, clock, rules, YTO, "YTO", phone="158****3377", name="孙海燕")
    text = notices.wechat_text(notices.list_notices(database, "pending"), "清水村服务站", clock().date(), NAMES,
                               show_codes=True)
    lines = text.splitlines()
    assert lines[0].startswith("[清水村服务站]")
    assert "张** (phone ending 5678): 中通快递 A-1-0001" in text
    assert "孙** (phone ending 3377): 圆通速递 A-2-0002" in text
    assert "13812345678" not in text and "张桂芳" not in text


def test_pickup_groups_by_villager(database, op, clock, rules):
    add(database, op, clock, rules, ZTO, "ZTO", name="张桂芳")
    add(database, op, clock, rules, YTO, "YTO", name="张桂芳")
    add(database, op, clock, rules, SF, "SF", phone="5678", name="李")
    groups = notices.pickup_groups(database, NAMES)
    assert [(g.recipient_name, len(g.lines)) for g in groups] == [("张桂芳", 2), ("李", 1)] or \
           sorted((g.recipient_name, len(g.lines)) for g in groups) == [("张桂芳", 2), ("李", 1)]


def test_wechat_message_reads_the_station_name_itself(database, op, clock, rules):
    add(database, op, clock, rules, ZTO, "ZTO", name="张桂芳")
    pending = notices.list_notices(database, "pending")
    text = notices.wechat_message(database, pending, clock().date(), NAMES)
    assert text == notices.wechat_text(pending, "清水村服务站", clock().date(), NAMES)


def test_pickup_list_is_the_document_and_its_head_count(database, op, clock, rules):
    add(database, op, clock, rules, ZTO, "ZTO", name="张桂芳")
    add(database, op, clock, rules, YTO, "YTO", name="张桂芳")
    add(database, op, clock, rules, SF, "SF", phone="5678", name="李")
    doc, people = notices.pickup_list(database, NAMES, clock().date())
    assert people == 2
    assert doc == build_pickup_list(notices.pickup_groups(database, NAMES), "清水村服务站", clock().date())


@pytest.mark.parametrize("template", ["", "{station}", "取件码{code}", "取件码{codes} {0}", "{codes", "x" * 301])
def test_bad_templates_are_refused(template):
    with pytest.raises(ValidationError):
        check_template(template)


@given(stt.text(max_size=80))
def test_any_template_is_accepted_or_refused(text):
    try:
        ok = check_template(text)
    except ValidationError:
        return
    assert notices.render(ok, "站", "张", [notices.NoticeItem("中通快递", "A-1-0001")])


def test_default_template_matches_the_issue():
    assert notices.render(DEFAULT_TEMPLATE, "XX村服务站", "", [notices.NoticeItem("中通快递", "A-3-0127")]) == \
        "【XX村服务站】您的中通快递已到站，取件码A-3-0127，请尽快到服务站领取。"


def test_a_notice_whose_parcels_all_left_is_withdrawn_and_a_part_collected_one_rewritten(database, op, clock, rules):
    from pos.services.pickup import handover as pickup
    from pos.wiring import wire_station

    sources = wire_station().due_sources
    a = add(database, op, clock, rules, ZTO, "ZTO").parcel
    b = add(database, op, clock, rules, YTO, "YTO").parcel
    c = add(database, op, clock, rules, SF, "SF", phone="13905783210", name="陈志强").parcel
    pickup.hand_over(database, op, clock, [a.id], scanned=[a.id], sources=sources)
    assert notices.withdraw_left(database, NAMES) == 0
    [zhang] = [n for n in notices.list_notices(database, "pending") if n.recipient_name == "张三"]
    assert b.pickup_code in zhang.text and a.pickup_code not in zhang.text  # only what still waits
    pickup.hand_over(database, op, clock, [b.id], scanned=[b.id], sources=sources)
    pickup.hand_over(database, op, clock, [c.id], scanned=[c.id], sources=sources)
    assert notices.withdraw_left(database, NAMES) == 2
    assert notices.list_notices(database, "pending") == []
    assert notices.status_counts(database)["pending"] == 0


def test_a_sent_notice_stays_as_the_record_of_what_was_sent(database, op, clock, rules):
    from pos.services.pickup import handover as pickup
    from pos.wiring import wire_station

    a = add(database, op, clock, rules, ZTO, "ZTO").parcel
    [n] = notices.list_notices(database, "pending")
    notices.mark_sent(database, op, clock, [n.id])
    pickup.hand_over(database, op, clock, [a.id], scanned=[a.id], sources=wire_station().due_sources)
    assert notices.withdraw_left(database, NAMES) == 0
    assert len(notices.list_notices(database, "sent")) == 1
