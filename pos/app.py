"""The one place that wires settings -> database -> devices -> services -> main window.

Start-up comes in two steps, because on a station PC importing the database layer, the devices
and every page takes seconds and the partner should not stare at nothing meanwhile:

1. ``run_gui`` takes the data folder's lock and shows the login screen with only Qt loaded; the
   station's name and language are read ahead with sqlite3 (pos.db.peek). The partner can type
   the PIN at once.
2. Right after that screen is painted, ``BehindLogin`` imports the heavy libraries on a worker
   thread (the window stays responsive), then opens the database, starts the devices and
   attaches the pages on the GUI thread. A PIN entered meanwhile is checked then.

When there is nothing to log in to yet (first start, a missing or damaged file, PostgreSQL) the
second step runs before the window is shown, with its questions and messages, as it always did.
Module-level imports here are therefore the light ones; the rest is imported where it is used.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import sys
import threading
from typing import TYPE_CHECKING, Callable, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QThreadPool, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from pos import __version__
from pos.db.peek import peek_station
from pos.domain.errors import DomainError
from pos.i18n import Translations, error_text
from pos.instance import AlreadyRunning, acquire_instance_lock
from pos.logs import setup_logging
from pos.paths import DataPaths, default_data_dir
from pos.resources import resource
from pos.server.saved_url import read_url
from pos.ui.crash_hook import install_crash_hook
from pos.ui.fonts import load_app_font
from pos.ui.gui_thread_gc import GuiThreadCollector
from pos.ui.main_window import MainWindow
from pos.ui.startup_dialogs import HEADLESS_PLATFORMS, ask_restore_corrupt, ask_restore_missing, tell
from pos.ui.style import apply_style

if TYPE_CHECKING:
    from pos.ui.context import AppContext
    from pos.db.unit_of_work import Database
    from pos.devices.hub import DeviceHub

log = logging.getLogger(__name__)

T = TypeVar("T")

# Qt-free libraries the second step needs, imported on the worker thread while the login screen
# is up (tests/unit/test_startup_prefetch.py checks that none of them loads Qt widgets).
PREFETCH = (
    "sqlalchemy.orm",
    "pos.db.models",
    "pos.db.unit_of_work",
    "pos.db.opening",
    "pos.services.station.auth",
    "pos.services.settings",
    "pos.services.station.setup",
    "pos.devices",
    "serial",
    # not python-escpos and the image libraries behind it (0.28 s here): the print queue's
    # thread imports them after its first quiet wait (pos.devices.print_queue)
)


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


def open_station_database(url: str, paths: DataPaths, on_upgrade: Callable[[], None] | None = None
                          ) -> Database | None:
    """Open the database, offering a restore when it is damaged or missing. None: give up.
    With ``on_upgrade`` (a window is showing) the opening runs on a worker thread while the
    window keeps painting: an upgrade can take minutes once."""
    from pos.db import backup as backups
    from pos.db.engine import sqlite_path
    from pos.db.opening import DatabaseCorrupt, open_database

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
            if on_upgrade is None:
                return open_database(url, paths.backups)
            return _open_painting(url, paths, on_upgrade)
        except DatabaseCorrupt as e:
            log.error("database damaged: %s", e)
            newest = backups.newest_good_backup(paths.backups)
            if not ask_restore_corrupt(error_text(e), newest):
                return None
            backups.restore_file(newest, e.path, paths.backups)
            log.warning("restored %s from %s", e.path, newest)


def _open_painting(url: str, paths: DataPaths, on_upgrade: Callable[[], None]) -> Database:
    from pos.db.opening import open_database

    upgrading, told = threading.Event(), threading.Event()

    def upgrade_begins() -> None:  # on the worker: the screen says it before the work starts
        upgrading.set()
        told.wait(timeout=5)

    def tell_once() -> None:  # on the GUI thread
        if upgrading.is_set() and not told.is_set():
            on_upgrade()
            told.set()

    return run_painting(lambda: open_database(url, paths.backups, on_upgrade=upgrade_begins), tell_once)


def run_painting(work: Callable[[], T], tick: Callable[[], None] | None = None) -> T:
    """``work()`` on a worker thread while the GUI thread keeps handling events (paints, the
    PIN typed meanwhile) and calls ``tick``; the result, or the exception raised here."""
    done: dict[str, object] = {}

    def run() -> None:
        try:
            done["value"] = work()
        except BaseException as e:  # noqa: BLE001 - raised again on the GUI thread below
            done["error"] = e

    thread = threading.Thread(target=run, name="open database")
    thread.start()
    while thread.is_alive():
        if tick is not None:
            tick()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        thread.join(0.05)
    if "error" in done:
        raise done["error"]  # type: ignore[misc]
    return done["value"]  # type: ignore[return-value]


def start_own_server(paths: DataPaths) -> None:
    """The station's PostgreSQL on this PC, when Settings → 多柜台 says the app starts it."""
    from pos.server.station_server import StationServer

    server = StationServer(paths.root)
    try:
        if server.initialised and server.config().autostart:
            server.start()
    except DomainError as e:  # a station still on its own file must start anyway; one on the server
        log.error("the station database server did not start: %s", e)  # says it cannot reach it


