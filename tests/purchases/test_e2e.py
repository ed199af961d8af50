"""End to end: an order placed on the F4 page, its waybill scanned, the parcel checked in by a scan
at check-in, the order arrived, the parcel picked up with the balance collected, every receipt
printed. Check-in and pickup are the real services; the two hooks are called the way check-in
and pickup will call them once wired (see the report)."""

from PySide6.QtCore import Qt

from pos.domain.carriers import load_rules
from pos.domain.receipt import QR, text_lines
from pos.services.parcels import checkin
from pos.services.pickup import handover as pickup
from pos.services.purchases import links
from pos.services.purchases import receipts as purchase_receipts
from pos.services.purchases.views import get_order, timeline
from pos.ui.pages.purchases import PurchasesPage
from pos.ui.pages.purchases.common import translate
from pos.ui.pages.purchases.new_order_dialog import NewOrderDialog
from pos.wiring import station_due_sources
from tests.purchases.conftest import drive, printed
from tests.purchases.helpers import balance, payments

WAYBILL = "YT7512345678901"


def test_order_to_collection(qtbot, monkeypatch, ctx, owner, hub, clock, villager_id):
    page = PurchasesPage(ctx, clock)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activated()

    # 1. the order: a rice cooker for 张桂英, ¥50 deposit in cash, the rest on collection
    def steps(dlg):
        qtbot.keyClicks(dlg.picker.search, "5678")
        qtbot.keyClick(dlg.picker.search, Qt.Key.Key_Return)
        dlg.items.set_row(0, "美的电饭煲 4L", "1", "259.00", "美的官方旗舰店")
        dlg.platform.insert("3581204467712")
        dlg.fee.setText("5")
        dlg.plan.setCurrentIndex(dlg.plan.findData("deposit"))
        dlg.deposit.setText("50")
        qtbot.keyClick(dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert dlg.order is not None, dlg.error.text()

    drive(monkeypatch, NewOrderDialog, steps)
    page.new_button.click()
    order = page.detail.order
    assert order is not None, page.message.text()
    assert (order.status, order.total_fen, order.paid_fen, order.due_fen) == ("placed", 26400, 5000, 21400)

    # 2. the seller ships: the waybill is scanned on the open order
    clock.advance(hours=20)
    page.handle_scan(WAYBILL.lower())
    assert get_order(ctx.db, order.id).status == "shipped"

    # 3. two days later the courier drops it off: check-in scans the waybill
    clock.advance(days=2)
    rules = load_rules()
    result = checkin.check_in(ctx.db, owner, clock, rules, waybill=WAYBILL, carrier="YTO",
                              recipient=checkin.Recipient(villager_id=villager_id))
    with ctx.db.unit_of_work() as s:
        from pos.db.models.parcel import Parcel

        parcel = s.get(Parcel, result.parcel.id)
        assert links.on_parcel_checked_in(s, parcel, owner, clock).number == order.number
        assert links.order_note_for_notice(s, parcel) == f"代购单 {order.number}"
    assert get_order(ctx.db, order.id).status == "arrived"

    # 4. the villager comes with the pickup code and pays the balance
    clock.advance(days=1)
    sources = station_due_sources()  # as pos.app wires the pickup page
    found = pickup.lookup(ctx.db, clock, result.parcel.pickup_code, sources)
    [group] = found.groups
    assert group.due_fen == 21400
    handed = pickup.hand_over(ctx.db, owner, clock, [result.parcel.id], scanned=[result.parcel.id],
                              payment=pickup.Payment("cash", 21400), sources=sources)
    assert handed.collected_fen == 21400
    done = get_order(ctx.db, order.id)
    assert (done.status, done.due_fen, done.paid_fen) == ("collected", 0, 26400)
    assert payments(ctx.db, order.id) == [("purchase_deposit", "cash", 5000), ("purchase_balance", "cash", 21400)]
    assert balance(ctx.db, villager_id) == (0, 0)
    hub.print_document(purchase_receipts.balance_document(ctx.db, order.id, translate), "receipt", order.number)

    # every receipt printed: the order slip (with its QR) and the balance slip
    jobs = printed(ctx.db)
    assert [ref for ref, _ in jobs] == [order.number, order.number]
    slip, balance_slip = (doc for _, doc in jobs)
    assert any(isinstance(b, QR) and b.data == order.number for b in slip.blocks)
    text = "\n".join(line for b in balance_slip.blocks for line in text_lines(b, 32))
    assert "￥214.00" in text
    assert [e.kind for e in timeline(ctx.db, order.id)] == [
        "placed", "waybill_added", "parcel_arrived", "arrived", "payment", "collected"]
