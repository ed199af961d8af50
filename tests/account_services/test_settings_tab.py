"""Settings → Services: the owner edits a kind's commission rule and fee and adds a service, by
keyboard; a bad percentage is refused with nothing saved; the county's list is read-only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos.db.models import SyncState
from pos.services.account_services import kinds as kinds_svc
from pos.ui.pages.settings.services_tab import ServicesTab


@pytest.fixture
def tab(qtbot, ui_ctx, boss):
    ui_ctx.session.set_operator(boss)

    def make():
        t = ServicesTab(ui_ctx)
        qtbot.addWidget(t)
        t.show()
        qtbot.waitExposed(t)
        return t
    return make


def retype(qtbot, edit, text):
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)  # Chinese comes from an input method


def test_the_owner_sets_a_rule_and_adds_a_service(tab, qtbot, ui_ctx):
    t = tab()
    assert t.list.count() == 4 and t.name.isEnabled() and "话费充值" in t.list.item(0).text()
    t.list.setFocus()
    qtbot.keyClick(t.list, Qt.Key.Key_Down)
    assert t.code.text() == "electricity"
    retype(qtbot, t.percent, "0.3")
    retype(qtbot, t.fixed, "1")
    retype(qtbot, t.fee, "2")
    retype(qtbot, t.providers, "国网湖南省电力，地方电网")
    qtbot.keyClick(t.providers, Qt.Key.Key_Return)  # Enter on the last field saves
    assert "已保存" in t.saved.text(), t.error.text()
    power = kinds_svc.kinds_in_force(ui_ctx.db).get("electricity")
    assert (power.commission_bp, power.commission_fen, power.default_fee_fen, power.providers) == (
        30, 100, 200, ("国网湖南省电力", "地方电网"))
    # a new service: a code and a name
    t.add.setFocus()
    qtbot.keyClick(t.add, Qt.Key.Key_Space)
    assert t.focusWidget() is t.code and not t.code.isReadOnly()
    retype(qtbot, t.code, "broadband")
    retype(qtbot, t.name, "宽带缴费")
    retype(qtbot, t.percent, "1")
    qtbot.keyClick(t.providers, Qt.Key.Key_Return)
    assert "已保存" in t.saved.text(), t.error.text()
    kinds = kinds_svc.kinds_in_force(ui_ctx.db)
    assert [k.code for k in kinds.kinds][-1] == "broadband" and kinds.get("broadband").commission_bp == 100


def test_a_bad_percentage_is_refused_and_nothing_saved(tab, qtbot, ui_ctx):
    t = tab()
    retype(qtbot, t.percent, "0.555")
    qtbot.keyClick(t.providers, Qt.Key.Key_Return)
    assert t.error.isVisible() and "百分" in t.error.text() and not t.saved.text()
    assert kinds_svc.kinds_in_force(ui_ctx.db).get("phone_topup").commission_bp == 0
    qtbot.keyClick(t.list, Qt.Key.Key_Down)  # the list stays on the kind until its fields are right
    assert t.code.text() == "phone_topup"


def test_the_county_list_is_shown_read_only(tab, ui_ctx):
    with ui_ctx.db.unit_of_work() as s:
        s.add(SyncState(id=1, county_url="http://county", station_id="x", station_name="清水村服务站",
                        settings_json='{"service_kinds": [{"code": "water", "name": "水费", "commission_bp": 20}]}'))
    t = tab()
    assert t.list.count() == 1 and "水费" in t.list.item(0).text() and "0.20%" in t.list.item(0).text()
    assert "县级中心" in t.note.text()
    assert not t.save.isEnabled() and not t.percent.isEnabled() and not t.add.isEnabled()
