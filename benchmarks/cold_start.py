"""Cold start: the app's login window painted, against a bare PySide6 window started the same way.

    uv run python benchmarks/cold_start.py --data-dir DIR [--runs 5]

Each run spawns a fresh interpreter on benchmarks/launch_app.py (see there), alternating bare and
app so that noise on a shared machine hits both alike, after one unmeasured run of each (byte
code and the database file in the OS cache: "cold" is the process, not the disk). The figure is
the median; the ratio app/bare is the number to compare between machines (goal: 1.5 or less).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
LAUNCHER = HERE / "launch_app.py"


def spawn(mode: str, args: list[str], timeout: float = 180.0, env_extra: dict[str, str] | None = None) -> dict:
    env = dict(os.environ, **(env_extra or {}))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.time()
    proc = subprocess.run([sys.executable, str(LAUNCHER), repr(t0), mode, *args], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=HERE.parent)
    lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} start failed (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    out = json.loads(lines[-1])
    out["exited_s"] = time.time() - t0
    return out


def use_private_bytecode_cache(folder: Path) -> None:
    """Children write byte code to a private cache (warmed by the unmeasured first runs), as an
    installed app would have it; this tree and the virtualenv stay untouched. Without it, where
    PYTHONDONTWRITEBYTECODE is set, every start would compile SQLAlchemy from source."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@contextmanager
def as_default_data_folder(data_dir: Path):
    """Arguments and environment that start the app on ``data_dir`` as a partner starts it.

    On Linux the folder is made the default data folder (XDG_DATA_HOME pointing at a link to it),
    so the app runs without options and pays for finding its folder as it does at a station;
    elsewhere ``--data-dir`` is passed.
    """
    if not sys.platform.startswith("linux"):
        yield ["--data-dir", str(data_dir)], {}
        return
    from pos.paths import APP_NAME

    with tempfile.TemporaryDirectory(prefix="vpos-xdg-") as xdg:
        (Path(xdg) / APP_NAME).symlink_to(data_dir.resolve(), target_is_directory=True)
        yield [], {"XDG_DATA_HOME": xdg}


def measure(data_dir: Path, runs: int = 5, app_args: list[str] | None = None) -> dict:
    """Median seconds to the painted window for the app (on ``data_dir``) and the bare window,
    and for the app also until it is ready (the station's records open behind the login)."""
    with as_default_data_folder(data_dir) as (args, env):
        args = [*args, *(app_args or [])]
        spawn("bare", [])
        spawn("app", args, env_extra=env)
        # The first start of a day backs the station up (3-6 GB at five to ten years), and the
        # data folder was just copied: without this the measured starts would share the disk
        # with the kernel writing those gigabytes out. Later starts of a day find the backup made.
        if hasattr(os, "sync"):
            os.sync()
        bare, app, labelled = [], [], []
        for _ in range(runs):
            bare.append(spawn("bare", []))
            app.append(spawn("app", args, env_extra=env))
            labelled.append(spawn("labelled", []))
    app_s = [r["painted_s"] for r in app]
    ready_s = [r["ready_s"] for r in app]
    bare_s = [r["painted_s"] for r in bare]
    labelled_s = [r["painted_s"] for r in labelled]
    med_app, med_bare, med_labelled = statistics.median(app_s), statistics.median(bare_s), statistics.median(labelled_s)
    rss = [r["rss_kb"] for r in app if r["rss_kb"] is not None]
    bare_rss = [r["rss_kb"] for r in bare if r["rss_kb"] is not None]
    return {
        "runs": runs, "app_s": app_s, "bare_s": bare_s, "app_median_s": med_app, "bare_median_s": med_bare,
        "ratio": med_app / med_bare if med_bare else None,
        # the same window with one label: what any window with content pays over the empty one
        "labelled_s": labelled_s, "labelled_median_s": med_labelled,
        "labelled_over_bare": med_labelled / med_bare if med_bare else None,
        "app_over_labelled": med_app / med_labelled if med_labelled else None,
        "ready_s": ready_s, "ready_median_s": statistics.median(ready_s),
        "painted_rss_mb": statistics.median(r["painted_rss_kb"] for r in app) / 1024,
        "app_rss_mb": statistics.median(rss) / 1024 if rss else None,
        "bare_rss_mb": statistics.median(bare_rss) / 1024 if bare_rss else None,
        "app_none_refcount": min(r["none_refcount"] for r in app),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="the app's data folder (with a station)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    use_private_bytecode_cache(Path(tempfile.gettempdir()) / "village-pos-bench-pycache")
    out = measure(args.data_dir, args.runs)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