def make_device_hub(db: Database, paths: DataPaths, args: argparse.Namespace) -> DeviceHub:
    """The devices of this start (--scanner/--printer/--scale/--modem, else the saved settings);
    the SMS queue's outcomes are recorded on the notices."""
    from pos.devices.hub import DeviceHub
    from pos.services.clock import system_clock
    from pos.services.hardware import device_settings
    from pos.services.parcels import sms_notices

    return DeviceHub(db, paths, load_config=device_settings.loader(db),
                     scanner_spec=getattr(args, "scanner", None),
                     printer_spec=getattr(args, "printer", None),
                     scale_spec=getattr(args, "scale", None),
                     modem_spec=getattr(args, "modem", None),
                     sms_outcome=sms_notices.recorder(db, system_clock))


def attach_counter(db: Database, paths: DataPaths, args: argparse.Namespace):
    """Which counter this PC is, set on the Database so every unit of work carries it (its print
    jobs, its shifts, its device settings). A PC alone on its SQLite file is its own counter
    without asking; a PC on a shared database asks its name on the first start (or --counter).
    None: the partner gave no name (or there is no screen to ask on); the start stops."""
    from pos.services.clock import system_clock
    from pos.services.station import counters

    t = QCoreApplication.translate
    try:
        counter = counters.resolve(db, paths.counter_file, system_clock, getattr(args, "counter", None))
        if counter is None and db.engine.dialect.name == "sqlite":
            counter = counters.resolve(db, paths.counter_file, system_clock, counters.default_name())
    except DomainError as e:
        tell(t("startup", "Cannot start"), error_text(e))
        return None
    if counter is None:
        counter = ask_counter(db, paths)
    if counter is not None:
        db.counter_id = counter.id
        log.info("this PC is counter %s (%s)", counter.name, counter.id)
    return counter


def ask_counter(db: Database, paths: DataPaths):
    from pos.services.clock import system_clock
    from pos.services.station import counters
    from pos.ui.counter_dialog import CounterNameDialog

    t = QCoreApplication.translate
    if QApplication.platformName() in HEADLESS_PLATFORMS:
        tell(t("startup", "Cannot start"),
             t("startup", "This PC shares the station's database: start it once with --counter NAME to say "
               "which counter it is."))
        return None
    dialog = CounterNameDialog(counters.default_name(),
                               lambda name: counters.resolve(db, paths.counter_file, system_clock, name))
    return dialog.counter if dialog.exec() else None


