"""Where the app's resident memory goes: VmRSS after each group of imports.

    uv run python benchmarks/memory_by_module.py             # cumulative, in the order the app loads them
    uv run python benchmarks/memory_by_module.py --each      # each group alone, on top of Qt (a fresh
                                                             # interpreter per group)
    uv run python benchmarks/memory_by_module.py --json FILE # the figures as JSON too

The cumulative run is what a station PC pays: a library shared by two groups is counted in the
first. Qt comes first, with pos.ui's lighter PySide6 import hook as the app has it
(``--pyside-hook-as-shipped`` leaves PySide6's own hook in place, which keeps the source of every
later module in memory: compare the two). ``--each`` answers "what would leaving this group out save": every group is imported in
its own interpreter after Qt, so shared dependencies are counted in every group that uses them.
The last column lists the heavy third-party packages each group pulled in, so a group that
starts loading one it should not (an eager import) shows at once. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# (label, modules, what to call afterwards): the order is the app's, from the login screen to a
# printed report. The calls load what the imports alone do not (the printer profiles, the PDF
# font, the initials table).
GROUPS: list[tuple[str, tuple[str, ...], str | None]] = [
    ("Qt: QApplication and a window", ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"), "qt"),
    ("SQLAlchemy core and ORM", ("sqlalchemy", "sqlalchemy.orm", "sqlalchemy.dialects.sqlite"), None),
    ("pos.db: models, opening, migrate", ("pos.db.models", "pos.db.unit_of_work", "pos.db.opening"), "mappers"),
    ("alembic (a pending migration only)", ("alembic.command", "alembic.config", "alembic.script",
                                            "alembic.runtime.migration"), None),
    ("escpos, Pillow, qrcode, barcode", ("escpos.printer", "PIL.Image", "qrcode", "barcode"), "escpos"),
    ("pyserial", ("serial",), None),
    ("pos.services", ("pos.services.villagers.register", "pos.services.sales.products", "pos.services.sales.checkout",
                      "pos.services.pickup.handover", "pos.services.purchases.orders", "pos.services.shifts.drawer",
                      "pos.services.reports.queries"), None),
    ("pinyin initials (first key computed)", ("pos.domain.pinyin",), "pinyin"),
    ("pos.devices (print queue, renderers)", ("pos.devices.hub", "pos.devices.print_queue"), None),
    ("pos.ui: main window and every page", ("pos.ui.main_window", "pos.ui.page_factories"), None),
    ("reportlab (a PDF written)", ("reportlab.platypus", "reportlab.graphics.shapes",
                                   "reportlab.graphics.charts.barcharts", "pos.reports.pdf_daily",
                                   "pos.reports.pdf_monthly"), None),
    ("the PDF font, while a PDF is made", (), "pdf_font"),
    ("the PDF font let go (Reports page left)", (), "pdf_font_released"),
    ("for comparison: pypinyin (not loaded)", ("pypinyin",), "pypinyin"),
]

HEAVY = ("PySide6", "sqlalchemy", "alembic", "mako", "pypinyin", "reportlab", "escpos", "PIL", "qrcode",
         "barcode", "yaml", "serial", "usb", "psycopg", "platformdirs")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise OSError("no VmRSS in /proc/self/status")


_keep: list[object] = []  # what the calls made stays alive, as it does in the app


def _after(call: str | None) -> None:
    if call == "qt":
        from PySide6.QtWidgets import QApplication, QMainWindow

        if not os.environ.get("POS_MEMORY_RAW_PYSIDE_HOOK"):
            from pos.ui.import_hook import lighten_pyside_import_hook

            lighten_pyside_import_hook()

        app = QApplication.instance() or QApplication(sys.argv[:1])
        win = QMainWindow()
        win.resize(1100, 720)
        win.show()
        app.processEvents()
        _keep.extend((app, win))
    elif call == "mappers":
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
    elif call == "escpos":
        from escpos.printer import Dummy

        _keep.append(Dummy())  # loads the printer profiles (escpos.capabilities)
    elif call == "pinyin":
        from pos.domain.pinyin import search_key

        search_key("张三")
        from pos.services.sales.products import initials

        initials("农夫山泉")
    elif call == "pdf_font":
        from pos.reports.fonts import ensure_font

        ensure_font()
    elif call == "pdf_font_released":
        from pos.reports.fonts import release_font

        release_font()  # as the Reports page does when the partner leaves it
    elif call == "pypinyin":
        from pypinyin import lazy_pinyin

        lazy_pinyin("张三")  # what pos.domain.pinyin did before its table (phrases loaded)


def load(group: tuple[str, tuple[str, ...], str | None]) -> None:
    _, modules, call = group
    for m in modules:
        importlib.import_module(m)
    _after(call)


def heavy_loaded() -> set[str]:
    return {m.split(".")[0] for m in sys.modules} & set(HEAVY)


def measure_cumulative() -> list[dict]:
    rows = [{"group": "python interpreter", "rss_mb": rss_mb(), "delta_mb": 0.0, "import_s": 0.0, "loaded": []}]
    seen = heavy_loaded()
    for group in GROUPS:
        before = rss_mb()
        t0 = time.perf_counter()
        load(group)
        took = time.perf_counter() - t0
        gc.collect()
        now = rss_mb()
        new = sorted(heavy_loaded() - seen)
        seen |= set(new)
        rows.append({"group": group[0], "rss_mb": now, "delta_mb": now - before, "import_s": took, "loaded": new})
    return rows


def measure_one(index: int) -> dict:
    """In a fresh interpreter (--one): Qt first, then the group alone."""
    load(GROUPS[0])
    gc.collect()
    before, seen = rss_mb(), heavy_loaded()
    t0 = time.perf_counter()
    load(GROUPS[index])
    took = time.perf_counter() - t0
    gc.collect()
    now = rss_mb()
    return {"group": GROUPS[index][0], "rss_mb": now, "delta_mb": now - before, "import_s": took,
            "loaded": sorted(heavy_loaded() - seen)}


def measure_each() -> list[dict]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    rows = []
    for i in range(1, len(GROUPS)):
        out = subprocess.run([sys.executable, __file__, "--one", str(i)], env=env, capture_output=True,
                             text=True, check=True, cwd=ROOT)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return rows


def table(rows: list[dict], cumulative: bool) -> str:
    head = f"{'group':40s} {'RSS MB':>8s} {'+MB':>7s} {'import s':>9s}  loads"
    lines = [head, "-" * len(head)]
    for r in rows:
        rss = f"{r['rss_mb']:8.1f}" if cumulative else f"{'':8s}"
        lines.append(f"{r['group']:40s} {rss} {r['delta_mb']:7.1f} {r['import_s']:9.3f}  {' '.join(r['loaded'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--each", action="store_true", help="each group alone on top of Qt, in a fresh interpreter")
    ap.add_argument("--pyside-hook-as-shipped", action="store_true",
                    help="keep PySide6's own import hook (it caches every module's source)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.pyside_hook_as_shipped:
        os.environ["POS_MEMORY_RAW_PYSIDE_HOOK"] = "1"  # read by the --one children too
    if args.one is not None:
        print(json.dumps(measure_one(args.one)), flush=True)
        return 0
    rows = measure_each() if args.each else measure_cumulative()
    print(table(rows, cumulative=not args.each))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # PySide6 on Python 3.11 may abort while tearing down Qt wrappers at exit; the figures are out
    os._exit(code)
