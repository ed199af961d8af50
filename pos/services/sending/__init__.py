"""Sending parcels (寄件): tariffs, taking the parcel and its money, labels, the courier's
collection (揽收), receipts.

Use cases, by module:
- ``tariffs``: tariff_folders, station_tariffs
- ``parcels``: Person, Destination, SendInput, SentView, SendResult, check_input, price,
  send_parcel, attach_waybill, mark_returned, get_sent, search_sent, sender_phone_of
- ``handover``: HandoverView, open_handover, add_to_handover, close_handover, get_handover,
  waiting_for_courier
- ``receipts``: send_receipt_document, handover_document
"""
