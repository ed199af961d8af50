"""Scanners, printers, the print queue and the cash drawer."""

import os

import platformdirs

# python-escpos parses its 1 MB capabilities file on every start and caches the result in a new
# temporary folder each time (one left behind per start); a fixed cache folder fixes both.
_cache = platformdirs.user_cache_dir("VillageStationPOS", appauthor=False)
try:
    os.makedirs(_cache, exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", _cache)
except OSError:
    pass  # a read-only profile: python-escpos falls back to its own temporary folder
