"""The county's web pages in a real browser: Debian's headless Chromium driven by Playwright,
against a real county server (uvicorn on 127.0.0.1, an ephemeral port) on the test PostgreSQL,
fed through the real sync API.

POS_COUNTY_SHOTS=docs/screenshots saves the pages (zh_CN and en, 1366x768) there for the README;
otherwise they go to the test's tmp folder.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pos.county.models import Station, WebSession
from pos.county.rollup import LOCAL_TZ
from pos.county.web import auth
from tests.county_web.conftest import PASSWORD, add_user
from tests.county_web.seed import BUSY, NEW, QUIET, seed
from tests.machine import CHROMIUM, apt_line, browser_packages_missing

pytestmark = pytest.mark.postgres

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def server(county_engine) -> Iterator[str]:
    import uvicorn

    from pos.county.app import create_app

    config = uvicorn.Config(create_app(county_engine), host="127.0.0.1", port=0, log_config=None,
                            lifespan="off", server_header=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, name="county-uvicorn", daemon=True)
    thread.start()
    while not srv.started:  # waits for the socket, asserts nothing about time
        if not thread.is_alive():
            pytest.fail("the county server did not start")
        time.sleep(0.02)
    port = srv.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join()


@pytest.fixture
def browser():
    missing = browser_packages_missing()
    if missing or not os.path.exists(CHROMIUM):
        pytest.skip(f"the browser tests need Debian's chromium and a CJK font: {apt_line(missing or ['chromium'])}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("POS_COUNTY_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sessions(engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(WebSession))


def _charts_drawn(page) -> None:
    # charts.js marks a canvas once Chart.js (served by the county server) has drawn into it
    page.wait_for_selector("#chart-days[data-ready='1']")
    page.wait_for_selector("#chart-months[data-ready='1']")


def test_a_county_administrator_in_the_browser(server, browser, county_engine, shots, tmp_path):
    with httpx.Client(base_url=server) as http:
        seeded = seed(http, county_engine)
    add_user(county_engine)
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
    page = ctx.new_page()
    failed: list[str] = []
    # (downloads end their request early: only the page's own files are watched)
    page.on("requestfailed", lambda r: failed.append(r.url) if "/static/" in r.url else None)

    # not logged in: the login page; a wrong password says so and opens nothing
    page.goto(server + "/")
    assert page.url == server + "/login"
    page.screenshot(path=shots / "county_login_zh_CN.png")
    page.fill("#name", "李主任")
    page.fill("#password", "wrong password")
    page.click("button[type=submit]")
    assert page.locator("p.error").inner_text() == "用户名或密码错误。"
    assert _sessions(county_engine) == 0
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(server + "/")

    # the dashboard: every station, the one that never synced marked so, the charts drawn
    rows = page.locator("#stations tbody tr")
    assert rows.count() == 3
    assert page.locator("#stations tbody tr", has_text=NEW).locator("td").nth(1).inner_text() == "从未同步"
    assert "超过一天未同步" in page.locator("#stations tbody tr", has_text=QUIET).inner_text()
    # this month's income, from the county's rates and the collected purchases and handovers
    assert page.locator("#stations tbody tr", has_text=BUSY).locator("td").last.inner_text() == "¥8.50"
    _charts_drawn(page)
    page.screenshot(path=shots / "county_dashboard_zh_CN.png")

    # filter by name, then stale only, then all again
    page.fill("#q", "东山")
    page.click("form.filters button")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())] == [QUIET]
    page.click("text=显示全部")
    page.check("input[name=stale]")
    page.click("form.filters button")
    assert sorted(rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())) == sorted([QUIET, NEW])
    page.click("text=显示全部")

    # sort: a click on a header sorts by it, a second click turns the order round
    page.click("a[data-sort=in_stock]")
    assert page.locator("#stations th[aria-sort]").inner_text().startswith("在库包裹")
    page.click("a[data-sort=in_stock]")
    assert "sort=in_stock&dir=desc" in page.url
    assert rows.first.locator("td").first.inner_text() == BUSY

    # a station: its figures, manifests, charts and statements
    page.click(f"text={BUSY}")
    assert page.locator("h1").inner_text() == BUSY
    assert page.locator(".manifests tbody tr").count() == 2
    _charts_drawn(page)
    page.screenshot(path=shots / "county_station_zh_CN.png")
    this = seeded.now.astimezone(LOCAL_TZ)
    month = f"{this.year}-{this.month:02d}"
    with page.expect_download() as got:
        page.click(f"a[href$='/statements/{month}.csv']")
    csv = got.value
    assert csv.suggested_filename == f"statement-{BUSY}-{month}.csv"
    text = Path(csv.path()).read_bytes().decode("utf-8-sig")
    # the station's own statement CSV: the station and month on every line, what the county owes
    lines = text.splitlines()
    assert all(ln.startswith(f"{BUSY},{month},") for ln in lines[1:])
    assert any(ln.split(",")[2] == "县中心应付" and ln.endswith(",8.50") for ln in lines)
    with page.expect_download() as got:
        page.click(f"a[href$='/statements/{month}.pdf']")
    assert got.value.suggested_filename == f"statement-{BUSY}-{month}.pdf"
    assert Path(got.value.path()).read_bytes()[:5] == b"%PDF-"
    resp = page.request.get(server + f"/stations/{seeded.busy.station_id}/statements/{month}.csv")
    assert resp.headers["content-type"].startswith("text/csv")

    # a station that never synced: a clear state, no statements
    page.goto(server + f"/stations/{seeded.new_id}")
    assert "该服务站从未同步" in page.locator("p.never-synced").inner_text()
    assert "暂无结算单" in page.inner_text("main")

    # English: the same pages
    page.click("text=English")
    assert page.locator("p.never-synced").inner_text().startswith("This station has never synced")
    page.goto(server + "/")
    _charts_drawn(page)
    assert page.locator("#stations thead").inner_text().startswith("Station")
    page.screenshot(path=shots / "county_dashboard_en.png")
    page.click(f"text={BUSY}")
    _charts_drawn(page)
    page.screenshot(path=shots / "county_station_en.png")

    # a forged form and one without its token: 403, nothing written (the session stays)
    for forge in ("el.value = 'forged'", "el.remove()"):
        with page.expect_navigation():
            page.evaluate(f"() => {{ const el = document.querySelector(\"form[action='/logout'] "
                          f"input[name=csrf_token]\"); {forge}; el.form ? el.form.submit() : "
                          "document.querySelector(\"form[action='/logout']\").submit(); }")
        assert "nothing was changed" in page.inner_text("main")
        assert _sessions(county_engine) == 1
    assert page.evaluate("async () => (await fetch('/stations', {method: 'POST', body: "
                         "new URLSearchParams({name: 'x', csrf_token: 'forged'})})).status") == 403
    with Session(county_engine) as s:
        assert s.scalar(select(func.count()).select_from(Station)) == 3

    # an expired session: back to the login page, which says why
    with Session(county_engine) as s, s.begin():
        s.execute(update(WebSession).values(last_seen_at=auth.now() - dt.timedelta(hours=9)))
    page.goto(server + "/")
    assert page.url.startswith(server + "/login")
    assert page.locator("p.notice").inner_text() == "Your session has expired: please log in again."
    page.screenshot(path=shots / "county_login_en.png")

    # log in again, then out
    page.fill("#name", "李主任")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(server + "/")
    page.click("header button")
    page.wait_for_url(server + "/login?bye=1")
    assert _sessions(county_engine) == 0
    assert failed == []  # every script and style loaded from the county server
    ctx.close()
    if os.environ.get("POS_COUNTY_SHOTS"):
        return
    shutil.rmtree(shots, ignore_errors=True)
