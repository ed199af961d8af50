"""The counter while a backlog syncs: benchmarks/bench_sync_counter.py's quick variant runs end to
end (a station with a backlog, a real county server in its own process, check-ins with the sync
held, as a niced process with and without its back-off, and as a thread, in turns) and prints
every figure. No timed assertion: shared CI cores make timings noise; the benchmark prints them.
What is asserted is that every mode was measured and that afterwards the county holds exactly
what the station holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_sync_counter.py"


@pytest.mark.postgres
def test_quick_counter_benchmark(tmp_path, postgres_server_url):
    out = tmp_path / "figures.json"
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--no-pin", "--json", str(out)],
                          env={**os.environ, "POS_TEST_PG_URL": postgres_server_url}, capture_output=True, text=True, timeout=900)
    print(proc.stdout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(out.read_text())
    assert set(figures["modes"]) == {"off", "process", "process-eager", "thread"}
    for row in figures["modes"].values():
        assert row["n"] == 2 * 5 and row["p95_ms"] > 0 and len(row["block_p95_ms"]) == 2
    assert figures["backlog"] > 1000
    assert figures["same"], (figures["station_counts"], figures["county_counts"])
    assert "p95/off" in proc.stdout
