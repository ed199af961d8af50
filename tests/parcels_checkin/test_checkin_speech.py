"""Spoken feedback at check-in (FakeSpeaker through FakeDevices): 入库成功 after a check-in,
重复入库 for a parcel already on the shelf; the next scan is never held up."""

from PySide6.QtCore import Qt

from pos.devices.fakes import FakeDevices
from pos.domain import speech_text
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.wiring import wire_station

from .conftest import YTO, ZTO


def check_in(qtbot, page, waybill, phone="13812345678"):
    page.handle_scan(waybill)
    page.form.phone.clear()
    qtbot.keyClicks(page.form.phone, phone)
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)


def test_checked_in_then_again_is_a_duplicate(qtbot, page, ctx):
    check_in(qtbot, page, ZTO)
    assert page.result.code.text() == "A-1-0001"
    assert ctx.devices.said == [speech_text.CHECKED_IN]
    page.handle_scan(ZTO)
    assert ctx.devices.said == [speech_text.CHECKED_IN, speech_text.DUPLICATE]
    check_in(qtbot, page, YTO)
    assert ctx.devices.said[-1] == speech_text.CHECKED_IN


def test_the_sms_queue_is_woken_after_a_check_in(qtbot, page, ctx):
    before = ctx.devices.sms_wakes
    check_in(qtbot, page, ZTO)
    assert ctx.devices.sms_wakes > before


def test_send_by_sms_from_the_notices_window(qtbot, ctx, database, op, clock, rules):
    from pos.db import sms_messages
    from pos.services import settings as st
    from pos.services.hardware.device_settings import MODEM_SPEC, SMS_AUTO
    from pos.services.parcels import checkin
    from pos.services.parcels.checkin import Recipient
    from pos.ui.pages.notices_page import NoticesPage

    with database.unit_of_work() as s:
        st.put(s, MODEM_SPEC, "fake")
        st.put(s, SMS_AUTO, False)  # by hand
    checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient("13812345678", "张三"))
    page = NoticesPage(ctx, clock=clock)
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.activated()
    assert page.buttons["Ctrl+M"].isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    with database.reader() as s:
        [m] = sms_messages.list_messages(s)
    assert m.phone == "13812345678" and m.status == "pending"
    assert ctx.devices.sms_wakes >= 1 and "1" in page.info.text()


def test_no_modem_no_sms_button(qtbot, qapp, database, tmp_path, op, clock):
    from pos.ui.pages.notices_page import NoticesPage

    tr = Translations(qapp)
    c = AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                   devices=FakeDevices(database, modem=False), wiring=wire_station())
    c.session.set_operator(op)
    page = NoticesPage(c, clock=clock)
    qtbot.addWidget(page)
    assert not page.buttons["Ctrl+M"].isEnabled()
    page.send_sms()  # the key does nothing either
    assert page.info.text() == ""
