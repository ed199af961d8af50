"""What the counter's devices need from the records: device settings and the print queue's jobs.

Use cases, by module:
- ``device_settings``: profile_names, validate, DeviceConfig, load, read, save, save_settings
  (the owner, stored and audited in one transaction), with_overrides
- ``printing``: PrintJobView, enqueue (in the caller's transaction), list_jobs

What services and pages ask of the devices themselves is pos.services.ports.Devices.
"""
