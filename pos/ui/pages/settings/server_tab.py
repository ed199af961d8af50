"""Settings → 多柜台: the station's database server on this PC, and the code that pairs another
counter with it (owner only). The work itself is pos.server's; this tab runs it in the background
because creating the server (initdb) takes some seconds."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.i18n import error_text
from pos.server.station_server import StationServer
from pos.server.urls import shown
from pos.ui.backup_job import BackgroundJob
from pos.ui.fonts import big_font
from pos.ui.owner_approval import require_owner


class ServerTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.server = StationServer(ctx.paths.root)
        self.job: BackgroundJob | None = None
        intro = QLabel(self.tr(
            "A station with two or more counters keeps its records in one PostgreSQL database, run by the main PC. "
            "Start the server here on the main PC, move the station onto it (close the app, then run "
            "village-pos move-to local), then pair each other counter with the code shown here."))
        intro.setWordWrap(True)
        self.using = QLabel()
        self.using.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.start_button = QPushButton(self.tr("&Start the server"))
        self.start_button.clicked.connect(self.start_server)
        self.stop_button = QPushButton(self.tr("S&top the server"))
        self.stop_button.clicked.connect(self.stop_server)
        self.pair_button = QPushButton(self.tr("Show a &pairing code"))
        self.pair_button.clicked.connect(self.show_code)
        self.autostart = QCheckBox(self.tr("Start the server &with the app on this PC"))
        self.autostart.clicked.connect(self.set_autostart)
        self.code = QLabel()
        self.code.setFont(big_font(self.font(), 1.6))
        self.code.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.stop_button, self.pair_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        for w in (intro, self.using, self.state):
            lay.addWidget(w)
        lay.addLayout(buttons)
        lay.addWidget(self.autostart)
        lay.addWidget(self.code)
        lay.addWidget(self.message)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        url = self.ctx.db.engine.url
        if url.get_backend_name() == "sqlite":
            self.using.setText(self.tr("This counter uses its own file: {path}").format(path=url.database))
        else:
            self.using.setText(self.tr("This counter uses the station database {url}").format(
                url=shown(url.render_as_string(hide_password=False))))
        self._show_status()

    def _show_status(self) -> None:
        try:
            st = self.server.status()
            autostart = st.initialised and self.server.config().autostart
        except DomainError as e:
            self.state.setText(error_text(e))
            st, autostart = None, False
        if st is None or not st.initialised:
            self.state.setText(self.tr("No station database server on this PC yet."))
        elif st.running:
            self.state.setText(self.tr("The station database server runs on this PC at {address}:{port}.").format(
                address=st.address, port=st.port))
        else:
            self.state.setText(self.tr("The station database server on this PC is stopped (port {port}).").format(
                port=st.port))
        running = bool(st and st.running)
        idle = self.job is None
        self.start_button.setEnabled(idle and not running)
        self.stop_button.setEnabled(idle and running)
        self.pair_button.setEnabled(idle and running)
        self.autostart.setEnabled(idle and bool(st and st.initialised))
        self.autostart.setChecked(autostart)

    def _owner(self, action: str, key: str) -> bool:
        return require_owner(self.ctx, self, action, key) is not None

    def _run(self, work, done_text: str) -> BackgroundJob:
        self.job = BackgroundJob(work, self)
        self.message.setText(self.tr("Working…"))
        self._show_status()

        def finished(result) -> None:
            self.job = None
            self.message.setText(done_text)
            if isinstance(result, str):
                self.show_code_text(result)
            self._show_status()

        def failed(e) -> None:
            self.job = None
            self.message.setText(error_text(e))
            self._show_status()

        self.job.finished.connect(finished)
        self.job.failed.connect(failed)
        self.job.start()
        return self.job

    def start_server(self) -> BackgroundJob | None:
        if not self._owner(self.tr("start the station database server"), "server.start"):
            return None
        self.code.clear()
        return self._run(self.server.start, self.tr("The server is running."))

    def stop_server(self) -> BackgroundJob | None:
        if not self._owner(self.tr("stop the station database server"), "server.stop"):
            return None
        self.code.clear()
        return self._run(self.server.stop, self.tr("The server is stopped: the other counters cannot work until "
                                                   "it runs again."))

    def show_code(self) -> BackgroundJob | None:
        if not self._owner(self.tr("pair another counter"), "server.pair"):
            return None
        return self._run(self.server.new_pairing_code, self.tr("The code works once, for 30 minutes."))

    def show_code_text(self, code: str) -> None:
        st = self.server.status()
        self.code.setText(self.tr("On the other counter: village-pos pair {address}:{port} {code}").format(
            address=st.address, port=st.port, code=code))

    def set_autostart(self, on: bool) -> None:
        if not self._owner(self.tr("change how the server starts"), "server.autostart"):
            self._show_status()
            return
        try:
            self.server.set_autostart(on)
        except DomainError as e:
            self.message.setText(error_text(e))
        self._show_status()
