"""The one window: set-up on first start, then login, then the workspace; locks when idle.

The window can exist before the station's records are open (``MainWindow()`` then ``attach``):
pos.app paints the login screen first and loads the database, devices and pages behind it. So
only the login screen and the status bar are imported here at module level.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from pos.ui.login_page import LoginPage
from pos.ui.status_bar import StationStatusBar

if TYPE_CHECKING:
    from pos.domain.users import Operator
    from pos.ui.context import AppContext
    from pos.ui.setup_page import SetupPage
    from pos.ui.workspace import PageFactory, Workspace


log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext | None = None, factories: dict[str, PageFactory] | None = None) -> None:
        super().__init__()
        self.ctx: AppContext | None = None
        self.factories = factories
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Village Station POS"))
        self.resize(1100, 720)
        self.setMinimumSize(760, 560)  # a 1024x768 screen leaves room; an 800x600 one too
        self.stack = QStackedWidget()
        # shown while the database server cannot be reached: nothing can be recorded until it is back
        self.banner = QLabel()
        self.banner.setObjectName("connection_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel#connection_banner { background: #b3261e; color: white; font-weight: bold;"
                                  " font-size: 16pt; padding: 10px; }")
        self.banner.hide()
        # shown while the disk is getting full (pos.ui.disk_watch): amber in time, red when urgent
        self.disk_banner = QLabel()
        self.disk_banner.setObjectName("disk_banner")
        self.disk_banner.setWordWrap(True)
        self.disk_banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.disk_banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.watch = None
        self.disk = None
        self.status = StationStatusBar()
        self.setStatusBar(self.status)
        self.setup_page: SetupPage | None = None
        self.workspace: Workspace | None = None
        self.login_page: LoginPage | None = LoginPage()
        self.login_page.logged_in.connect(self._logged_in)
        self.stack.addWidget(self.login_page)
        self.paths = None  # set by show_remembered: where the window's size and place are kept
        if ctx is not None:
            self.attach(ctx)

    def show_login_waiting(self, station_name: str) -> None:
        """The login screen before the records are open (pos.app), with the name read ahead."""
        self.login_page.set_station_name(station_name)
        self._set_station(station_name)
        self.stack.setCurrentWidget(self.login_page)
        log.info("login screen shown")

    def attach(self, ctx: AppContext, factories: dict[str, PageFactory] | None = None) -> None:
        """Wire the opened station: function keys, idle lock, scans, devices and every page."""
        from pos.services import settings as st
        from pos.services.station import setup as station
        from pos.ui.function_keys import FunctionKeys
        from pos.ui.idle_watch import IdleWatch
        from pos.ui.page_factories import page_factories
        from pos.ui.page_registry import page_specs
        from pos.ui.scan_router import ScanRouter
        from pos.ui.shortcut_claim import install_shortcut_claim

        self.ctx = ctx
        if factories is not None:
            self.factories = factories
        if self.factories is None:
            self.factories = page_factories()
        waiting = self.stack.currentWidget() is self.login_page and self.isVisible()
        self.idle = IdleWatch(int(st.read(ctx.db, st.IDLE_LOCK_MINUTES)), parent=self)
        self.idle.idle.connect(lambda: self.lock(reason="idle"))
        QApplication.instance().installEventFilter(self.idle)
        ctx.session.operator_changed.connect(self.status.set_operator)

        self.fkeys = FunctionKeys(self, {s.fkey: s.key for s in page_specs()}, self._go,
                                  lambda: self.lock(reason="logout"), self.show_help)
        QApplication.instance().installEventFilter(self.fkeys)
        install_shortcut_claim()

        self.scans = ScanRouter(self._scan_target, self)
        self.scans.refused.connect(self.status.show_alert)
        if ctx.devices is not None:
            ctx.devices.scanned.connect(self.scans.route)
            ctx.devices.scanner_status.connect(self.status.set_scanner_status)
            self.status.set_printer_status(ctx.devices.printer_status_text)
            ctx.devices.printer_status.connect(self.status.set_printer_status)
            ctx.devices.scale_status.connect(self.status.set_scale_status)
            ctx.devices.modem_status.connect(self.status.set_modem_status)
            ctx.devices.preview_ready.connect(self._show_preview)

        self._watch_connection(ctx)
        self._watch_disk(ctx)

        # the login screen the partner may already be typing into stays as it is
        self._build(keep_login=waiting)
        has_station = station.has_station(ctx.db)
        if waiting:
            self.login_page.attach(ctx, check_waiting=has_station)
        if not has_station:
            self.show_setup()
        elif not waiting:
            self.show_login()

    def _watch_connection(self, ctx: AppContext) -> None:
        """This counter's name, the other counters' state, and the banner of a lost server."""
        from pos.ui.connection_watch import ConnectionWatch

        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        if ctx.counter is None:
            return
        self.status.set_counter(ctx.counter.name)
        self.watch = ConnectionWatch(ctx, parent=self)
        self.watch.lost.connect(self.show_connection_lost)
        self.watch.restored.connect(self.banner.hide)
        self.watch.counters_seen.connect(lambda cs: self.status.set_other_counters(cs, ctx.counter.id))
        self.watch.start()

    def _watch_disk(self, ctx: AppContext) -> None:
        from pos.ui.disk_watch import DiskWatch

        if self.disk is not None:
            self.disk.stop()
        self.disk = DiskWatch(ctx, parent=self)
        self.disk.changed.connect(self.show_disk_warning)
        self.disk.start()

    def show_disk_warning(self, text: str, level: str) -> None:
        from pos.services.station.disk_room import FULL

        colours = "background: #b3261e; color: white;" if level == FULL else "background: #fff4ce; color: #5c3c00;"
        self.disk_banner.setStyleSheet(f"QLabel#disk_banner {{ {colours} font-weight: bold; font-size: 13pt;"
                                       " padding: 8px; }")
        self.disk_banner.setText(text)
        self.disk_banner.setVisible(bool(text))

    def show_connection_lost(self) -> None:
        self.banner.setText(QCoreApplication.translate(
            "MainWindow", "The connection to the station's database server (the main PC) is lost. Nothing can be "
            "recorded until it is back: check the network cable and that the main PC is on. This message goes away "
            "by itself when the connection returns."))
        self.banner.show()

    # construction ------------------------------------------------------------------------------
    def _build(self, keep_login: bool = False) -> None:
        """(Re)create the screens; a language switch rebuilds them so every text is retranslated."""
        from pos.services.station import setup as station
        from pos.ui.setup_page import SetupPage
        from pos.ui.workspace import Workspace

        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Village Station POS"))
        rebuilt = (self.setup_page, self.workspace) if keep_login else (self.setup_page, self.login_page, self.workspace)
        for w in rebuilt:
            if w is not None:
                self.stack.removeWidget(w)
                w.deleteLater()
        self.setup_page = SetupPage(self.ctx)
        self.setup_page.station_created.connect(self._station_created)
        self.setup_page.joined.connect(self._restart_after_joining)
        if not keep_login:
            self.login_page = LoginPage(self.ctx)
            self.login_page.logged_in.connect(self._logged_in)
        self.workspace = Workspace(self.ctx, self.factories)
        self.workspace.logout_requested.connect(lambda: self.lock(reason="logout"))
        self.workspace.page_built.connect(self._page_built)  # the pages come after the window
        for w in (self.setup_page, self.login_page, self.workspace):
            if self.stack.indexOf(w) < 0:
                self.stack.addWidget(w)
        self.status.set_operator(self.ctx.operator)
        view = station.get_station(self.ctx.db)
        self._set_station(view.name if view else "")

    def _page_built(self, key: str, page: QWidget) -> None:
        if key == "settings":
            page.general_tab.language_chosen.connect(self.change_language)
            page.general_tab.idle_minutes_changed.connect(self.idle.set_minutes)
            page.station_tab.station_changed.connect(self.status.set_station)
            page.backup_tab.restart_required.connect(self._restart_after_restore)

    def _set_station(self, name: str) -> None:
        # the name goes in the title bar: the status bar of a 1024 px wide screen has no room for it
        self.status.set_station(name)
        title = QCoreApplication.translate("MainWindow", "Village Station POS")
        self.setWindowTitle(f"{name} — {title}" if name else title)

    # states ------------------------------------------------------------------------------------
    def show_setup(self) -> None:
        self.stack.setCurrentWidget(self.setup_page)
        self.setup_page.setFocus()

    def show_login(self) -> None:
        self.idle.disarm()
        self.stack.setCurrentWidget(self.login_page)
        self.login_page.reset()
        log.info("login screen shown")

    def _station_created(self, owner: Operator) -> None:
        from pos.services.station import setup as station

        view = station.get_station(self.ctx.db)
        self._set_station(view.name if view else "")
        self._logged_in(owner)

    def _logged_in(self, op: Operator) -> None:
        from pos.services import settings as st

        self.ctx.session.set_operator(op)
        settings = self.workspace.pages.built.get("settings")
        if settings is not None:  # not yet built: it reads everything when it is
            settings.refresh()
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.show_page(self.workspace.current_key())
        self.idle.set_minutes(int(st.read(self.ctx.db, st.IDLE_LOCK_MINUTES)))
        self.idle.arm()

    def lock(self, reason: str = "logout") -> None:
        op = self.ctx.operator
        if op is None:
            return
        self.ctx.auth.logout(op, reason)
        self.ctx.session.set_operator(None)
        # close any dialog left open, so the next person does not find it
        for w in QApplication.topLevelWidgets():
            if w is not self and w.isVisible() and w.isModal():
                w.close()
        self.show_login()

    def is_logged_in(self) -> bool:
        return self.ctx.operator is not None and self.stack.currentWidget() is self.workspace

    def _go(self, key: str) -> None:
        if self.is_logged_in() and QApplication.activeModalWidget() is None:
            self.workspace.show_page(key)

    def show_help(self) -> None:
        """F1: the panel of the screen on show (a page, the login screen or the set-up form)."""
        from pos.ui.help_panel import HelpDialog, keys_of, login_keys

        # F1 reaches here only with the focus in this window: an open dialog takes keys itself
        t = QCoreApplication.translate
        if self.is_logged_in():
            key = self.workspace.current_key()
            spec = next(s for s in self.workspace.specs if s.key == key)
            dlg = HelpDialog(spec.title, spec.plan, keys_of(self.workspace.current_page()), self)
        elif self.stack.currentWidget() is self.setup_page:
            dlg = HelpDialog(t("help", "Setting up the station"),
                             t("help", "Fill in the station's name, address and phone, the owner's name and a "
                               "PIN of 4 to 8 digits (6 is safer), then press Enter."),
                             [("Tab", t("help", "Next field")), ("Enter", t("help", "Create the station"))],
                             self, with_global=False)
        else:
            dlg = HelpDialog(t("help", "Log in"),
                             t("help", "Type your PIN and press Enter. After five wrong PINs the login is "
                               "locked for a while; ask the owner."), login_keys(), self, with_global=False)
        self.help_dialog = dlg
        dlg.open()

    def still_open(self) -> str:
        """What closing the app now would leave open, in words; empty when nothing is."""
        from pos.services.shifts import drawer
        from pos.ui.time_format import local_text

        if self.ctx is None:
            return ""
        shift = drawer.current_shift(self.ctx.db)
        if shift is None:
            return ""
        return self.tr("Shift {number} is still open (opened {at} by {who}). Its cash has not been counted: "
                       "count it and close the shift on the Shift page (F6), or it stays open until the "
                       "next start.").format(number=shift.number, at=local_text(shift.opened_at, "%m-%d %H:%M"),
                                              who=shift.opened_by)

    def ask_close(self, what: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Close the app?"),
                          what + "\n\n" + self.tr("Close the app anyway?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Close anyway"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep working"))
        return box.exec() == QMessageBox.StandardButton.Yes

    def _restart_after_restore(self) -> None:
        QMessageBox.information(
            self,
            self.tr("Backup restored"),
            self.tr("The backup was restored. The app will now close; please start it again."),
        )
        self.close()
        QApplication.quit()

    def _restart_after_joining(self) -> None:
        # the database this window has open is the empty local one: the next start opens the main PC's
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Joined the station"),
                          self.tr("This PC is now a counter of the station on the main PC. The app will now "
                                  "close; start it again and give this counter a name."),
                          QMessageBox.StandardButton.Ok, self)
        self.joined_box = box  # tests answer it
        box.exec()
        self.close()
        QApplication.quit()

    def _scan_target(self) -> QWidget | None:
        return self.workspace.current_page() if self.is_logged_in() else None

    def _show_preview(self, image) -> None:
        # beside the page in the page bar: a window here covered the pickup code and took the keys
        if self.workspace is not None:
            self.workspace.preview.show_image(image)
            self.status.showMessage(self.workspace.preview.note, 10000)

    def change_language(self, lang: str) -> None:
        self.ctx.translations.use(lang)
        current = self.workspace.current_key() if self.workspace else "settings"
        self._build()
        if self.disk is not None:
            self.disk.retranslate()
        if self.ctx.operator is not None:
            self.stack.setCurrentWidget(self.workspace)
            self.workspace.show_page(current)
        else:
            self.show_login()

    def show_remembered(self, paths) -> None:
        """Show at the size and place the partner left it, else maximised: many station PCs have
        1024x768 screens, where a fixed size would put the right edge off screen."""
        from pos.ui.window_geometry import restore_geometry

        self.paths = paths
        if restore_geometry(self, paths):
            self.show()
        else:
            self.showMaximized()

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # focus asked for before the window was visible is lost; give it to the screen's field
        self.stack.currentWidget().setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Alt+F4 or the title bar's X (spontaneous): ask when work is left open; the app's own
        # close() after a restore, or a test's, is not asked about
        if event.spontaneous():
            what = self.still_open()
            if what and not self.ask_close(what):
                event.ignore()
                return
        if self.paths is not None:
            from pos.ui.window_geometry import save_geometry

            save_geometry(self, self.paths)
        if self.ctx is not None and self.ctx.operator is not None:
            self.ctx.auth.logout(self.ctx.operator, "closed")
            self.ctx.session.set_operator(None)
        if self.ctx is not None:
            QApplication.instance().removeEventFilter(self.idle)
            QApplication.instance().removeEventFilter(self.fkeys)
        super().closeEvent(event)
