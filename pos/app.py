"""The one place that wires settings -> database -> devices -> services -> main window."""

from __future__ import annotations

import argparse
import gc
import logging
import sys

from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from pos import __version__
from pos.db import backup as backups
from pos.db.engine import sqlite_path, sqlite_url
from pos.db.opening import DatabaseCorrupt, open_database
from pos.db.unit_of_work import Database
from pos.devices.hub import DeviceHub
from pos.devices.printer_spec import parse_printer_spec
from pos.devices.scanner import parse_scanner_spec
from pos.domain.errors import DomainError
from pos.i18n import Translations, error_text
from pos.instance import AlreadyRunning, acquire_instance_lock
from pos.logs import setup_logging
from pos.paths import DataPaths, default_data_dir
from pos.resources import resource
from pos.services import settings as st
from pos.services import station
from pos.services.auth import AuthService
from pos.ui.backup_job import start_daily_backup
from pos.ui.context import AppContext
from pos.ui.crash_hook import install_crash_hook
from pos.ui.fonts import load_app_font
from pos.ui.main_window import MainWindow
from pos.ui.startup_dialogs import ask_restore_corrupt, ask_restore_missing, tell
from pos.ui.style import apply_style

log = logging.getLogger(__name__)


def make_qapp() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Village Station POS")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource("icons", "village-pos.png"))))
    # Wayland/GNOME match the window to village-pos.desktop and its icon by this name
    app.setDesktopFileName("village-pos")
    load_app_font(app)
    apply_style(app)
    return app


def open_station_database(url: str, paths: DataPaths) -> Database | None:
    """Open the database, offering a restore when it is damaged or missing. None: give up."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        newest = backups.newest_good_backup(paths.backups)
        if newest is not None:
            answer = ask_restore_missing(path, newest)
            if answer is None:
                return None
            if answer:
                backups.restore_file(newest, path, paths.backups)
    while True:
        try:
            return open_database(url, paths.backups)
        except DatabaseCorrupt as e:
            log.error("database damaged: %s", e)
            newest = backups.newest_good_backup(paths.backups)
            if not ask_restore_corrupt(error_text(e), newest):
                return None
            backups.restore_file(newest, e.path, paths.backups)
            log.warning("restored %s from %s", e.path, newest)


def run_gui(args: argparse.Namespace) -> int:
    app = make_qapp()
    translations = Translations(app)
    translations.use(args.lang or "zh_CN")
    t = QCoreApplication.translate
    paths = DataPaths(args.data_dir or default_data_dir())
    try:
        paths.ensure()
    except OSError as e:
        tell(t("startup", "Cannot start"),
             t("startup", "The data folder {path} cannot be written: {reason}").format(path=str(paths.root), reason=e.strerror or e))
        return 1
    setup_logging(paths.log_file)
    try:
        lock = acquire_instance_lock(paths.lock_file)
    except AlreadyRunning:
        tell(t("startup", "Already running"),
             t("startup", "Village Station POS is already running for the data folder {path}. "
               "Please use the open window.").format(path=str(paths.root)))
        return 3
    except OSError as e:  # a read-only folder (or disk): even the lock file cannot be made
        tell(t("startup", "Cannot start"),
             t("startup", "The data folder {path} cannot be written: {reason}").format(
                 path=str(paths.root), reason=e.strerror or e))
        return 1
    install_crash_hook(paths.log_file)
    log.info("starting village-pos %s, data folder %s", __version__, paths.root)
    try:
        db = open_station_database(args.db or sqlite_url(paths.database), paths)
    except DomainError as e:
        tell(t("startup", "Cannot start"), error_text(e))
        return 1
    if db is None:
        return 1
    hub = None
    try:
        if not args.lang:
            translations.use(st.read(db, st.LANGUAGE))
        try:
            hub = make_device_hub(db, paths, args)
        except DomainError as e:
            tell(t("startup", "Cannot start"), error_text(e))
            return 2
        if args.demo and not station.has_station(db):
            from pos.services.demo import create_demo  # only for --demo: keeps start-up light

            create_demo(db)
        ctx = AppContext(db=db, paths=paths, auth=AuthService(db), translations=translations, devices=hub)
        window = MainWindow(ctx)
        hub.start()
        window.show()
        start_daily_backup(ctx, window)
        freeze_startup_objects()
        return app.exec()
    finally:
        # a backup still running must finish before the database goes away
        QThreadPool.globalInstance().waitForDone()
        if hub is not None:
            hub.stop()
        db.dispose()
        lock.release()


def freeze_startup_objects() -> None:
    """Keep the garbage collector away from what start-up loaded for good.

    The imports (pinyin dictionaries, SQLAlchemy, Qt wrappers) leave some 300 000 objects the
    collector would otherwise walk in every full collection: a 150-400 ms freeze of the window,
    at random, in the middle of a scan. Objects made later are collected as usual.
    """
    gc.collect()
    gc.freeze()


def make_device_hub(db: Database, paths: DataPaths, args: argparse.Namespace) -> DeviceHub:
    """The scanner and printer; a bad --scanner or --printer is refused before the window opens."""
    scanner = getattr(args, "scanner", None)
    printer = getattr(args, "printer", None)
    if scanner:
        parse_scanner_spec(scanner)
    if printer:
        parse_printer_spec(printer)
    return DeviceHub(db, paths, scanner_spec=scanner, printer_spec=printer)
