"""The station benchmark's quick variant runs end to end: exit code 0 and every figure in its JSON.

Timings are never asserted (a shared CI runner is noisy); a failure here means the benchmark, or
the code it drives, broke.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "bench_station.py"


@pytest.mark.timeout(600)  # generous: a slow runner must not fail on time
def test_quick_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--workdir", str(tmp_path / "work"),
                           "--json", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=580)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    data = json.loads(out.read_text(encoding="utf-8"))

    assert data["quick"] is True
    assert {"cpu", "cores", "python", "sqlite", "pyside6"} <= data["machine"].keys()
    counts = data["build"]["counts"]
    assert counts["parcel"] > 0 and counts["sale"] > 0
    # everything the app writes: two events a parcel (check-in, then handover or return, but
    # for those still in stock), notices, print jobs, the audit log
    assert counts["parcel"] < counts["parcel_event"] <= 2 * counts["parcel"]
    assert counts["notice_parcel"] == counts["parcel"]
    assert counts["print_job"] > 0 and counts["audit_log"] > 0
    assert {"app_median_s", "bare_median_s", "ratio", "app_rss_mb", "ready_median_s", "painted_rss_mb",
            "labelled_median_s", "labelled_over_bare", "app_over_labelled"} <= data["cold_start"].keys()
    checkin = data["checkin"]
    assert checkin["n"] == data["config"]["scans"]
    assert {"p50_ms", "p95_ms", "p99_ms", "phases_p50_ms", "phases_p95_ms"} <= checkin.keys()
    assert data["storage"]["service"]["n"] == data["storage"]["raw"]["n"] == data["config"]["storage_checkins"]
    assert data["storage"]["python"]["n"] == data["config"]["storage_checkins"]
    for when in ("start", "end"):  # the disk's state beside the figures
        assert data["disk_probe"][when]["p95_ms"] > 0
    assert "disk now: a 4 KB write and fsync" in proc.stdout
    assert data["build_young"]["counts"]["parcel"] < data["build"]["counts"]["parcel"]
    assert {"checkin", "lookup", "sale", "daily_report"} <= data["young_vs_old"]["ratios"].keys()
    assert data["backup"]["backup_s"] > 0 and data["backup"]["quiet"]["n"] > 0
    for kind in ("phone_tail", "code"):
        assert {"p50_ms", "p95_ms", "p99_ms"} <= data["lookup"][kind].keys()
    assert {"p50_ms", "p95_ms", "p99_ms", "complete_sale_p95_ms", "receipt_p95_ms"} <= data["sale"].keys()
    for name in ("daily", "monthly"):
        assert {"median_s", "cold_s", "median_data_s", "median_pdf_s"} <= data["reports"][name].keys()
    assert {"after_start_in_child_mb", "after_login_mb", "after_workload_mb", "with_baselines_mb"} <= data["memory"].keys()
    assert data["db_size"]["file_mb"] > 0
    # every goal of issue 20 has its figure and verdict, in the JSON and in the printed table
    goals = {g["goal"]: g for g in data["goals"]}
    assert set(goals) == {"1", "2", "3a", "3b", "3c", "3d", "3e", "3f", "4", "5a", "5b", "6a", "6b", "7"}
    for g in goals.values():
        assert g["verdict"] in ("PASS", "OVER"), g
        assert g["value"] is not None and g["value"] > 0, g
    assert "PASS" in proc.stdout or "OVER" in proc.stdout
