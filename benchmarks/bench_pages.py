"""Every page of the workspace, and what a partner first does on it, on an old and a young station.

    uv run python benchmarks/bench_pages.py --reuse          # the five-year stations of bench_station.py
                                                             # (built in --workdir unless --reuse finds them)
    uv run python benchmarks/bench_pages.py --db /tmp/n5/station-5y.sqlite3 --workdir /tmp/bench-pages
                                                             # stations built before, used as they are
    uv run python benchmarks/bench_pages.py --quick          # a small station, about a minute (a test runs it)

The question it answers: does a page cost more on a station with years of history than on one
with a month of the same day's volume? The two stations are bench_station.py's (built by
build_station_db.py: ``station-<N>y.sqlite3`` and the last 30 days alone, ``-month``). Each is
copied into a fresh data folder (the built files are only read) and opened there by the real
logged-in MainWindow (bench_station.Session, offscreen); opening a copy built before the newest
migrations migrates it, untimed. Both windows live in this one process.

Each action (open a page by its navigation button, a tab, a status filter, a search typed, a
villager's history, a dialog, ...) is driven through the page's widgets or public methods and
timed as wall time from the call until the event loop has delivered what it posted, the window's
repaint included (three rounds of processEvents; a background read, the Income tab's, is waited
for). A modal dialog is timed until it has painted, then closed untimed. Before each run an
untimed step puts the page in the state the action starts from. Every action runs ``--reps``
times on each station, old and young alternating (which goes first alternating too) so that the
machine's slow moments hit both; the first run is shown apart, the median is of the others.

One table (old and young ms, old / young) and JSON in benchmarks/results/bench_pages_<N>y.json.
A row is flagged GROWS when old / young > 1.2 and the old median is over 50 ms. Timings are shown,
never judged: the exit code is 1 only when an action (or the set-up) raised.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from bench_station import RESULTS, Session, ensure_database, fresh_data_dir, machine  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "village-pos-bench"
GROWTH_RATIO = 1.2
GROWTH_FLOOR_MS = 50.0
WAIT_LIMIT_S = 300.0  # a background read that has not finished by then has hung


# the stations ------------------------------------------------------------------------------------
class Station:
    """One station's copy opened in the real window, logged in, with what a partner would type
    on it (read from its own records, untimed)."""

    def __init__(self, label: str, data_dir: Path) -> None:
        from build_station_db import OWNER_PIN

        self.label = label
        t0 = time.perf_counter()
        # opening migrates a copy built before the newest migrations (backup first, maybe VACUUM)
        self.sess = Session(data_dir, data_dir)
        self.open_s = time.perf_counter() - t0
        self.app = self.sess.app
        self.window = self.sess.window
        self.sess.login(OWNER_PIN)
        self.ws = self.window.workspace
        for key in self.ws.pages:  # build every page now: building is not what is measured
            self.ws.pages[key]  # noqa: B018
        settle(self.app)
        self.params = self._params()
        self.counts = self._counts()

    def page(self, key: str) -> Any:
        return self.ws.pages[key]

    def _one(self, sql: str) -> Any:
        from sqlalchemy import text

        with self.sess.db.engine.connect() as conn:
            return conn.execute(text(sql)).scalar()

    def _params(self) -> dict:
        p = {
            # the phone tail most parcels on the shelves share: the longest pickup list
            "tail": self._one("SELECT phone_tail FROM parcel WHERE status = 'in_stock' GROUP BY phone_tail "
                              "ORDER BY count(*) DESC, phone_tail LIMIT 1"),
            "code": self._one("SELECT pickup_code FROM parcel WHERE status = 'in_stock' "
                              "ORDER BY checked_in_at DESC LIMIT 1"),
            "name": self._one("SELECT recipient_name FROM parcel WHERE status = 'in_stock' AND recipient_name != '' "
                              "ORDER BY checked_in_at DESC LIMIT 1"),
            # the station's oldest: years back on the old station, a month on the young one
            "old_waybill": self._one("SELECT waybill FROM parcel WHERE status = 'picked_up' "
                                     "ORDER BY checked_in_at LIMIT 1"),
            "old_receipt": self._one("SELECT number FROM sale ORDER BY completed_at LIMIT 1"),
            "old_order": self._one("SELECT number FROM purchase_order ORDER BY placed_at LIMIT 1"),
            # the villager with the most parcels, by the full phone the search finds them by
            "busiest_phone": self._one(
                "SELECT v.phone FROM villager v JOIN (SELECT villager_id, count(*) AS n FROM parcel "
                "WHERE villager_id IS NOT NULL GROUP BY villager_id) p ON p.villager_id = v.id "
                "WHERE v.phone != '' AND v.active = 1 ORDER BY p.n DESC LIMIT 1"),
        }
        missing = [k for k, v in p.items() if not v]
        if missing:
            raise RuntimeError(f"{self.label} station: nothing to search for {missing}")
        return p

    def _counts(self) -> dict:
        return {t: self._one(f"SELECT count(*) FROM {t}")  # noqa: S608 - fixed table names
                for t in ("parcel", "parcel_event", "notice", "sale", "purchase_order", "villager", "print_job")}

    def close(self) -> None:
        self.sess.close()


def settle(app, rounds: int = 3) -> None:
    """What the action posted, delivered: layouts, then the repaint (offscreen, a window paints
    into its backing store on the UpdateRequest, delivered in the first round)."""
    for _ in range(rounds):
        app.processEvents()


def wait_for(app, done: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + WAIT_LIMIT_S
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what}: not done after {WAIT_LIMIT_S:.0f} s")
        app.processEvents()
        time.sleep(0.001)  # the background thread's turn
    settle(app)


def through_modal(st: Station, open_it: Callable[[], None]) -> float:
    """Open a modal dialog the way the page does (``exec``); once it is up and painted, close it.
    Returns the time it was painted: its closing is not timed."""
    from PySide6.QtCore import QTimer

    state: dict[str, Any] = {}

    def close_when_up() -> None:
        if "done" in state:
            return
        dlg = st.app.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(0, close_when_up)
            return
        settle(st.app)
        state["painted"] = time.perf_counter()
        dlg.reject()

    QTimer.singleShot(0, close_when_up)
    open_it()
    state["done"] = True
    if "painted" not in state:
        raise RuntimeError("no dialog opened")
    return state["painted"]


# the actions ---------------------------------------------------------------------------------------
Step = Callable[[Station], Any]


@dataclass
class Action:
    page: str
    name: str
    run: Step  # returns None, or the time it was done (a modal dialog painted)
    setup: Step | None = None
    teardown: Step | None = None
    until: Callable[[Station], bool] | None = None  # a background read finished
    runs: dict[str, list[float]] = field(default_factory=lambda: {"old": [], "young": []})
    errors: list[dict] = field(default_factory=list)


def _combo_index(combo, data) -> int:
    i = combo.findData(data)
    if i < 0:
        raise RuntimeError(f"no choice {data!r} in {combo.objectName() or type(combo).__name__}")
    return i


def _enter(widget) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, Qt.Key.Key_Return)


def page_actions(keys: list[str], settings_tabs: list[str]) -> list[Action]:
    """Opening each page, then the first actions on each, as the page audit did them."""
    acts: list[Action] = []

    def add(page: str, name: str, run: Step, **kw) -> None:
        acts.append(Action(page, name, run, **kw))

    def show(key: str) -> Step:
        return lambda st: st.ws.buttons[key].click()  # the navigation button (F-key's page)

    for key in keys:
        # from another page, so that the page is shown (and reads its records) again
        away = "sales" if key == "pickup" else "pickup"
        add(key, "open", show(key), setup=show(away))

    # check-in ---------------------------------------------------------------------------
    ck: Callable[[Station], Any] = lambda st: st.page("checkin")  # noqa: E731

    def close_notices(st: Station) -> None:
        if ck(st).dialog is not None:
            ck(st).dialog.reject()

    def notices_on(tab: int) -> Step:
        def setup(st: Station) -> None:
            show("checkin")(st)
            if ck(st).dialog is None:
                ck(st).open_notices()
                settle(st.app)
            ck(st).dialog.page.tabs.setCurrentIndex(0 if tab else 1)
        return setup

    add("checkin", "today's lists read again", lambda st: ck(st).refresh(), setup=show("checkin"))
    add("checkin", "notices window (pending)", lambda st: ck(st).open_notices(),
        setup=lambda st: (close_notices(st), show("checkin")(st)), teardown=close_notices)
    for i, name in ((1, "sent"), (2, "failed"), (0, "pending")):
        add("checkin", f"notices: tab {name}", lambda st, i=i: ck(st).dialog.page.tabs.setCurrentIndex(i),
            setup=notices_on(i), teardown=close_notices)

    # pickup and the parcel admin window ---------------------------------------------------
    pk: Callable[[Station], Any] = lambda st: st.page("pickup")  # noqa: E731

    def lookup(param: str) -> Step:
        def run(st: Station) -> None:
            pk(st).query.setText(st.params[param])  # scanned or typed, then Enter
            _enter(pk(st).query)
        return run

    def pickup_ready(st: Station) -> None:
        show("pickup")(st)
        pk(st).clear()

    for param, name in (("tail", "a phone tail"), ("code", "a pickup code"), ("name", "a name"),
                        ("old_waybill", "the oldest waybill")):
        add("pickup", f"look up {name}", lookup(param), setup=pickup_ready)

    def close_admin(st: Station) -> None:
        if pk(st).admin is not None and pk(st).admin.isVisible():
            pk(st).admin.reject()

    adm: Callable[[Station], Any] = lambda st: pk(st).admin.page  # noqa: E731

    def admin_on(tab: int) -> Step:
        def setup(st: Station) -> None:
            pickup_ready(st)
            if pk(st).admin is None or not pk(st).admin.isVisible():
                pk(st).open_admin()
            adm(st).tabs.setCurrentIndex(tab)
        return setup

    add("pickup", "parcel admin window (overdue tab)", lambda st: pk(st).open_admin(),
        setup=lambda st: (close_admin(st), pickup_ready(st)), teardown=close_admin)
    for i, name in ((1, "reconciliation"), (2, "delivery"), (3, "search"), (0, "overdue")):
        add("pickup", f"admin: tab {name}", lambda st, i=i: adm(st).tabs.setCurrentIndex(i),
            setup=admin_on(2 if i == 3 else 3), teardown=close_admin)

    def the_day_before(st: Station) -> None:
        day = adm(st).reconciliation.day
        day.setDate(day.date().addDays(-1))

    def reconciliation_today(st: Station) -> None:
        from PySide6.QtCore import QDate

        admin_on(1)(st)
        adm(st).reconciliation.day.setDate(QDate.currentDate())

    add("pickup", "admin: reconciliation, the day before", the_day_before, setup=reconciliation_today,
        teardown=close_admin)

    def search(text: str | None = None, param: str | None = None, days: int | None = None, carrier: bool = False,
               status: str = "") -> tuple[Step, Step]:
        def setup(st: Station) -> None:
            from PySide6.QtCore import QDate

            admin_on(3)(st)
            s = adm(st).search
            s.text.setText(st.params[param] if param else (text or ""))
            s.use_dates.setChecked(days is not None)
            if days is not None:
                s.first.setDate(QDate.currentDate().addDays(-days))
                s.last.setDate(QDate.currentDate())
            s.carrier.setCurrentIndex(1 if carrier else 0)  # the first carrier of the list
            s.status_box.setCurrentIndex(_combo_index(s.status_box, status) if status else 0)

        return (lambda st: _enter(adm(st).search.text)), setup

    for name, kw in (("nothing typed", {}), ("a phone tail", {"param": "tail"}), ("a name", {"param": "name"}),
                     ("the oldest waybill", {"param": "old_waybill"}), ("checked in today", {"days": 0}),
                     ("checked in the last 30 days", {"days": 30}), ("status picked up", {"status": "picked_up"}),
                     ("status returned", {"status": "returned"}), ("status in stock", {"status": "in_stock"}),
                     ("one carrier", {"carrier": True}),
                     ("a phone tail, picked up", {"param": "tail", "status": "picked_up"})):
        run, setup = search(**kw)  # type: ignore[arg-type]
        add("pickup", f"admin: search {name}", run, setup=setup, teardown=close_admin)

    # assisted purchases ---------------------------------------------------------------------
    ol: Callable[[Station], Any] = lambda st: st.page("purchases").list  # noqa: E731

    def orders_ready(st: Station) -> None:
        show("purchases")(st)
        lst = ol(st)
        lst.search.setText("")
        lst.late_only.setChecked(False)
        lst.use_dates.setChecked(False)

    def status_setup(value) -> Step:
        def setup(st: Station) -> None:
            orders_ready(st)
            # from another status: choosing the one shown changes nothing
            other = "placed" if value != "placed" else "shipped"
            ol(st).status.setCurrentIndex(_combo_index(ol(st).status, other))
        return setup

    def status_run(value) -> Step:
        # "all" is the first choice; its data (None) is no QVariant findData can match
        return lambda st: ol(st).status.setCurrentIndex(0 if value is None else _combo_index(ol(st).status, value))

    from pos.domain import purchases as purchase_rules

    for value in (None, "open", *purchase_rules.STATUSES):
        add("purchases", f"status {value or 'all'}", status_run(value), setup=status_setup(value))

    def all_orders(st: Station) -> None:
        orders_ready(st)
        ol(st).status.setCurrentIndex(0)

    add("purchases", "late only", lambda st: ol(st).late_only.setChecked(True), setup=all_orders)
    add("purchases", "placed in the last 30 days", lambda st: ol(st).use_dates.setChecked(True), setup=all_orders)
    add("purchases", "search a phone tail", lambda st: ol(st).search.setText(st.params["tail"]), setup=all_orders)

    def first_order(st: Station) -> None:
        lst = ol(st)
        if not lst.orders:
            raise RuntimeError("no order listed")
        lst.select(lst.orders[0].id)  # Down, Enter: the detail opens beside the list

    def no_order_chosen(st: Station) -> None:
        all_orders(st)
        ol(st).table.setCurrentCell(-1, -1)

    add("purchases", "open the newest order", first_order, setup=no_order_chosen)

    def scan_old_order(st: Station) -> None:
        number = st.params["old_order"]
        # a scan with a placed order open would be taken for its waybill; P2... never is
        if not number.upper().startswith("P2"):
            raise RuntimeError(f"order number {number!r} would be read as a waybill")
        st.page("purchases").handle_scan(number)

    add("purchases", "scan the oldest order's receipt", scan_old_order, setup=all_orders)

    # sales ------------------------------------------------------------------------------------
    sa: Callable[[Station], Any] = lambda st: st.page("sales")  # noqa: E731

    def sales_ready(st: Station) -> None:
        show("sales")(st)
        sa(st).scan.setText("")

    add("sales", "receipts window", lambda st: through_modal(st, lambda: sa(st).open_receipts()), setup=sales_ready)
    add("sales", "receipts window, the oldest receipt's number",
        lambda st: through_modal(st, lambda: sa(st).open_receipts(st.params["old_receipt"])), setup=sales_ready)
    add("sales", "products window", lambda st: through_modal(st, lambda: sa(st).open_products()), setup=sales_ready)
    add("sales", "low stock window", lambda st: through_modal(st, lambda: sa(st).open_low_stock()), setup=sales_ready)
    add("sales", "suggestions for 'a'", lambda st: sa(st).scan.setText("a"), setup=sales_ready)
    add("sales", "no product for 'zzzq'", lambda st: sa(st).handle_scan("zzzq"), setup=sales_ready)

    # reports ----------------------------------------------------------------------------------
    rp: Callable[[Station], Any] = lambda st: st.page("reports")  # noqa: E731

    def report_tab(st: Station) -> None:
        show("reports")(st)
        rp(st).tabs.setCurrentIndex(0)

    def daily_kind(st: Station) -> None:
        report_tab(st)
        rp(st).daily_radio.click()

    def monthly_kind(st: Station) -> None:
        report_tab(st)
        rp(st).monthly_radio.click()

    income_read: Callable[[Station], bool] = lambda st: not rp(st).income.loading  # noqa: E731
    add("reports", "monthly report", lambda st: rp(st).monthly_radio.click(), setup=daily_kind)
    add("reports", "daily report", lambda st: rp(st).daily_radio.click(), setup=monthly_kind)

    def on_income(st: Station) -> None:
        show("reports")(st)
        rp(st).show_income()
        wait_for(st.app, lambda: income_read(st), "income")

    add("reports", "income tab (its background read)", lambda st: rp(st).show_income(), setup=report_tab,
        until=income_read, teardown=lambda st: rp(st).tabs.setCurrentIndex(0))
    add("reports", "income read again (Alt+I on the tab)", lambda st: rp(st).show_income(), setup=on_income,
        until=income_read, teardown=lambda st: rp(st).tabs.setCurrentIndex(0))

    # villagers --------------------------------------------------------------------------------
    vp: Callable[[Station], Any] = lambda st: st.page("villagers")  # noqa: E731

    def villagers_with(text: str | None = None, param: str | None = None) -> Step:
        def setup(st: Station) -> None:
            show("villagers")(st)
            vp(st).show_inactive.setChecked(False)
            vp(st).search.setText(st.params[param] if param else (text or ""))
        return setup

    def typed(param: str, first_char: bool = False) -> Step:
        def run(st: Station) -> None:
            value = st.params[param]
            vp(st).search.setText(value[:1] if first_char else value)
        return run

    add("villagers", "search a phone tail", typed("tail"), setup=villagers_with(""))
    add("villagers", "search a surname", typed("name", first_char=True), setup=villagers_with(""))
    add("villagers", "search cleared", lambda st: vp(st).search.setText(""), setup=villagers_with(param="tail"))
    add("villagers", "the busiest villager by phone (history)", typed("busiest_phone"), setup=villagers_with(""))
    add("villagers", "show deactivated", lambda st: vp(st).show_inactive.setChecked(True), setup=villagers_with(""))

    # settings ---------------------------------------------------------------------------------
    se: Callable[[Station], Any] = lambda st: st.page("settings")  # noqa: E731

    def settings_on(tab: int) -> Step:
        def setup(st: Station) -> None:
            show("settings")(st)
            se(st).tabs.setCurrentIndex(tab)
        return setup

    for i, title in enumerate(settings_tabs[1:], 1):
        add("settings", f"tab {title}", lambda st, i=i: se(st).tabs.setCurrentIndex(i), setup=settings_on(0))

    def audit_log(st: Station) -> None:
        se(st).audit_tab.show_button.click()  # the owner is logged in: no PIN asked

    def on_audit_tab(st: Station) -> None:
        settings_on(se(st).tabs.count() - 1)(st)
        se(st).audit_tab.hide_entries()

    add("settings", "show the audit log", audit_log, setup=on_audit_tab)

    # sending and services ---------------------------------------------------------------------
    sn: Callable[[Station], Any] = lambda st: st.page("sending")  # noqa: E731
    for i, name in ((1, "courier collection"), (2, "outgoing parcels")):
        add("sending", f"tab {name}", lambda st, i=i: sn(st).show_tab(i),
            setup=lambda st: (show("sending")(st), sn(st).show_tab(0)))

    def on_outgoing(st: Station) -> None:
        show("sending")(st)
        sn(st).show_tab(2)
        sn(st).search.state.setCurrentIndex(0)

    for state in ("accepted", "labelled", "collected", "returned"):
        add("sending", f"outgoing: state {state}",
            lambda st, s=state: sn(st).search.state.setCurrentIndex(_combo_index(sn(st).search.state, s)),
            setup=on_outgoing)

    sv: Callable[[Station], Any] = lambda st: st.page("services")  # noqa: E731
    add("services", "tab the day's payments", lambda st: sv(st).show_tab(1),
        setup=lambda st: (show("services")(st), sv(st).show_tab(0)))
    acts_by_page = {k: [a for a in acts if a.page == k] for k in keys}
    return [a for k in keys for a in acts_by_page[k]] + [a for a in acts if a.page not in keys]


# measuring ---------------------------------------------------------------------------------------
def measure_once(st: Station, action: Action) -> float:
    st.window.idle.touch()  # the partner is at the counter: no idle lock during a long run
    if action.setup is not None:
        action.setup(st)
        settle(st.app)
    if not st.window.is_logged_in():
        raise RuntimeError("the window is not logged in")
    t0 = time.perf_counter()
    done = action.run(st)
    if done is None:
        settle(st.app)
        if action.until is not None:
            wait_for(st.app, lambda: action.until(st), action.name)  # type: ignore[misc]
        done = time.perf_counter()
    ms = (done - t0) * 1000
    if action.teardown is not None:
        action.teardown(st)
        settle(st.app)
    return ms


def run_actions(old: Station, young: Station, actions: list[Action], reps: int) -> list[Action]:
    done = []
    for n, action in enumerate(actions, 1):
        for rep in range(reps):
            for st in (old, young) if rep % 2 == 0 else (young, old):
                if action.errors and any(e["station"] == st.label for e in action.errors):
                    continue
                try:
                    action.runs[st.label].append(measure_once(st, action))
                except Exception as e:  # noqa: BLE001 - reported, and the run goes on to the next action
                    action.errors.append({"station": st.label, "rep": rep, "error": f"{type(e).__name__}: {e}",
                                          "traceback": traceback.format_exc()})
                    settle(st.app)
                    dlg = st.app.activeModalWidget()
                    if dlg is not None:  # a dialog left open would stop the rest
                        dlg.reject()
        row = summarise(action)
        print(f"[{n}/{len(actions)}] {action.page}: {action.name}  old {fmt(row['old']['median_ms'])}  "
              f"young {fmt(row['young']['median_ms'])} ms" + ("  ERROR" if action.errors else ""), flush=True)
        done.append(action)
    return done


def figures(runs: list[float]) -> dict:
    rest = runs[1:] or runs
    return {"first_ms": runs[0] if runs else None, "median_ms": statistics.median(rest) if rest else None,
            "runs_ms": [round(r, 2) for r in runs]}


def summarise(action: Action) -> dict:
    old, young = figures(action.runs["old"]), figures(action.runs["young"])
    ratio = None
    if old["median_ms"] is not None and young["median_ms"] is not None:
        ratio = old["median_ms"] / max(young["median_ms"], 0.01)
    grows = bool(ratio is not None and ratio > GROWTH_RATIO and old["median_ms"] > GROWTH_FLOOR_MS)
    return {"page": action.page, "action": action.name, "old": old, "young": young, "ratio": ratio,
            "grows": grows, "errors": [{k: v for k, v in e.items()} for e in action.errors]}


def fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _width(text: str) -> int:
    """Columns on a terminal: the settings tabs' Chinese titles take two each."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(out: dict) -> str:
    head = ["page", "action", "old first", "old ms", "young first", "young ms", "old/young", ""]
    rows = [head]
    for r in out["actions"]:
        flag = "ERROR" if r["errors"] else ("GROWS" if r["grows"] else "")
        rows.append([r["page"], r["action"], fmt(r["old"]["first_ms"]), fmt(r["old"]["median_ms"]),
                     fmt(r["young"]["first_ms"]), fmt(r["young"]["median_ms"]),
                     f"{r['ratio']:.2f}" if r["ratio"] is not None else "-", flag])
    widths = [max(_width(str(r[i])) for r in rows) for i in range(len(head))]
    num = {2, 3, 4, 5, 6}
    st = out["stations"]
    lines = [f"old station: {st['old']['counts']['parcel']:,} parcels, {st['old']['counts']['sale']:,} sales; "
             f"young: {st['young']['counts']['parcel']:,} parcels, {st['young']['counts']['sale']:,} sales; "
             f"{out['reps']} runs each (first shown apart, median of the others), ms",
             f"machine: {out['machine']['cpu']}, {out['machine']['cores']} cores; Python {out['machine']['python']}, "
             f"SQLite {out['machine']['sqlite']}, PySide6 {out['machine']['pyside6']}"]
    for r in rows:
        lines.append("  ".join(" " * (w - _width(str(c))) + str(c) if i in num else str(c) + " " * (w - _width(str(c)))
                               for i, (c, w) in enumerate(zip(r, widths))).rstrip())
    grows = [r for r in out["actions"] if r["grows"]]
    lines.append(f"GROWS (old/young > {GROWTH_RATIO} and old > {GROWTH_FLOOR_MS:.0f} ms): {len(grows)} of "
                 f"{len(out['actions'])} actions")
    for r in out["actions"]:
        for e in r["errors"]:
            lines.append(f"ERROR {r['page']}: {r['action']} ({e['station']}, run {e['rep'] + 1}): {e['error']}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict:
    from pos.ui.page_registry import page_specs

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if args.db:
        # stations built elsewhere: used as they are, never built again (building deletes first)
        pristine = Path(args.db)
        young_pristine = pristine.with_name(pristine.stem + "-month.sqlite3")
        for p in (pristine, young_pristine):
            if not p.exists():
                raise FileNotFoundError(p)
        build = {"path": str(pristine)}
        build_young = {"path": str(young_pristine)}
    else:
        name = "station-quick" if args.quick else f"station-{args.years}y"
        pristine = workdir / f"{name}.sqlite3"
        young_pristine = pristine.with_name(pristine.stem + "-month.sqlite3")
        build = ensure_database(pristine, args.quick, args.reuse, args.years)
        build_young = ensure_database(young_pristine, args.quick, args.reuse, args.years, recent_days=30)
    reps = args.reps or (3 if args.quick else 5)
    out: dict = {"quick": args.quick, "years": 1 if args.quick else args.years, "reps": reps, "machine": machine(),
                 "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                 "build": build, "build_young": build_young}
    stations: dict[str, Station] = {}
    try:
        for label, src in (("old", pristine), ("young", young_pristine)):
            t0 = time.perf_counter()
            data_dir = workdir / f"pages-{label}"
            fresh_data_dir(src, data_dir)
            print(f"{label}: {src} copied in {time.perf_counter() - t0:.0f} s; opening ...", flush=True)
            stations[label] = Station(label, data_dir)
            print(f"{label}: opened (migrated when due) and logged in, {stations[label].open_s:.0f} s", flush=True)
        old, young = stations["old"], stations["young"]
        out["stations"] = {s.label: {"counts": s.counts, "params": s.params, "open_s": s.open_s}
                           for s in (old, young)}
        keys = [spec.key for spec in page_specs()]
        out["pages"] = keys
        tabs = [[s.page("settings").tabs.tabText(i) for i in range(s.page("settings").tabs.count())]
                for s in (old, young)]
        if tabs[0] != tabs[1]:
            raise RuntimeError(f"the two windows' settings differ: {tabs}")
        actions = run_actions(old, young, page_actions(keys, tabs[0]), reps)
        out["actions"] = [summarise(a) for a in actions]
    finally:
        for s in stations.values():
            try:
                s.close()
            except Exception:  # noqa: BLE001 - the figures are taken; a failed close is only told
                traceback.print_exc()
    out["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return out


def default_json(quick: bool, years: int) -> Path:
    return RESULTS / ("bench_pages_quick.json" if quick else f"bench_pages_{years}y.json")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small stations (CI, about a minute)")
    ap.add_argument("--years", type=int, default=5, help="years of history of the old station (default 5)")
    ap.add_argument("--db", help="the old station as built (its young one beside it, -month); used as it is, "
                    "never built or written")
    ap.add_argument("--reuse", action="store_true", help="reuse the stations built before in --workdir")
    ap.add_argument("--workdir", default=str(DEFAULT_WORKDIR), help="scratch folder (the stations' copies)")
    ap.add_argument("--reps", type=int, help="runs of each action on each station (default 5, quick 3)")
    ap.add_argument("--json", type=Path, help="where to write the figures (benchmarks/results/bench_pages_<N>y.json)")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        out = run(args)
    except Exception:  # noqa: BLE001 - any failure is the benchmark's failure: say it and exit 1
        traceback.print_exc()
        return 1
    print(table(out))
    target = args.json or default_json(args.quick, args.years)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"written: {target}")
    return 1 if any(r["errors"] for r in out["actions"]) else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # as bench_station.py: PySide6 6.12 on Python 3.11 may abort in the interpreter's teardown
    os._exit(code)
