"""The station itself: setting it up, its counters (PCs), logging in and owner approval, backups, receipt settings.

Use cases, by module:
- ``auth``: LoginFailed, LoginLocked, AuthService
- ``backups``: BackupFailed, RestoreRefused, BackupInfo, BackupResult, RestoreResult, is_sqlite,
  info, list_backups, rotate, has_backup_on, take_backup, read_second_folder, daily_backup_if_due,
  shift_close_backup, check_backup_file, restore_backup
- ``counters``: CounterView, Identity, default_name, clean_name, register, get, heartbeat, list_counters,
  read_identity, write_identity, resolve
- ``receipt_settings``: ReceiptSettings, load_in, load, options_in, clean_footer, save
- ``setup``: StationExists, StationView, has_station, load_station, get_station, set_up_station,
  update_station
"""
