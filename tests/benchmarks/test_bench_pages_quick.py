"""The page benchmark's quick variant runs end to end: every page and action timed on both
stations, no action raised, and the JSON holds what the table shows.

Timings are never asserted (a shared CI runner is noisy); a failure here means the benchmark, or
a page it drives, broke.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "bench_pages.py"


@pytest.mark.timeout(600)  # generous: a slow runner must not fail on time
def test_quick_page_benchmark_times_every_page_on_both_stations(tmp_path: Path) -> None:
    out = tmp_path / "pages.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--reps", "2", "--workdir", str(tmp_path / "work"),
                           "--json", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=580)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    data = json.loads(out.read_text(encoding="utf-8"))

    assert data["quick"] is True and data["reps"] == 2
    old, young = data["stations"]["old"]["counts"], data["stations"]["young"]["counts"]
    assert young["parcel"] < old["parcel"]
    actions = data["actions"]
    assert not [a for a in actions if a["errors"]]
    # every page of the navigation is opened, on both stations, each run timed
    opened = {a["page"] for a in actions if a["action"] == "open"}
    assert set(data["pages"]) <= opened
    for a in actions:
        assert len(a["old"]["runs_ms"]) == len(a["young"]["runs_ms"]) == 2, a
        assert a["ratio"] is not None and a["ratio"] > 0
    assert "GROWS (old/young" in proc.stdout
