"""Screenshots of every page of the demo station, for the README and for looking at changes.

    uv run python scripts/screenshots.py [--lang zh_CN|en|all] [--out DIR]

Each page at 1024x768 (the smallest screen station PCs have), in Chinese and English by default,
into docs/screenshots (the README shows them); a list or an order is opened where the page is
about one.

Runs offscreen with the bundled font (what a PC without Chinese fonts shows), logs in as the
demo owner and grabs each page with QWidget.grab(): deterministic, no window manager needed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QTableWidget  # noqa: E402

from pos.app import make_qapp  # noqa: E402
from pos.db.engine import sqlite_url  # noqa: E402
from pos.db.opening import open_database  # noqa: E402
from pos.devices.hub import DeviceHub  # noqa: E402
from pos.services.hardware import device_settings  # noqa: E402
from pos.i18n import Translations  # noqa: E402
from pos.paths import DataPaths  # noqa: E402
from pos.services.station.auth import AuthService  # noqa: E402
from pos.wiring import wire_station  # noqa: E402
from pos.demo.build import DEMO_OWNER_PIN, create_demo  # noqa: E402
from pos.ui.context import AppContext  # noqa: E402
from pos.ui.main_window import MainWindow  # noqa: E402


SIZE = (1024, 768)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="all", help="zh_CN, en or all")
    ap.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    ap.add_argument("--all-tabs", action="store_true", help="every settings tab, not only the printer's")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_qapp()
    tr = Translations(app)
    paths = DataPaths(Path(tempfile.mkdtemp(prefix="pos-shots-")))
    paths.ensure()
    db = open_database(sqlite_url(paths.database), paths.backups)
    wiring = wire_station()
    create_demo(db, wiring.rules)
    for lang in (["zh_CN", "en"] if args.lang == "all" else [args.lang]):
        tr.use(lang)
        hub = DeviceHub(db, paths, load_config=device_settings.loader(db))
        ctx = AppContext(db=db, paths=paths, auth=AuthService(db), translations=tr, devices=hub, wiring=wiring)
        shoot(ctx, hub, lang, args.out, args.all_tabs)
        hub.stop()
    db.dispose()
    print(f"screenshots in {args.out}")
    return 0


def shoot(ctx: AppContext, hub: DeviceHub, lang: str, out: Path, all_tabs: bool) -> None:
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    hub.start()
    QTest.qWait(200)
    window.grab().save(str(out / f"login_{lang}.png"))
    QTest.keyClicks(window.login_page.pin, DEMO_OWNER_PIN)
    QTest.keyClick(window.login_page.pin, Qt.Key.Key_Return)
    for key, page in window.workspace.pages.items():
        window.workspace.show_page(key)
        if key in ("purchases", "villagers"):  # one open beside the list, as the partner works
            table = page.findChild(QTableWidget)
            if table is not None and table.rowCount():
                table.selectRow(0)
        QTest.qWait(300)
        window.grab().save(str(out / f"{key}_{lang}.png"))
    settings = window.workspace.pages["settings"]
    window.workspace.show_page("settings")
    printer_tab = 2  # the README sends partners there
    for i in range(settings.tabs.count()) if all_tabs else [printer_tab]:
        settings.tabs.setCurrentIndex(i)
        QTest.qWait(150)
        window.grab().save(str(out / f"settings{i}_{lang}.png"))
    window.close()
    window.deleteLater()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
