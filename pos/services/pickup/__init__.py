"""Parcels going out: handing them over at the counter, what is due when they leave, door
delivery runs, and the numbers and settings of that side.

Use cases, by module:
- ``delivery``: NoDeliveryConsent, refuse_without_consent, DeliveryParcel, Stop, RunSheet,
  mark_for_delivery, unmark, waiting, start_run, run_sheet, open_runs, record_delivered,
  record_not_home
- ``dues``: DueLine, Payment, DueSource, ParcelFeeDue, StorageFeeDue, dues_for, dues_for_many,
  check_method, settle_payment, delivery_line, waivable, records_payment, drop_repeats,
  split_collected, settle_lines
- ``handover``: NotInList, ParcelCard, PickupGroup, LookupResult, HandoverResult, classify,
  group_key, card, lookup, verify_scan, check_scan, hand_over
- ``numbers``: next_number
- ``settings``: PickupSettings, from_session, load, check_template, check, save, local_date,
  local_day_start, days_in_stock, checked_in_before_for_age, storage_fee_fen, carrier_names
"""