def check_device_options(args: argparse.Namespace) -> None:
    """A bad --scanner, --printer, --scale or --modem is refused before the devices start
    (DomainError)."""
    from pos.domain.devices.printer_spec import parse_printer_spec
    from pos.domain.devices.scale_spec import parse_modem_spec, parse_scale_spec
    from pos.domain.devices.scanner_spec import parse_scanner_spec

    if getattr(args, "scanner", None):
        parse_scanner_spec(args.scanner)
    if getattr(args, "printer", None):
        parse_printer_spec(args.printer)
    if getattr(args, "scale", None):
        parse_scale_spec(args.scale)
    if getattr(args, "modem", None):
        parse_modem_spec(args.modem)


def freeze_startup_objects() -> None:
    """Keep the garbage collector away from what start-up loaded for good.

    The imports (SQLAlchemy, the models, Qt wrappers) leave some 300 000 objects the collector
    would otherwise walk in every full collection: a 150-400 ms freeze of the window, at random,
    in the middle of a scan. Objects made later are collected as usual.

    No collection first: it would walk all of them once more (about 100 ms before the records
    are ready) to find some 1,100 objects of garbage, 135 KB, mostly the command line's parsers,
    which stay frozen instead.
    """
    gc.freeze()


def _shift_gate(ctx: AppContext):
    """Before money is taken: a shift must be open, or the partner opens one on the spot."""

    def gate(parent) -> bool:
        from pos.ui.shift_prompt import ensure_shift_open  # with the pages, not before the login is painted

        return ensure_shift_open(ctx, parent)

    return gate

class Station:
    """Step 2: the database, the devices and the window's pages; ``stop`` undoes it at exit.

    ``window`` is the login screen already shown (step 1); without one, the window is made here,
    once the saved language is in force, so that every text on it starts in that language.
    """

    def __init__(self, args: argparse.Namespace, paths: DataPaths, translations: Translations,
                 window: MainWindow | None = None) -> None:
        self.args, self.paths, self.translations, self.window = args, paths, translations, window
        self.db: Database | None = None
        self.hub: DeviceHub | None = None
        self.county_sync = None  # pos.ui.county_sync.CountySync once started

    def start(self) -> int | None:
        """None when the window is ready for work, else the exit code (the partner was told why)."""
        from pos.db.engine import sqlite_url
        from pos.services import settings as st
        from pos.services.station import setup as station
        from pos.services.station.auth import AuthService
        from pos.wiring import wire_station
        from pos.ui.backup_job import start_daily_backup
        from pos.ui.context import AppContext

        from pos.db.opening import DatabaseUnavailable

        t = QCoreApplication.translate
        saved = None if self.args.db else read_url(self.paths.root)
        try:
            start_own_server(self.paths)
            self.db = open_station_database(self.args.db or saved or sqlite_url(self.paths.database), self.paths,
                                            on_upgrade=self._tell_upgrading if self.window is not None else None)
        except DatabaseUnavailable as e:
            if saved is None:
                tell(t("startup", "Cannot start"), error_text(e))
                return 1
            # a counter of a shared station: never a fresh local database instead
            tell(t("startup", "Cannot start"),
                 t("startup", "The main counter's database cannot be reached: check that the main PC is on and its "
                   "database server is started, and that this PC is on the station's network; then start again.")
                 + "\n\n" + error_text(e))
            return 1
        except DomainError as e:
            tell(t("startup", "Cannot start"), error_text(e))
            return 1
        if self.db is None:
            return 1
        db = self.db
        if saved is not None and not station.has_station(db):
            tell(t("startup", "Cannot start"),
                 t("startup", "The station database on the main PC holds no station yet. Move the station there on "
                   "the main PC first (village-pos move-to local), then start this counter again."))
            return 1
        if not self.args.lang:
            saved = st.read(db, st.LANGUAGE)
            if saved != self.translations.language:
                self.translations.use(saved)
        try:
            # the carrier rules are read here, once, for every page and service
            wiring = wire_station()
        except DomainError as e:
            tell(t("startup", "Cannot start"), error_text(e))
            return 1
        counter = attach_counter(db, self.paths, self.args)
        if counter is None:
            return 1
        try:
            check_device_options(self.args)
            self.hub = make_device_hub(db, self.paths, self.args)
        except DomainError as e:
            tell(t("startup", "Cannot start"), error_text(e))
            return 2
        if self.args.demo and not station.has_station(db):
            from pos.demo.build import create_demo  # only for --demo: keeps start-up light

            create_demo(db, wiring.rules)
        ctx = AppContext(db=db, paths=self.paths, auth=AuthService(db), translations=self.translations,
                         devices=self.hub, wiring=wiring, counter=counter)
        ctx.money_gate = _shift_gate(ctx)  # no money outside a shift
        if self.window is None:
            self.window = MainWindow()
        from pos.ui.county_sync import CountySync

        self.county_sync = ctx.county_sync = CountySync(db, self.paths, self.window)
        self.window.attach(ctx)
        self.hub.start()
        self.county_sync.text_changed.connect(self.window.status.set_county_status)
        self.county_sync.refresh()
        self.county_sync.start()
        start_daily_backup(ctx, self.window)
        freeze_startup_objects()
        log.info("station ready")
        return None

    def _tell_upgrading(self) -> None:
        """The login screen says why it waits."""
        if self.window is not None:
            self.window.login_page.show_upgrading()

    def stop(self) -> None:
        # a backup still running must finish before the database goes away
        QThreadPool.globalInstance().waitForDone()
        if self.county_sync is not None:
            self.county_sync.stop()
        if self.hub is not None:
            self.hub.stop()
        if self.db is not None:
            self.db.dispose()


