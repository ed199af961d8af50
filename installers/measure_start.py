"""Start-up time of the PyInstaller bundle against `python -m pos`, on the same machine and data.

    uv run python installers/measure_start.py [--runs 7] [--bundle dist/village-pos/village-pos]

Both start offscreen on one prepared station (made with `init` first, so neither pays for the
database migration) and are timed from launch to the log lines "starting village-pos" and
"login screen shown" (their timestamps in logs/village-pos.log), then stopped with SIGTERM.
"cold" is one start of each right after the page cache was dropped (root on Linux only; else it
is left out), "warm" the median of --runs starts, bundle and source taking turns. Prints the
figures and the bundle/source ratios, plus the bundle's size.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTING, LOGIN = "starting village-pos", "login screen shown"
DEADLINE_S = 120


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def log_time(line: str) -> float:
    """The epoch time of a log line (pos.logs writes local time with milliseconds first)."""
    stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
    return stamp.timestamp()


def one_start(command: list[str], data: Path) -> dict[str, float]:
    """Seconds from launch to each of the two log lines."""
    log = data / "logs" / "village-pos.log"
    offset = log.stat().st_size if log.exists() else 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    launched = time.time()
    proc = subprocess.Popen([*command, "--data-dir", str(data)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    found: dict[str, float] = {}
    try:
        while LOGIN not in found:
            if proc.poll() is not None:
                raise SystemExit(f"{command[0]} exited {proc.returncode} before the login screen")
            if time.time() - launched > DEADLINE_S:
                raise SystemExit(f"{command[0]}: no login screen within {DEADLINE_S} s")
            with log.open(encoding="utf-8") as f:
                f.seek(offset)
                for line in f.read().splitlines():
                    for marker in (STARTING, LOGIN):
                        if marker in line and marker not in found:
                            found[marker] = log_time(line) - launched
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return found


def size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="warm starts of each (default 7)")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "village-pos" / "village-pos")
    args = parser.parse_args()
    if not args.bundle.is_file():
        raise SystemExit(f"{args.bundle} not found: build it with bash installers/pyinstaller/build.sh")
    commands = {"bundle": [str(args.bundle)], "source": [sys.executable, "-m", "pos"]}

    with tempfile.TemporaryDirectory(prefix="village-pos-start-") as tmp:
        data = Path(tmp) / "data"
        subprocess.run([sys.executable, "-m", "pos", "--data-dir", str(data), "init", "--station-name",
                        "清水村服务站", "--owner-name", "王小明", "--owner-pin", "1234"],
                       check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        cold: dict[str, dict[str, float]] = {}
        for name, command in commands.items():
            if drop_page_cache():
                cold[name] = one_start(command, data)
        warm: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                warm[name].append(one_start(command, data))

    print(f"bundle {args.bundle.parent}: {size_mib(args.bundle.parent):.0f} MiB")
    print(f"{'':8}{'':22}{'bundle':>9}{'source':>9}{'ratio':>8}")
    rows = []
    if cold:
        rows += [("cold", marker, cold["bundle"][marker], cold["source"][marker]) for marker in (STARTING, LOGIN)]
    else:
        print("(cold starts left out: dropping the page cache needs root on Linux)")
    for marker in (STARTING, LOGIN):
        b = statistics.median(r[marker] for r in warm["bundle"])
        s = statistics.median(r[marker] for r in warm["source"])
        rows.append((f"warm×{args.runs}", marker, b, s))
    for kind, marker, b, s in rows:
        print(f"{kind:8}{marker:22}{b:8.2f}s{s:8.2f}s{b / s:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
