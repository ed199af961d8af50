"""What the counter's devices need from the records: device settings and the print queue's jobs.

Use cases, by module:
- ``device_settings``: profile_names, DeviceConfig, load, save, with_overrides
- ``printing``: PrintJobView, enqueue, list_jobs, get_job, reprint, retry, retry_all,
  mark_printed_by_hand, counts, recover_after_crash, next_due, next_wakeup, claim, mark_printed,
  mark_retry, mark_failed, note_error
"""
