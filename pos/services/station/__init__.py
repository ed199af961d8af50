"""The station itself: setting it up, logging in and owner approval, backups, receipt settings.

Use cases, by module:
- ``auth``: LoginFailed, LoginLocked, AuthService
- ``backups``: BackupFailed, RestoreRefused, BackupInfo, BackupResult, RestoreResult, is_sqlite,
  info, list_backups, rotate, has_backup_on, take_backup, read_second_folder, daily_backup_if_due,
  shift_close_backup, check_backup_file, restore_backup
- ``receipt_settings``: ReceiptSettings, load_in, load, options_in, clean_footer, save
- ``setup``: StationExists, StationView, has_station, load_station, get_station, set_up_station,
  update_station
"""
