"""Spoken feedback at the pickup counter (FakeSpeaker through FakeDevices): a wrong parcel is
called out, Ctrl+R says the codes and shelves again; switched off or without a voice, nothing."""

from dataclasses import replace

from PySide6.QtCore import Qt

from pos.domain import speech_text

from .conftest import type_query
from .factory import make_parcel


def test_a_wrong_parcel_is_called_out(qtbot, page, ctx, database):
    a = make_parcel(database, code="A-3-0127")
    other = make_parcel(database, phone="13900000000", code="B-1-0001")
    type_query(qtbot, page, "5678")
    page.handle_scan(a.waybill)
    assert ctx.devices.said == []  # a right parcel: the green line is enough
    page.handle_scan(other.waybill)
    assert page.status.refused and ctx.devices.said == [speech_text.WRONG_PARCEL]


def test_ctrl_r_says_the_codes_and_shelves_again(qtbot, page, ctx, database):
    make_parcel(database, code="A-3-0127")
    make_parcel(database, code="B-2-0009")
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.status.refused and ctx.devices.said == []  # nobody looked up yet
    type_query(qtbot, page, "5678")
    qtbot.keyClick(page.query, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    [said] = ctx.devices.said
    assert said == "取件码 A，三，零一二七，A号货架，第三层；取件码 B，二，零零零九，B号货架，第二层"
    assert ("Ctrl+R", page.tr("Say the pickup codes and shelves aloud again")) in page.help_keys()


def test_switched_off_or_without_a_voice_nothing_is_said(qtbot, page, ctx, database):
    a = make_parcel(database, code="A-3-0127")
    other = make_parcel(database, phone="13900000000", code="B-1-0001")
    ctx.devices.config = replace(ctx.devices.config, speech_enabled=False)
    type_query(qtbot, page, "5678")
    page.handle_scan(other.waybill)
    page.say_codes()
    assert ctx.devices.said == []
    ctx.devices.config = replace(ctx.devices.config, speech_enabled=True)
    ctx.devices.speaker._available = False  # no Chinese voice on this PC: the beeps stay
    page.handle_scan(other.waybill)
    assert ctx.devices.said == [] and page.status.refused
    page.handle_scan(a.waybill)
    assert page.scanned == [a.id]
