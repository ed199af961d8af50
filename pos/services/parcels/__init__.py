"""Parcels coming in: check-in and shelving, pickup codes, recipients, notices and reminders,
search and export, returns to the courier, reconciliation with the couriers.

Use cases, by module:
- ``checkin``: ParcelView, EventView, Stay, ScanOutcome, CheckinResult, LabelJob, Recipient,
  AlreadyInStation, view, preferences, read_scan, check_in, check_in_batch, complete,
  print_label, undo, TodayView, today, awaiting, get, find_villagers, slot_views
- ``labels``: LabelWording, carrier_name, shelf_label
- ``export``: export_parcels
- ``notices``: NoticeItem, render, phone_key, station_short_name, order_notes, attach, detach,
  NoticeView, list_notices, status_counts, mark_sent, mark_failed, back_to_pending, sms_csv,
  write_csv, wechat_text, wechat_message, pickup_groups, pickup_list
- ``pickup_codes``: next_number, format_code, tail, code_in_use, allocate
- ``recipients``: PhoneInput, read_phone, clean_name, VillagerMatch, by_phone, by_masked, find, load
- ``reconciliation``: CarrierLine, DailySheet, daily_sheet, sheets_csv, write_csv, cli_export,
  StocktakeView, StocktakeLine, StocktakeScan, StocktakeResult, current_stocktake,
  start_stocktake, stocktake_scan, finish_stocktake
- ``reminders``: ReminderResult, phone_key, render, due_for_reminder, send_reminders
- ``returns``: NotOverdue, OverdueRow, BatchParcel, BatchView, overdue, current_batch, open_batch,
  scan_into_batch, remove_from_batch, close_batch, batch_view, recent_batches
- ``search``: SearchCriteria, ParcelRow, EventRow, ParcelHistory, search, history
- ``settings``: ShelfLayout, parse_shelf_names, check_layout, layout_or_default, check_template,
  template_or_default, check_short_name, clean_preferences
- ``shelves``: ShelfFull, SlotView, occupancy, ensure_room, slots, choose_slot
"""
