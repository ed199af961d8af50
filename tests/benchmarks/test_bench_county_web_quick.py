"""The county web benchmark's quick variant runs end to end and reports every figure (timings are
printed, never asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.county.conftest import county_url  # noqa: F401  (the fixture: skips without PostgreSQL)

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_county_web.py"


@pytest.mark.postgres
@pytest.mark.timeout(600)
def test_quick_county_web_benchmark(tmp_path, county_url, postgres_server_url):  # noqa: F811
    out = tmp_path / "figures.json"
    # the benchmark makes its own database on the session's server (the one the fixtures use)
    env = {**os.environ, "POS_TEST_PG_URL": postgres_server_url}
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--json", str(out)], capture_output=True,
                          text=True, timeout=580, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    f = json.loads(out.read_text())
    assert f["stations"] == 4 and f["days"] == 40 and f["total_rows"] > 0 and f["county_db_bytes"] > 0
    assert f["rows"]["income_day"] > 0 and f["rows"]["synced_service_payment"] > 0
    assert {"n", "p50_ms", "p95_ms", "max_ms"} <= f["dashboard"].keys() and f["dashboard"]["stations_listed"] == 4
    assert f["statement_pdf"]["n"] > 0 and f["statement_csv"]["n"] > 0
    # the per-day table the dashboard sums agrees with the statement computed from the records
    assert f["sample_statement"]["county_owes_fen"] == f["sample_statement"]["rollup_fen"] != 0
    assert "dashboard data" in proc.stdout and "statement PDF" in proc.stdout
    assert f["dashboard_http"]["n"] > 0 and f["station_http"]["n"] > 0  # the real routes
