"""Settings → Income rates, from the keyboard: add dated rates, refuse bad ones, the county's
table read-only."""

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos.db.models import SyncState
from pos.domain.errors import DomainError
from pos.domain.station import StationDetails
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.income.rates import add_rate, rate_table
from pos.services.station import setup as station
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.pages.settings.income_rates_tab import IncomeRatesTab
from pos.wiring import wire_station

TODAY = dt.datetime(2026, 6, 10, 4, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def ctx(qapp, database, tmp_path, shanghai):
    tr = Translations(qapp)
    tr.use("zh_CN")
    c = AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                   wiring=wire_station())
    c.session.set_operator(station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234"))
    return c


@pytest.fixture
def tab(qtbot, ctx):
    t = IncomeRatesTab(ctx, clock=lambda: TODAY)
    qtbot.addWidget(t)
    t.show()
    qtbot.waitExposed(t)
    t.activateWindow()
    return t


def ime(combo, text):
    """What an input method commits into the focused field (QTest cannot type Chinese keys)."""
    assert QApplication.focusWidget() is combo
    combo.lineEdit().insert(text)


def _type(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_rates_added_from_the_keyboard_keep_their_history(qtbot, tab, ctx):
    assert tab.valid_from.text() == "2026-06-10"
    # a purchase commission for 家电, 5 %, from 1 June: Alt+C to the category, typed, Tab on
    qtbot.keyClick(tab, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is tab.key
    ime(tab.key, "家电")
    _type(qtbot, tab.amount, "5")
    _type(qtbot, tab.valid_from, "2026-06-01")
    qtbot.keyClick(tab.valid_from, Qt.Key.Key_Return)
    assert not tab.error.isVisible(), tab.error.text()
    # a parcel fee per handover: Alt+I to the source, Down picks parcels, Alt+P the event
    qtbot.keyClick(tab, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert tab.source.currentData() == "parcel_fee"
    qtbot.keyClick(tab, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(QApplication.focusWidget(), "ZTO")
    qtbot.keyClick(tab, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert tab.paid_per.currentData() == "handover"
    _type(qtbot, tab.amount, "0.6")
    qtbot.keyClick(tab.amount, Qt.Key.Key_Return)
    # a later 家电 rate replaces the first from its day on; both stay listed
    qtbot.keyClick(tab, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    qtbot.keyClick(tab, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    ime(tab.key, "家电")
    _type(qtbot, tab.amount, "6.5%")
    _type(qtbot, tab.valid_from, "2026-07-01")
    qtbot.keyClick(tab, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # the button clicks a moment later
    qtbot.waitUntil(lambda: "6.5%" in tab.saved.text() or tab.error.isVisible())
    assert not tab.error.isVisible(), tab.error.text()
    rates = rate_table(ctx.db)
    assert not rates.set_by_county
    got = sorted((r.source, r.key, r.event, r.bp, r.fen_each, r.valid_from.isoformat()) for r in rates.rates)
    assert got == [("parcel_fee", "ZTO", "handover", 0, 60, "2026-06-10"),
                   ("purchase_commission", "家电", "", 500, 0, "2026-06-01"),
                   ("purchase_commission", "家电", "", 650, 0, "2026-07-01")]
    rows = [[tab.table.item(r, c).text() for c in range(4)] for r in range(tab.table.rowCount())]
    assert rows[1][1:] == ["家电", "5%", "2026-06-01 起有效"]
    assert rows[2][1:] == ["家电", "6.5%", "从 2026-07-01 起"]
    assert rows[0][1] == "中通快递 (ZTO), 按取件" and rows[0][2] == "¥0.60 每件"


@pytest.mark.parametrize("amount, day, words", [
    ("3,5", "2026-06-01", "不是百分比"),
    ("120", "2026-06-01", "超出范围"),
    ("5", "2026-13-01", "不是有效日期"),
    ("5", "", "不是有效日期"),
])
def test_a_bad_rate_is_refused_with_a_clear_message(qtbot, tab, ctx, amount, day, words):
    _type(qtbot, tab.amount, amount)
    _type(qtbot, tab.valid_from, day) if day else tab.valid_from.clear()
    qtbot.keyClick(tab, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(tab.error.isVisible)
    assert words in tab.error.text(), tab.error.text()
    assert rate_table(ctx.db).rates == ()


def test_the_same_rate_twice_on_one_day_is_refused(qtbot, tab, ctx):
    for _ in range(2):
        _type(qtbot, tab.amount, "3")
        qtbot.keyClick(tab.amount, Qt.Key.Key_Return)
    assert tab.error.isVisible() and "2026-06-10" in tab.error.text()
    assert len(rate_table(ctx.db).rates) == 1


def test_the_county_table_overrides_and_is_read_only(qtbot, ctx):
    county = [{"source": "parcel_fee", "key": "*", "event": "checkin", "valid_from": "2026-01-01", "fen_each": 45}]
    with ctx.db.unit_of_work() as s:
        s.add(SyncState(id=1, county_url="https://county.example", station_id="st-9",
                        settings_json=json.dumps({"rates": county})))
    tab = IncomeRatesTab(ctx, clock=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.county_note.isVisible() and "县" in tab.county_note.text()
    assert not tab.form_box.isVisible()
    assert tab.table.rowCount() == 1 and tab.table.item(0, 2).text() == "¥0.45 每件"
    with pytest.raises(DomainError):
        add_rate(ctx.db, ctx.operator, {"source": "parcel_fee", "key": "*", "event": "checkin",
                                        "valid_from": "2026-07-01", "fen_each": 50})
