"""Parcel settings: checks on every value, and the owner-approved tab."""

import pytest
from hypothesis import given
from hypothesis import strategies as stt

from pos.domain.errors import ValidationError
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services import settings as st
from pos.services.station.auth import AuthService
from pos.services.parcels.settings import (
    CARRIER_PREFERENCES, CODE_REST_DAYS, DEFAULT_TEMPLATE, NOTICE_TEMPLATE, SHELVES, STATION_SHORT_NAME,
    WECHAT_SHOWS_CODES, check_layout, check_rest_days, clean_preferences, layout_or_default, parse_shelf_names,
    rest_days,
)
from pos.ui.context import AppContext
from pos.ui.pages.settings import parcels_tab
from pos.ui.pages.settings.parcels_tab import ParcelsSettingsTab
from pos.wiring import wire_station


def test_layout_checks():
    assert check_layout({"shelves": "a，b c", "layers": 5, "capacity": 30}).shelves == ("A", "B", "C")
    assert parse_shelf_names(" A,B、C ;D ") == ["A", "B", "C", "D"]
    assert layout_or_default(None).total == 4 * 5 * 30
    assert layout_or_default({"shelves": [], "layers": 0}).shelves == ("A", "B", "C", "D")
    for bad in ({"shelves": ["A-1"], "layers": 1, "capacity": 1}, {"shelves": ["A", "a"], "layers": 1, "capacity": 1},
                {"shelves": ["A"], "layers": 0, "capacity": 1}, {"shelves": ["A"], "layers": 1, "capacity": 1000},
                {"shelves": ["A"], "layers": True, "capacity": 1}, "A B", {"shelves": [], "layers": 1, "capacity": 1}):
        with pytest.raises(ValidationError):
            check_layout(bad)


@given(stt.dictionaries(stt.sampled_from(["shelves", "layers", "capacity", "x"]),
                        stt.one_of(stt.text(max_size=20), stt.integers(-5, 2000), stt.lists(stt.text(max_size=4)))))
def test_any_layout_is_accepted_or_refused(data):
    try:
        layout = check_layout(data)
    except ValidationError:
        return
    assert layout.slots() and all("-" not in s for s in layout.shelves)


def test_preferences_drop_unknown_carriers():
    assert clean_preferences({"12:1234": "JD", "13:9999": "UPS", "x": 3}) == {"12:1234": "JD"}
    assert clean_preferences(None) == {}


@pytest.fixture
def ctx(qapp, database, tmp_path, op):
    tr = Translations(qapp)
    tr.use("zh_CN")
    c = AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                   wiring=wire_station())
    c.session.set_operator(op)
    return c


def test_tab_saves_with_owner_and_shows_mistakes(qtbot, ctx):
    tab = ParcelsSettingsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.shelves.text() == "A B C D" and tab.template.toPlainText() == DEFAULT_TEMPLATE
    assert "清水村服务站" in tab.preview.text() and "A-3-0127" in tab.preview.text()
    tab.shelves.setText("A-1")
    tab.submit()
    assert tab.error.isVisible()
    tab.shelves.setText("A B")
    tab.layers.setValue(3)
    tab.capacity.setValue(10)
    tab.short_name.setText("清水站")
    tab.template.setPlainText("{station}：取件码{codes}")
    assert tab.total.text() and "60" in tab.total.text()
    tab.submit()
    assert not tab.error.isVisible()
    assert st.read(ctx.db, SHELVES) == {"shelves": ["A", "B"], "layers": 3, "capacity": 10}
    assert st.read(ctx.db, NOTICE_TEMPLATE) == "{station}：取件码{codes}"
    assert st.read(ctx.db, STATION_SHORT_NAME) == "清水站"
    tab.template.setPlainText("没有取件码")
    tab.submit()
    assert tab.error.isVisible() and st.read(ctx.db, NOTICE_TEMPLATE) == "{station}：取件码{codes}"


def test_assistant_needs_the_owner(qtbot, ctx, monkeypatch, op):
    ctx.auth.add_assistant(op, "李芳", "5678")
    assistant = ctx.auth.login("5678")
    ctx.session.set_operator(assistant)
    asked = []
    monkeypatch.setattr(parcels_tab, "require_owner", lambda *a: asked.append(a) or None)
    tab = ParcelsSettingsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.capacity.setValue(5)
    tab.submit()
    assert asked and st.read(ctx.db, SHELVES) is None


def test_forget_a_remembered_carrier(qtbot, ctx):
    st.save(ctx.db, ctx.operator, {CARRIER_PREFERENCES: {"12:1234": "JD", "13:9893": "CHINAPOST"}})
    tab = ParcelsSettingsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.preferences.count() == 2
    tab.preferences.setCurrentRow(0)
    tab.forget_choice()
    assert len(st.read(ctx.db, CARRIER_PREFERENCES)) == 1 and tab.preferences.count() == 1



def test_code_rest_and_wechat_codes_are_saved_by_the_tab(qtbot, ctx):
    tab = ParcelsSettingsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.rest_days.value() == 90 and not tab.wechat_codes.isChecked()
    tab.rest_days.setValue(120)
    tab.wechat_codes.setChecked(True)
    tab.submit()
    assert st.read(ctx.db, CODE_REST_DAYS) == 120 and st.read(ctx.db, WECHAT_SHOWS_CODES) is True
    fresh = ParcelsSettingsTab(ctx)
    qtbot.addWidget(fresh)
    assert fresh.rest_days.value() == 120 and fresh.wechat_codes.isChecked()


def test_rest_days_checks():
    assert check_rest_days(0) == 0 and check_rest_days(365) == 365
    for bad in (-1, 366, "90", True, None):
        with pytest.raises(ValidationError):
            check_rest_days(bad)
    assert rest_days(None) == 90 and rest_days("x") == 90 and rest_days(30) == 30
