"""What the check-in page shows of the day: the count, the last check-ins, the parcels awaiting a
phone and the free places per layer.

Read from the database when the page is shown and after undo, notices or a mode change; after a
check-in or a batch scan on the page it is brought up to date from what the service returned,
which is what a reload would read: while the page is on screen, parcels change only through it
(other pages are elsewhere; a second app on the same data folder cannot start). A new local day
reloads. Reading it all again took a third of a check-in on a big station.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from pos.domain.carriers import RuleSet
from pos.services.parcels import checkin
from pos.services.parcels.checkin import ParcelView, TodayView
from pos.services.clock import Clock
from pos.services.local_days import local_day
from pos.services.parcels.shelves import SlotView
from pos.ui.pages.checkin.recent_list import ResultPanel
from pos.ui.pages.checkin.scan_bar import ScanBar

AWAITING_SHOWN = 500  # the awaiting list shows the oldest so many


class TodayLists:
    def __init__(self, db, clock: Clock, rules: RuleSet, lang: Callable[[], str], bar: ScanBar,
                 result: ResultPanel) -> None:
        self.db, self.clock, self.rules, self.lang = db, clock, rules, lang
        self.bar, self.result = bar, result
        self.view: TodayView | None = None  # as shown: recent is what the list holds

    def reload(self, slots: Sequence[SlotView] | None = None, fill_slots: bool = True) -> None:
        """Everything read again; ``slots`` as a check-in returned them."""
        view = self.view = checkin.today(self.db, self.clock)
        self.bar.show_count(view.count)
        self.result.show_recent(view.recent, self.rules, self.lang())
        self._show_awaiting(view.awaiting, checkin.awaiting(self.db, AWAITING_SHOWN) if view.awaiting else [])
        if fill_slots:  # a batch scan takes no place: the layer counts stay as they are
            self.bar.fill_slots(slots if slots is not None else checkin.slot_views(self.db))

    def scanned(self, p: ParcelView) -> None:
        """A batch scan recorded ``p``, awaiting its phone: it is the newest of the day."""
        view = self._today(p)
        if view is None:
            self.reload(fill_slots=False)
            return
        shown = self.result.awaiting.parcels
        # the list shows the oldest AWAITING_SHOWN: the newest joins it only when it holds them all
        fits = len(shown) == view.awaiting < AWAITING_SHOWN
        self._add_recent(view, p)
        self._show_awaiting(view.awaiting + 1, p if fits else None)

    def checked_in(self, p: ParcelView, slots: Sequence[SlotView], completed: bool) -> None:
        """``p`` was checked in with its phone; ``completed``: it was awaiting its phone (scanned
        earlier, so not the newest of the day)."""
        if not completed:
            view = self._today(p)
            if view is None:
                self.reload(slots)
                return
            self._add_recent(view, p)
        else:
            view = self.view
            if view is None or local_day(self.clock()) != view.day:
                self.reload(slots)
                return
            self.result.recent.replace(p, self.rules, self.lang())
            self.view = TodayView(view.day, view.count, view.awaiting, tuple(self.result.recent.parcels))
            shown = self.result.awaiting.parcels
            listed = any(x.id == p.id for x in shown)
            if listed and len(shown) == view.awaiting:
                self._show_awaiting(view.awaiting - 1, p.id)  # its row goes
            else:  # cut at the limit (the next one moves up), or not as expected: read it again
                self._show_awaiting(view.awaiting - 1, checkin.awaiting(self.db, AWAITING_SHOWN))
        self.bar.fill_slots(slots)

    # internals -------------------------------------------------------------------------------------
    def _today(self, p: ParcelView) -> TodayView | None:
        """The view shown, when ``p`` belongs at the top of its list (else None: reload)."""
        view = self.view
        if view is None or local_day(self.clock()) != view.day or local_day(p.checked_in_at) != view.day:
            return None
        return view

    def _add_recent(self, view: TodayView, p: ParcelView) -> None:
        self.result.add_recent(p, self.rules, self.lang(), checkin.RECENT)
        self.view = TodayView(view.day, view.count + 1, view.awaiting, tuple(self.result.recent.parcels))
        self.bar.show_count(view.count + 1)

    def _show_awaiting(self, count: int, awaiting: Sequence[ParcelView] | ParcelView | uuid.UUID | None) -> None:
        """``count`` awaiting now; ``awaiting`` as ResultPanel.show_awaiting takes it."""
        self.result.show_awaiting(count, awaiting, self.rules, self.lang())
        view = self.view
        self.view = TodayView(view.day, view.count, count, view.recent)  # type: ignore[union-attr]
