"""Screenshots of every page of the demo station, for the README and for looking at changes.

    uv run python scripts/screenshots.py [--lang zh_CN|en] [--out DIR]

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


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="zh_CN")
    ap.add_argument("--out", type=Path, default=Path("shots"))
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_qapp()
    tr = Translations(app)
    tr.use(args.lang)
    paths = DataPaths(Path(tempfile.mkdtemp(prefix="pos-shots-")))
    paths.ensure()
    db = open_database(sqlite_url(paths.database), paths.backups)
    wiring = wire_station()
    create_demo(db, wiring.rules)
    hub = DeviceHub(db, paths, load_config=device_settings.loader(db))
    ctx = AppContext(db=db, paths=paths, auth=AuthService(db), translations=tr, devices=hub, wiring=wiring)
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    hub.start()
    QTest.qWait(200)
    window.grab().save(str(args.out / f"login_{args.lang}.png"))
    QTest.keyClicks(window.login_page.pin, DEMO_OWNER_PIN)
    QTest.keyClick(window.login_page.pin, Qt.Key.Key_Return)
    for key in window.workspace.pages:
        window.workspace.show_page(key)
        QTest.qWait(300)
        window.grab().save(str(args.out / f"{key}_{args.lang}.png"))
    settings = window.workspace.pages["settings"]
    for i in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(i)
        QTest.qWait(150)
        window.grab().save(str(args.out / f"settings{i}_{args.lang}.png"))
    hub.stop()
    db.dispose()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