class _FirstPaint(QObject):
    """Calls back once, right after the watched widget's first paint has been flushed."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget, self._callback = widget, callback
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # a zero timer runs after the paint pass: the screen is up before the heavy work
            QTimer.singleShot(0, self._callback)
        return False


class BehindLogin:
    """Step 2 behind a painted login screen: imports on a worker thread, then ``Station.start``."""

    POLL_MS = 15

    def __init__(self, app: QApplication, station: Station, prefetch: tuple[str, ...] = PREFETCH) -> None:
        self.app, self.station, self.prefetch = app, station, prefetch
        self.exit_code: int | None = None
        self._thread: threading.Thread | None = None
        self._poll = QTimer()
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._check_thread)

    def after_first_paint(self, widget: QWidget) -> None:
        self._watch = _FirstPaint(widget, self._begin)

    def _begin(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._thread = threading.Thread(target=self._import_all, name="start-up imports", daemon=True)
        self._thread.start()
        self._poll.start()

    def _import_all(self) -> None:
        for name in self.prefetch:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the GUI thread imports it again and reports it there
                log.exception("prefetching %s failed", name)

    def _check_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._poll.stop()
        try:
            self.exit_code = self.station.start()
        finally:
            QApplication.restoreOverrideCursor()
        if self.exit_code is not None:
            self.app.exit(self.exit_code)


def run_gui(args: argparse.Namespace) -> int:
    app = make_qapp()
    collector = GuiThreadCollector()  # before any thread of ours starts
    try:
        return _run_gui(app, args)
    finally:
        collector.stop()


def _run_gui(app: QApplication, args: argparse.Namespace) -> int:
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
    try:
        install_crash_hook(paths.log_file)
        log.info("starting village-pos %s, data folder %s", __version__, paths.root)
        # only a station's own SQLite file can be read ahead; --db and a first start take step 2 first
        ahead = None if args.db or read_url(paths.root) else peek_station(paths.database)
        if ahead is not None and not args.lang and ahead.language:
            translations.use(ahead.language)
        station = Station(args, paths, translations, MainWindow() if ahead is not None else None)
        try:
            if ahead is not None:
                behind = BehindLogin(app, station)
                station.window.show_login_waiting(ahead.name)
                station.window.show_remembered(paths)
                behind.after_first_paint(station.window.login_page)
                code = app.exec()
                return behind.exit_code if behind.exit_code is not None else code
            code = station.start()
            if code is not None:
                return code
            station.window.show_remembered(paths)
            return app.exec()
        finally:
            station.stop()
    finally:
        lock.release()
