"""A villager who asked for no SMS notices: the form's checkbox (keyboard), kept by a CSV import
that has no such column, and shown on the villager."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos.domain.villager_fields import VillagerInput
from pos.services.villagers import csv_io as vc
from pos.services.villagers import register as vs
from pos.ui.pages.villagers import VillagersPage


@pytest.fixture
def page(qtbot, ctx, staff):
    ctx.session.set_operator(staff[0])
    p = VillagersPage(ctx)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    with qtbot.waitActive(p):
        p.show()
        p.activateWindow()
    p.activated()
    return p


def test_the_form_sets_and_clears_the_flag(qtbot, page, ctx, staff):
    zs = vs.create(ctx.db, staff[0], VillagerInput("张三", "13812345678", "三组"))
    assert zs.no_sms is False
    qtbot.keyClicks(page.search, "zs")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.form.name
    page.form.no_sms.setFocus()
    qtbot.keyClick(page.form.no_sms, Qt.Key.Key_Space)
    qtbot.keyClick(page.form.no_sms, Qt.Key.Key_Return)
    assert vs.get(ctx.db, staff[0], zs.id).no_sms is True
    page.form.show_villager(vs.get(ctx.db, staff[0], zs.id))
    assert page.form.no_sms.isChecked()
    page.form.no_sms.setChecked(False)
    page.form.save()
    assert vs.get(ctx.db, staff[0], zs.id).no_sms is False


def test_a_csv_import_keeps_the_flag(database, people, clock):
    owner, _ = people
    zs = vs.create(database, owner, VillagerInput("张三", "13812345678", "三组", no_sms=True))
    vs.update(database, owner, zs.id, VillagerInput("张三", "13812345678", "四组"))  # no word on SMS
    assert vs.get(database, owner, zs.id).no_sms is True
    text = "name,phone,village_group\n张三,13812345678,五组\n"
    vc.import_villagers(database, owner, text.encode("utf-8"), clock=clock)
    after = vs.get(database, owner, zs.id)
    assert after.village_group in ("四组", "五组") and after.no_sms is True
