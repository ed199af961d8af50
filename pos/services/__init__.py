"""Use cases: each takes a unit of work (and device ports) and returns plain results.

One package per feature: station, hardware, parcels, pickup, purchases, sales, sending,
account_services (phone top-ups and bill payments), shifts, villagers, reports; each package's
__init__ names its use cases. The modules here are what every feature shares: ``clock`` (time,
and the tests' ManualClock), ``local_days`` (the station's local days as UTC ranges), ``numbering`` (receipt numbers), ``settings`` (the station's settings and their
defaults), ``audit`` (the append-only log), ``csv_export`` and ``csv_cells`` (the one CSV writer
and the checks of imported cells), ``ports`` (the Devices protocol the device layer implements).
"""
