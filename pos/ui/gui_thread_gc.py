"""Python's cycle collector, run on the GUI thread only.

The automatic collector runs in whichever thread happens to allocate when a threshold is
crossed: the print queue's, the serial scanner's, the log checkpoints', the start-up imports'.
A dropped dialog or page held in a reference cycle (a slot lambda that names the widget is
enough) is then destroyed in that thread, and a Qt widget deleted off the GUI thread brings the
whole app down, at random, at the counter. So the automatic collector is switched off while the
window is up and the GUI thread collects on a timer, each generation when Python itself would
(its own thresholds): the pattern pyqtgraph's GarbageCollector uses.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500  # cyclic garbage lives at most half a second longer; plain garbage goes at once


def collect_when_due(thresholds: tuple[int, int, int]) -> None:
    """Collect the oldest generation over its threshold, as the automatic collector would."""
    counts = gc.get_count()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        collect_when_due(self.thresholds)

    def stop(self) -> None:
        """Back to the automatic collector, after one last collection here."""
        self.timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
