"""Settings → 县级中心: linking through the tab off the GUI thread, the state shown, unlinking."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from pos.db.models import SyncState
from pos.ui.pages.settings.county_tab import CountyTab
from tests.parcels_checkin.conftest import clock, op  # noqa: F401 (fixtures)
from tests.parcels_checkin.conftest import ctx, rules  # noqa: F401 (fixtures)


@pytest.fixture
def tab(qtbot, ctx):  # noqa: F811
    t = CountyTab(ctx)
    qtbot.addWidget(t)
    t.show()
    return t


def test_unlinked_tab_asks_for_address_and_code(tab, qtbot):
    assert "未" in tab.state.text() or "Not linked" in tab.state.text()
    assert tab.link_button.isEnabled() and not tab.unlink_button.isEnabled()
    tab.link()
    assert tab.job is None and tab.result.text()


def test_bad_address_is_refused_with_a_message(tab, qtbot):
    tab.url.setText("county.example.cn")
    tab.code.setText("K7QX-M3PA-9TWE")
    tab.link()
    qtbot.waitUntil(lambda: tab.job is None, timeout=10000)
    assert "county.example.cn" in tab.result.text()


@pytest.mark.postgres
def test_link_through_the_tab_then_unlink(tab, qtbot, ctx, county, proxy, monkeypatch, clock):  # noqa: F811
    from pos.services import audit

    tab.url.setText(proxy.url)
    tab.code.setText(county.code())
    tab.link()
    qtbot.waitUntil(lambda: tab.job is None, timeout=20000)
    assert not tab.link_button.isEnabled() and tab.unlink_button.isEnabled()
    assert "清水村服务站" in tab.state.text()
    with ctx.db.unit_of_work() as s:
        assert s.get(SyncState, 1).county_url == proxy.url
    assert any(e.action == audit.COUNTY_LINKED for e in audit.list_entries(ctx.db, limit=20)) \
        if hasattr(audit, "list_entries") else True
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.unlink()
    assert tab.link_button.isEnabled() and not tab.unlink_button.isEnabled()
    assert not (ctx.paths.root / "county-station.key").exists()


def test_unlinking_stops_the_sync_process(qtbot, ctx, monkeypatch):  # noqa: F811
    """An unlinked station runs no sync process: the one started while it was linked is stopped
    (it used to run on, idle, until the app was closed), and a new link starts one again."""
    import uuid

    from pos.ui.county_sync import CountySync

    with ctx.db.unit_of_work() as s:
        s.add(SyncState(id=1, county_url="http://127.0.0.1:9", station_id=str(uuid.uuid4()), station_name="s",
                        key_file="", db_generation=str(uuid.uuid4()), next_seq=1, high_water=0,
                        manifest_cursor=0, last_error="", revoked=False, settings_version=0, settings_json="{}"))
    sync = ctx.county_sync = CountySync(ctx.db, ctx.paths, interval=0.2)
    try:
        sync.start()
        assert sync.worker.running and ctx.db.on_write is not None
        tab = CountyTab(ctx)
        qtbot.addWidget(tab)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        tab.unlink()
        assert ctx.db.on_write is None  # at once; the process itself stops on a thread of its own
        qtbot.waitUntil(lambda: not sync.worker.running, timeout=30000)
        with ctx.db.unit_of_work() as s:
            s.get(SyncState, 1).county_url = "http://127.0.0.1:9"
        sync.sync_now()  # linked again: a new process
        assert sync.worker.running
    finally:
        sync.stop()
