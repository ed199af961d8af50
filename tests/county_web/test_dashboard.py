"""The dashboard and a station's page show what the stations synced; sorting and filters by
query string; statements by month; a station that never synced."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pos.county import keys, rollup
from pos.county.models import StationDay
from pos.sync.contract import format_time
from tests.county.conftest import sale
from tests.county_web.seed import BUSY, NEW, QUIET, RATES, purchase, seed

pytestmark = pytest.mark.postgres


def rows_of(page: str, table: str = "stations") -> list[list[str]]:
    body = re.search(rf'<table class="{table}"[^>]*>.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    out = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        out.append([" ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return out


def test_the_dashboard_lists_every_station_with_its_figures(admin, county_engine):
    seed(admin, county_engine)
    page = admin.get("/").text
    rows = {r[0]: r for r in rows_of(page)}
    assert set(rows) == {BUSY, QUIET, NEW}
    busy = rows[BUSY]
    # in stock, overdue, in transit, missing, purchases today, sales today, income this month
    assert busy[2:] == ["2", "1", "1", "1", "2", "2 · ¥20.50", "¥8.50"]
    assert "超过一天未同步" not in busy[1] and re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d", busy[1])
    assert "超过一天未同步" in rows[QUIET][1]
    assert rows[NEW][1] == "从未同步" and rows[NEW][2:] == ["0", "0", "0", "0", "0", "0 · ¥0.00", "¥0.00"]
    assert "<b>3</b> 个服务站" in page and "<b>2</b> 个超过一天未同步或从未同步" in page
    assert '<script src="/static/chart.umd.min.js">' in page  # served here, no CDN
    data = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', page, re.S).group(1)
    labels = [d["label"] for d in json.loads(data)["days"]["datasets"]]
    assert labels == ["包裹入库", "代购", "销售笔数"]  # in the page's language
    assert admin.get("/static/chart.umd.min.js").status_code == 200


def test_the_list_sorts_and_filters_by_query_string(admin, county_engine):
    seed(admin, county_engine)
    names = [r[0] for r in rows_of(admin.get("/?sort=in_stock&dir=desc").text)]
    assert names[0] == BUSY
    names = [r[0] for r in rows_of(admin.get("/?sort=last_sync&dir=asc").text)]
    assert names == [NEW, QUIET, BUSY]  # never synced counts as the oldest
    assert [r[0] for r in rows_of(admin.get("/?q=东山").text)] == [QUIET]
    assert sorted(r[0] for r in rows_of(admin.get("/?stale=1").text)) == sorted([QUIET, NEW])
    page = admin.get("/?q=没有这个").text
    assert "没有符合条件的服务站" in page
    page = admin.get("/?sort=nonsense&dir=sideways").text  # falls back to the name order
    assert [r[0] for r in rows_of(page)] == sorted([BUSY, QUIET, NEW])
    # the headers' links keep the filter and turn the order round
    page = admin.get("/?q=村&sort=missing&dir=asc").text
    assert 'href="?sort=missing&amp;dir=desc&amp;q=%E6%9D%91"' in page


def test_english_when_chosen(admin, county_engine):
    seed(admin, county_engine)
    r = admin.get("/lang/en?next=/%3Fq%3D1", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?q=1"
    page = admin.get("/").text
    assert "never synced" in page and "Income this month" in page and 'lang="en"' in page
    admin.get("/lang/zh_CN")
    assert "从未同步" in admin.get("/").text


def test_a_station_page_shows_its_figures_manifests_and_statements(admin, county_engine):
    seeded = seed(admin, county_engine)
    page = admin.get(f"/stations/{seeded.busy.station_id}").text
    assert BUSY in page and "从未同步" not in page
    manifests = rows_of(page, "manifests")
    assert [m[1:] for m in manifests] == [["县-2", "1", "0", "1", "0"], ["县-1", "2", "1", "0", "1"]]
    months = rows_of(page, "statements")
    this = seeded.now.astimezone(rollup.LOCAL_TZ)
    assert months[0][0] == f"{this.year}年{this.month}月" and months[0][1] == "¥8.50"
    assert len(months) == 2 and months[1][1] == "¥10.00"  # last month: 5% of 200.00
    key = f"{this.year}-{this.month:02d}"
    r = admin.get(f"/stations/{seeded.busy.station_id}/statements/{key}.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith('attachment; filename="statement-')
    assert "filename*=UTF-8''statement-" in r.headers["content-disposition"]
    # depends on cstat's statements: the CSV's first lines name the station and the month
    head = r.content.decode("utf-8-sig").splitlines()[:3]
    assert BUSY in "\n".join(head) and str(this.year) in "\n".join(head)
    r = admin.get(f"/stations/{seeded.busy.station_id}/statements/{key}.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf" and r.content[:5] == b"%PDF-"
    r = admin.get(f"/stations/{seeded.busy.station_id}/statements/2001-01.pdf")
    assert r.status_code == 404 and "2001年1月" in r.text and "没有数据" in r.text


def test_a_rate_changed_at_the_county_shows_on_the_next_page_load(admin, county_engine):
    seeded = seed(admin, county_engine)
    assert {r[0]: r for r in rows_of(admin.get("/").text)}[BUSY][-1] == "¥8.50"
    with Session(county_engine) as s, s.begin():
        staff = {"Authorization": f"Bearer {keys.add_staff_token(s, 'rates')}"}
    rates = [{**r, "bp": 1000} if r["source"] == "purchase_commission" else r for r in RATES]
    r = admin.put(f"/api/stations/{BUSY}/settings", json={"rates": rates}, headers=staff)
    assert r.status_code == 200, r.text
    # 10% of 60.00 + 100.00 and 0.50 for the handover; last month 10% of 200.00
    assert {r[0]: r for r in rows_of(admin.get("/").text)}[BUSY][-1] == "¥16.50"
    months = rows_of(admin.get(f"/stations/{seeded.busy.station_id}").text, "statements")
    assert [m[1] for m in months] == ["¥16.50", "¥20.00"]


def test_a_station_that_never_synced_says_so(admin, county_engine):
    seeded = seed(admin, county_engine)
    page = admin.get(f"/stations/{seeded.new_id}").text
    assert "该服务站从未同步" in page and "暂无结算单" in page and "chart.umd.min.js" not in page
    r = admin.get(f"/stations/{seeded.new_id}/statements/2026-12.csv")
    assert r.status_code == 404 and "从未同步" in r.text
    assert admin.get("/stations/not-a-uuid").status_code == 404
    assert admin.get("/stations/00000000-0000-0000-0000-000000000000").status_code == 404


def test_the_rollup_follows_new_versions_and_cancellations(admin, county_engine):
    seeded = seed(admin, county_engine)
    st = seeded.busy
    sid = st.station_id
    today = seeded.now.astimezone(rollup.LOCAL_TZ).date()

    def day() -> tuple[int, int, int, int]:
        with Session(county_engine) as s:
            d = s.scalar(select(StationDay).where(StationDay.day == today, text(f"station_id = '{sid}'")))
            return d.checkins, d.purchases, d.sales, d.sales_fen
    assert day() == (2, 2, 2, 2050)
    recent = format_time(seeded.now - dt.timedelta(seconds=1))
    batch = st.batch([st.record("sale", {**sale("R-3", 1000), "completed_at": recent}),
                      st.record("purchase", purchase("P-9", seeded.now - dt.timedelta(seconds=1), status="cancelled"))])
    assert st.send(batch).status_code == 200
    assert day() == (2, 2, 3, 3050)
    assert st.send(batch).headers.get("Idempotent-Replayed") == "true"  # a replay changes nothing
    assert day() == (2, 2, 3, 3050)
    with Session(county_engine) as s:
        before = sorted(tuple(r) for r in s.execute(text("SELECT * FROM station_day")))
    with Session(county_engine) as s, s.begin():
        rollup.rebuild_all(s)  # what the migration fills in: the same as kept at ingest
    with Session(county_engine) as s:
        assert sorted(tuple(r) for r in s.execute(text("SELECT * FROM station_day"))) == before
