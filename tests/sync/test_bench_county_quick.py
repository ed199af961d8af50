"""The county benchmark's quick variant runs end to end and prints every figure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_county.py"


@pytest.mark.postgres
def test_quick_county_benchmark(tmp_path, postgres_server_url):
    out = tmp_path / "figures.json"
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--json", str(out)], env={**os.environ, "POS_TEST_PG_URL": postgres_server_url}, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(out.read_text())
    assert figures["records"] == 6 * 2 * 400 and figures["records_per_s"] > 0
    assert figures["county_db_bytes"] > 0 and figures["server_rss_kb"] > 0 and figures["round_p95_s"] > 0
    assert "records/s" in proc.stdout and "p95" in proc.stdout
