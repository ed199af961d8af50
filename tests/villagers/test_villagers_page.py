"""The villager page from the keyboard: search as you type, edit, save with Enter, Esc to cancel,
payments and owner actions, masked phones for assistants, CSV import and export."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pos.db.models import Parcel
from pos.domain.villager_fields import VillagerInput
from pos.services.shifts import drawer as shifts
from pos.services.villagers import register as vs
from pos.ui.owner_approval import OwnerPinDialog
from pos.ui.pages.villagers import VillagersPage
from pos.ui.pages.villagers.balance_dialog import BalanceDialog
from pos.ui.pages.villagers.import_report import ImportReportDialog

HEADER = "name,phone,village_group,household,address,notes,delivery_consent,delivery_consent_at,balance_yuan\n"


@pytest.fixture
def open_page(qtbot, ctx, staff):
    owner, _ = staff

    def make(operator=None):
        ctx.session.set_operator(operator or owner)
        page = VillagersPage(ctx)
        qtbot.addWidget(page)
        page.resize(1100, 700)
        with qtbot.waitActive(page):
            page.show()
            page.activateWindow()
        page.activated()
        return page

    return make


@pytest.fixture
def people_in_register(ctx, staff):
    owner, _ = staff
    zs = vs.create(ctx.db, owner, VillagerInput("张三", "13812345678", "三组", "张家"))
    vs.create(ctx.db, owner, VillagerInput("单小红", "139****4321", "一组"))
    vs.create(ctx.db, owner, VillagerInput("李四", "", "二组"))
    vs.adjust_balance(ctx.db, owner, zs.id, 5000, "旧账")
    return zs


def listed(page):
    return [page.table.item(r, 0).text() for r in range(page.table.rowCount())]


def later(fn, ms=50):
    QTimer.singleShot(ms, fn)


def when_modal(kind, fn):
    """Run fn(dialog) once a modal dialog of this kind is up (it opens inside a nested loop)."""
    def check():
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, kind) and dlg.isVisible():
            fn(dlg)
        else:
            later(check, 20)
    later(check)


def test_search_as_you_type_then_edit_and_save_with_enter(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page()
    assert QApplication.focusWidget() is page.search
    assert listed(page) == ["单小红", "李四", "张三"]
    qtbot.keyClicks(page.search, "zs")
    assert listed(page) == ["张三"] and page.form.name.text() == "张三"
    assert page.balance.text() == "欠款 ¥50.00"
    page.search.clear()
    qtbot.keyClicks(page.search, "4321")
    assert listed(page) == ["单小红"]
    page.search.clear()
    qtbot.keyClicks(page.search, "zs")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.form.name
    page.form.address.setFocus()
    page.form.address.insert("上村5号")
    qtbot.keyClick(page.form.address, Qt.Key.Key_Return)
    assert vs.get(ctx.db, staff[0], people_in_register.id).address == "上村5号"
    assert page.message.text() == "已保存：张三。"
    assert QApplication.focusWidget() is page.search and listed(page) == ["张三"]


def test_escape_puts_the_details_back(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page()
    qtbot.keyClicks(page.search, "zs")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    page.form.notes.setFocus()
    page.form.notes.insertPlainText("耳背")
    qtbot.keyClick(page.form.notes, Qt.Key.Key_Escape)
    assert page.form.notes.toPlainText() == ""
    assert vs.get(ctx.db, staff[0], people_in_register.id).notes == ""
    assert QApplication.focusWidget() is page.search
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and len(listed(page)) == 3


def test_shift_enter_in_notes_is_a_new_line(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page()
    qtbot.keyClicks(page.search, "zs")
    page.form.notes.setFocus()
    qtbot.keyClicks(page.form.notes, "a")
    qtbot.keyClick(page.form.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(page.form.notes, "b")
    qtbot.keyClick(page.form.notes, Qt.Key.Key_Return)
    assert vs.get(ctx.db, staff[0], people_in_register.id).notes == "a\nb"


def test_new_villager_from_an_unknown_name(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page()
    page.search.insert("王五")
    assert listed(page) == [] and page.count.text() == "没有找到。按 Ctrl+N 新增村民。"
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.form.is_new() and page.form.name.text() == "王五" and page.form_title.text() == "新增村民"
    page.form.phone.setFocus()
    qtbot.keyClicks(page.form.phone, "139 1234 5678")
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)
    assert listed(page) == ["王五"] and page.selected().phone == "13912345678"
    assert [v.name for v in vs.search(ctx.db, staff[0], "ww")] == ["王五"]


def test_ctrl_n_with_a_phone_in_the_search(qtbot, open_page, people_in_register):
    page = open_page()
    qtbot.keyClicks(page.search, "13700001111")
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.form.is_new() and page.form.phone.text() == "13700001111" and page.form.name.text() == ""
    assert QApplication.focusWidget() is page.form.name


def test_bad_input_is_explained_in_chinese(qtbot, open_page, people_in_register, ctx):
    page = open_page()
    page.new_villager()
    page.form.name.insert("张三丰")
    page.form.phone.setText("13812345678")
    qtbot.keyClick(page.form.name, Qt.Key.Key_Return)
    assert page.form.error.isVisible()
    assert page.form.error.text() == "手机号 13812345678 已登记给 张三（三组）。"
    assert QApplication.focusWidget() is page.form.phone
    page.form.phone.setText("12345")
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)
    assert "11 位" in page.form.error.text()
    page.form.name.clear()
    page.form.phone.clear()
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)
    assert page.form.error.text() == "请输入村民姓名。" and QApplication.focusWidget() is page.form.name


def test_delivery_consent_with_its_date(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page()
    qtbot.keyClicks(page.search, "ls")
    page.form.consent.setChecked(True)
    page.form.consent_date.setDate(dt.date(2024, 3, 15))
    qtbot.keyClick(page.form.consent, Qt.Key.Key_Return)
    v = vs.search(ctx.db, staff[0], "ls")[0]
    assert v.delivery_consent and v.delivery_consent_at.astimezone().date() == dt.date(2024, 3, 15)


def test_assistants_see_masked_phones_and_keep_the_full_number(qtbot, open_page, people_in_register, ctx, staff):
    owner, assistant = staff
    page = open_page(assistant)
    assert [page.table.item(r, 3).text() for r in range(3)] == ["139****4321", "", "138****5678"]
    qtbot.keyClicks(page.search, "zs")
    assert page.form.phone.text() == "138****5678"
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.keyClick(page.form.name, Qt.Key.Key_Return)
    assert vs.get(ctx.db, owner, people_in_register.id).phone == "13812345678"
    ctx.session.set_operator(owner)
    assert page.form.phone.text() == "13812345678"
    ctx.session.set_operator(None)  # logged out: nothing left on the screen
    assert listed(page) == [] and page.form.name.text() == ""


def test_payment_waits_for_an_open_shift(qtbot, open_page, people_in_register, ctx, staff):
    """Issue 14: with no shift open the page asks first (ctx.money_gate); "Not now" takes nothing."""
    page = open_page(staff[1])
    qtbot.keyClicks(page.search, "zs")
    asked = []
    ctx.money_gate = lambda parent: asked.append(parent) or False
    qtbot.keyClick(page.search, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # no dialog opens
    assert asked == [page]
    assert vs.get(ctx.db, staff[0], people_in_register.id).balance_fen == 5000


def test_payment_received(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page(staff[1])
    shifts.open_shift(ctx.db, staff[1], lambda: dt.datetime.now(dt.timezone.utc), 20000)  # money goes into it
    qtbot.keyClicks(page.search, "zs")

    def pay(dlg):
        qtbot.keyClicks(dlg.amount, "20")
        assert dlg.after.text() == "欠款 ¥30.00"
        qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)

    when_modal(BalanceDialog, pay)
    qtbot.keyClick(page.search, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert vs.get(ctx.db, staff[0], people_in_register.id).balance_fen == 3000
    assert page.balance.text() == "欠款 ¥30.00"
    assert page.history.row_texts(0)[1:] == ["赊账", "收到还款（经手人 李芳）", "-¥20.00"]


def test_bad_payment_keeps_the_dialog_open(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page()
    qtbot.keyClicks(page.search, "zs")
    seen = []

    def pay(dlg):
        qtbot.keyClicks(dlg.amount, "abc")
        qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
        seen.append((dlg.isVisible(), dlg.error.text()))
        dlg.reject()

    when_modal(BalanceDialog, pay)
    page.record_payment()
    assert seen == [(True, "“abc”不是有效金额（例如 12.50）")]
    assert vs.get(ctx.db, staff[0], people_in_register.id).balance_fen == 5000


def test_assistant_adjusts_a_balance_with_the_owners_pin(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page(staff[1])
    qtbot.keyClicks(page.search, "zs")

    def adjust(dlg):
        qtbot.keyClicks(dlg.amount, "-5")
        dlg.text.insert("算错了")
        qtbot.keyClick(dlg.text, Qt.Key.Key_Return)

    def pin(dlg):
        qtbot.keyClicks(dlg.pin, "1234")
        qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)
        when_modal(BalanceDialog, adjust)

    when_modal(OwnerPinDialog, pin)
    page.adjust_button.click()
    assert vs.get(ctx.db, staff[0], people_in_register.id).balance_fen == 4500
    assert page.history.row_texts(0)[2] == "王小明 调整了欠款 · 算错了"


def test_refused_owner_pin_changes_nothing(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page(staff[1])
    qtbot.keyClicks(page.search, "zs")
    when_modal(OwnerPinDialog, lambda dlg: dlg.reject())
    page.toggle_active()
    assert vs.get(ctx.db, staff[0], people_in_register.id).active


def test_owner_deactivates_and_reactivates(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page()
    qtbot.keyClicks(page.search, "zs")
    page.active_button.click()
    assert listed(page) == [] and page.message.text() == "张三 已停用。"
    page.show_inactive.setChecked(True)
    assert listed(page) == ["张三（已停用）"] and page.active_button.text() == "重新启用（店主）"
    page.active_button.click()
    assert listed(page) == ["张三"]


def test_delete_asks_first_and_keeps_records_with_history(qtbot, open_page, people_in_register, ctx, staff):
    page = open_page()
    qtbot.keyClicks(page.search, "ls")

    def yes(box):
        box.button(QMessageBox.StandardButton.Yes).click()

    when_modal(QMessageBox, yes)
    page.delete_button.click()
    assert vs.search(ctx.db, staff[0], "ls") == [] and page.message.text() == "李四 已删除。"
    page.search.clear()
    qtbot.keyClicks(page.search, "zs")
    when_modal(QMessageBox, yes)
    page.delete_button.click()
    assert "不能删除" in page.error.text() and listed(page) == ["张三"]


def test_history_lists_parcels(qtbot, open_page, people_in_register, ctx):
    with ctx.db.unit_of_work() as s:
        s.add(Parcel(waybill="73100012345678", carrier="ZTO", status="in_stock", pickup_code="A-3-0127",
                     villager_id=people_in_register.id))
    page = open_page()
    qtbot.keyClicks(page.search, "zs")
    texts = [page.history.row_texts(r) for r in range(page.history.rowCount())]
    assert ["包裹", "中通快递 73100012345678：在架上，取件码 A-3-0127", ""] in [t[1:] for t in texts]


def test_import_reports_bad_rows_then_imports_the_good_ones(qtbot, open_page, people_in_register, ctx, staff,
                                                            tmp_path):
    f = tmp_path / "村民.csv"
    f.write_bytes((HEADER + "王五,13912345678,一组,,,,是,,\n钱七,12345,,,,,,,\n").encode("gb18030"))
    page = open_page()
    seen = []

    def skip(dlg):
        seen.append([dlg.table.item(0, c).text() for c in range(3)])
        dlg.skip_button.click()

    when_modal(ImportReportDialog, skip)
    page.import_csv(f)
    assert seen[0][:2] == ["3", "手机"] and "11 位" in seen[0][2]
    assert page.message.text() == "已从 村民.csv 导入 1 位村民。"
    assert "王五" in listed(page)


def test_import_cancelled_imports_nothing(qtbot, open_page, people_in_register, ctx, staff, tmp_path):
    f = tmp_path / "v.csv"
    f.write_text(HEADER + "王五,,,,,,,,\n,,,,,,yes,,\n", encoding="utf-8")
    page = open_page()
    when_modal(ImportReportDialog, lambda dlg: qtbot.keyClick(dlg.table, Qt.Key.Key_Escape))
    page.import_csv(f)
    assert page.message.text() == "没有导入任何数据。" and "王五" not in listed(page)


def test_import_of_an_unreadable_file(qtbot, open_page, people_in_register, tmp_path):
    f = tmp_path / "v.csv"
    f.write_text("电话,余额\n", encoding="utf-8")
    page = open_page()
    page.import_csv(f)
    assert page.error.text() == "文件第一行中没有“姓名”（name）列。"


def test_export_with_the_owners_approval(qtbot, open_page, people_in_register, staff, tmp_path):
    page = open_page(staff[1])
    out = tmp_path / "v.csv"

    def pin(dlg):
        qtbot.keyClicks(dlg.pin, "1234")
        qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)

    when_modal(OwnerPinDialog, pin)
    page.export_csv(out)
    assert "13812345678" in out.read_text("utf-8-sig")
    assert page.message.text() == f"已导出 3 位村民到 {out}。"


def test_f8_opens_the_page_with_focus_in_the_search(qtbot, ctx, staff):
    from pos.ui.main_window import MainWindow

    w = MainWindow(ctx, factories={"villagers": VillagersPage})
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    qtbot.keyClicks(w.current_screen().pin, "1234")
    qtbot.keyClick(w.current_screen().pin, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget() or w, Qt.Key.Key_F8)
    page = w.workspace.current_page()
    assert isinstance(page, VillagersPage)
    assert QApplication.focusWidget() is page.search
