"""The villager register (F8): villagers, their accounts, history and CSV.

Use cases, by module:
- ``consent``: ConsentEntry, HOW, HOW_LABELS, add_entry, record, history, in_force (delivery consent log)
- ``csv_io``: CsvFileError, RowError, ImportResult, station_owner, read_file, decode, parse_rows,
  import_villagers, export_rows, export_villagers
- ``history``: HistoryEntry, parcel_entries, purchase_entries, sale_entries, account_entries,
  providers, history
- ``register``: VillagerView, view, load, refuse_duplicate_phone, create, update, get, set_active,
  deactivate, delete, village_groups, group_sort_key, search, match_phone, record_payment,
  adjust_balance
"""
