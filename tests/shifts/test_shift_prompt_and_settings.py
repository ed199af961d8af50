"""ensure_shift_open (called by sales and purchases) and the shift settings tab."""

from PySide6.QtCore import Qt

from pos.domain.users import Operator, Role
from pos.services import settings as st
from pos.services.shifts import drawer as shifts
from pos.services.station.auth import AuthService
from pos.services.shifts.settings import VARIANCE_OWNER_LIMIT
from pos.ui.owner_approval import OwnerPinDialog
from pos.ui.pages.settings.shift_tab import ShiftSettingsTab
from pos.ui.pages.shift.open_dialog import OpenShiftDialog
from pos.ui.shift_prompt import NoShiftQuestion, ensure_shift_open
from tests.shifts.ui_helpers import when_modal


def test_open_shift_passes_without_asking(qtbot, ctx, boss, clock):
    ctx.session.set_operator(boss)
    shifts.open_shift(ctx.db, boss, clock, 0)
    assert ensure_shift_open(ctx, None, clock) is True


def test_prompt_declined_takes_no_money(qtbot, ctx, boss, clock):
    ctx.session.set_operator(boss)

    def decline(box):
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    when_modal(NoShiftQuestion, decline)
    assert ensure_shift_open(ctx, None, clock) is False
    assert shifts.current_shift(ctx.db) is None


def test_prompt_opens_a_shift_with_enter_enter(qtbot, ctx, boss, clock):
    ctx.session.set_operator(boss)

    def yes(box):
        assert box.defaultButton() is box.yes  # Enter answers "open one"
        when_modal(OpenShiftDialog, fill)
        box.yes.click()

    def fill(dlg):
        qtbot.keyClicks(dlg.amount, "150.5")
        qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)

    when_modal(NoShiftQuestion, yes)
    assert ensure_shift_open(ctx, None, clock) is True
    assert shifts.current_shift(ctx.db).float_fen == 15050


def test_open_dialog_cancelled_means_no_shift(qtbot, ctx, boss, clock):
    ctx.session.set_operator(boss)

    def yes(box):
        when_modal(OpenShiftDialog, lambda dlg: qtbot.keyClick(dlg.amount, Qt.Key.Key_Escape))
        box.yes.click()

    when_modal(NoShiftQuestion, yes)
    assert ensure_shift_open(ctx, None, clock) is False


def test_bad_float_is_explained_in_the_dialog(qtbot, ctx, boss, clock):
    ctx.session.set_operator(boss)
    dlg = OpenShiftDialog(ctx, None, clock)
    qtbot.addWidget(dlg)
    dlg.amount.setText("十块")
    dlg.submit()
    assert dlg.error.text() and dlg.opened is None


def test_variance_limit_saved_by_the_owner(qtbot, ctx, boss):
    view = AuthService(ctx.db).add_assistant(boss, "李芳", "5678")
    ctx.session.set_operator(Operator(view.id, view.name, Role.ASSISTANT))
    tab = ShiftSettingsTab(ctx)
    qtbot.addWidget(tab)
    assert tab.limit.text() == "10.00"
    tab.limit.setText("20")

    def approve(dlg):
        qtbot.keyClicks(dlg.pin, "1234")
        qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)

    when_modal(OwnerPinDialog, approve)
    assert tab.submit() is True
    assert st.read(ctx.db, VARIANCE_OWNER_LIMIT) == 2000
    tab.limit.setText("-3")
    assert tab.submit() is False and tab.error.text()
