"""Assisted purchases (代购): placing orders, their waybills and parcels, balances, refunds,
receipts, views and export.

Use cases, by module:
- ``export``: row, export_purchases
- ``ledger``: add_event, record_tenders, change_account (inside the caller's transaction)
- ``links``: link_parcel, on_parcel_checked_in, on_parcel_checkin_undone, order_for_parcel,
  amount_due_for_parcel, on_parcel_handed_over, order_note_for_notice, order_notes_for_notice,
  PurchaseBalanceDue
- ``orders``: PlatformOrderInUse, OrderInput, next_number, platform_uses, check_waybill,
  place_order, add_waybill, remove_waybill, pay_balance, set_return_waybill
- ``receipts``: order_document, balance_document, refund_document
- ``refunds``: cancel_order, refund_items, get_refund, refunds_for_order
- ``settings``: validate, read_int
- ``views``: ItemView, WaybillView, OrderView, EventView, RefundLineView, RefundView, OrderFilter,
  load_order, order_view, get_order, list_orders, timeline, refund_view, villager_label
"""
