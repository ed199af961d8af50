"""Cyclic garbage (a dropped widget in a reference cycle) is collected on the GUI thread, never
in one of the device threads that happened to allocate (pos.ui.gui_thread_gc)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QDialog

from pos.ui.gui_thread_gc import GuiThreadCollector


class Tracked(QDialog):
    deleted_in: list[str] = []

    def __del__(self) -> None:
        Tracked.deleted_in.append(threading.current_thread().name)


def drop_a_dialog_in_a_cycle() -> None:
    dlg = Tracked()
    dlg.me = dlg  # a cycle: only the cycle collector frees it


KEPT: list = []


def allocate_in_a_worker() -> None:
    def churn():
        # far past the collector's thresholds, and some of it kept (a queue's documents)
        junk = [[[] for _ in range(10)] for _ in range(5_000)]
        KEPT.append(junk[:1_000])

    t = threading.Thread(target=churn, name="print-queue")
    t.start()
    t.join()


def test_a_thread_that_allocates_does_not_collect_the_guis_garbage(qtbot):
    Tracked.deleted_in.clear()
    before = gc.isenabled()  # tests/conftest.py keeps it off, as the app does
    collector = GuiThreadCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
        drop_a_dialog_in_a_cycle()
        allocate_in_a_worker()
        assert Tracked.deleted_in == []
        qtbot.waitUntil(lambda: Tracked.deleted_in == ["MainThread"], timeout=3000)
    finally:
        collector.stop()
        KEPT.clear()
    assert gc.isenabled() == before


def test_stop_collects_what_is_left_and_gives_the_collector_back(qtbot):
    Tracked.deleted_in.clear()
    gc.enable()
    try:
        collector = GuiThreadCollector(interval_ms=60_000)
        assert not gc.isenabled()
        drop_a_dialog_in_a_cycle()
        collector.stop()
        assert Tracked.deleted_in == ["MainThread"] and gc.isenabled()
    finally:
        gc.disable()


def test_each_generation_is_collected_when_python_would(monkeypatch):
    collector = GuiThreadCollector(interval_ms=60_000)
    try:
        done = []
        monkeypatch.setattr(gc, "collect", lambda generation=2: done.append(generation) or 0)
        t0, t1, t2 = collector.thresholds
        for counts, expected in (((t0 + 1, 0, 0), [0]), ((t0 + 1, t1 + 1, 0), [1]), ((0, 0, t2 + 1), [2]),
                                 ((t0, t1, t2), [])):
            done.clear()
            monkeypatch.setattr(gc, "get_count", lambda c=counts: c)
            collector.check()
            assert done == expected
    finally:
        monkeypatch.undo()
        collector.stop()


def test_the_app_collects_on_the_gui_thread_while_it_runs(monkeypatch, qapp):
    """run_gui switches the automatic collector off for its life and back on at the end."""
    from pos import app as app_module

    seen = []
    monkeypatch.setattr(app_module, "_run_gui", lambda app, args: seen.append(gc.isenabled()) or 0)
    gc.enable()
    try:
        assert app_module.run_gui(object()) == 0
        assert seen == [False] and gc.isenabled()
    finally:
        gc.disable()
