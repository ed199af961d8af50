"""The factory behind ``--scanner``: a wedge or a serial scanner for a parsed spec.

Every scanner is a QObject with ``scanned = Signal(str)``, ``status_changed = Signal(str)``,
``start()`` and ``stop()``; the rest of the app never knows which kind it has.
"""

from __future__ import annotations

from typing import Protocol

from pos.domain.devices.scanner_spec import ScannerSpec


class Scanner(Protocol):
    scanned: object  # Signal(str)
    status_changed: object  # Signal(str)

    def start(self) -> None: ...

    def stop(self) -> None: ...


def make_scanner(spec: ScannerSpec, max_gap_ms: int = 40, min_length: int = 6, parent=None):
    """A scanner for ``spec``; Qt imports stay here so spec parsing works without Qt."""
    if spec.kind == "serial":
        from pos.devices.scanner_serial import SerialScanner

        return SerialScanner(spec.port, spec.baudrate, parent=parent)
    from pos.devices.scanner_wedge import WedgeScanFilter

    return WedgeScanFilter(max_gap_ms, min_length, parent=parent)
