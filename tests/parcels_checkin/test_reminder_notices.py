"""Reminder notices (pos.services.parcels.reminders, kind "reminder") go through the same pending list,
SMS export and WeChat text as arrival notices, on the service and on the notices page."""

import csv
import io

from pos.services.parcels import checkin
from pos.services.parcels import notices
from pos.services.parcels import reminders
from pos.services.parcels.checkin import Recipient

from .conftest import YTO, ZTO

NAMES = {"ZTO": "中通快递", "YTO": "圆通速递"}


def _setup(database, op, clock, rules):
    checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient("13812345678", "张三"))
    notices.mark_sent(database, op, clock, [n.id for n in notices.list_notices(database, "pending")])
    clock.advance(days=4)  # past the reminder age (3 days)
    checkin.check_in(database, op, clock, rules, waybill=YTO, carrier="YTO", recipient=Recipient("13905783210", "李建国"))
    done = reminders.send_reminders(database, op, clock)
    assert (done.parcels, done.notices) == (1, 1)


def test_reminders_are_pending_and_exported_like_arrivals(database, op, clock, rules):
    _setup(database, op, clock, rules)
    pending = notices.list_notices(database, "pending")
    assert sorted(n.kind for n in pending) == ["arrival", "reminder"]
    reminder = next(n for n in pending if n.kind == "reminder")
    assert reminder.phone == "13812345678" and "A-1-0001" in reminder.text and reminder.items == (("ZTO", "A-1-0001"),)
    text, ids, skipped = notices.sms_csv(pending)
    rows = list(csv.reader(io.StringIO(text)))
    assert reminder.id in ids and skipped == 0
    assert ["13812345678", "张三", reminder.text] in rows
    wechat = notices.wechat_text(pending, "清水村服务站", clock().date(), NAMES, show_codes=True)
    assert "中通快递 A-1-0001" in wechat and "圆通速递" in wechat
    assert notices.mark_sent(database, op, clock, [reminder.id]) == 1
    assert [n.kind for n in notices.list_notices(database, "sent")].count("reminder") == 1


def test_the_notices_page_lists_reminders(qtbot, qapp, tmp_path, database, op, clock, rules):
    from pos.i18n import Translations
    from pos.paths import DataPaths
    from pos.services.station.auth import AuthService
    from pos.ui.context import AppContext
    from pos.ui.pages.notices_page import NoticesPage
    from pos.wiring import wire_station

    _setup(database, op, clock, rules)
    ctx = AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database),
                     translations=Translations(qapp), wiring=wire_station())
    page = NoticesPage(ctx, clock=clock)
    qtbot.addWidget(page)
    texts = [page.table.item(r, 3).text() for r in range(page.table.rowCount())]
    assert len(texts) == 2 and any("A-1-0001" in t for t in texts)
    assert {n.kind for n in page.chosen()} == {"arrival", "reminder"}  # exports act on both
