"""Settings → 县级中心: link the station to its county centre (address and one-time code), see the
link (last sync, changes still to send, what the county set) and unlink. The exchange with the
county runs on the thread pool: the counter never waits for the network."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from pos.services import audit
from pos.sync.client import SyncClient, SyncError, link_state
from pos.ui.backup_job import BackgroundJob
from pos.ui.owner_approval import require_owner
from pos.ui.time_format import local_text


class CountyTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: BackgroundJob | None = None
        intro = QLabel(self.tr("Link this station to its county operations centre with the address and the "
                               "one-time code the county gave you. The station then sends what it records "
                               "in the background (phones and names masked) and receives manifests."))
        intro.setWordWrap(True)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://county.example.cn")
        self.code = QLineEdit()
        self.code.setPlaceholderText("K7QX-M3PA-9TWE")
        self.code.returnPressed.connect(self.link)
        self.link_button = QPushButton(self.tr("&Link"))
        self.link_button.clicked.connect(self.link)
        self.sync_button = QPushButton(self.tr("S&ync now"))
        self.sync_button.clicked.connect(self.sync_now)
        self.unlink_button = QPushButton(self.tr("&Unlink…"))
        self.unlink_button.clicked.connect(self.unlink)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.result = QLabel()
        self.result.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("County centre address"), self.url)
        form.addRow(self.tr("Enrolment code"), self.code)
        buttons = QHBoxLayout()
        for b in (self.link_button, self.sync_button, self.unlink_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addLayout(buttons)
        lay.addWidget(self.state)
        lay.addWidget(self.result)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        st = link_state(self.ctx.db)
        linked = st.linked
        self.url.setEnabled(not linked)
        self.code.setEnabled(not linked)
        self.link_button.setEnabled(not linked or st.revoked)
        self.sync_button.setEnabled(linked and not st.revoked)
        self.unlink_button.setEnabled(linked)
        if linked:
            self.url.setText(st.county_url)
            self.code.clear()
        if not linked:
            self.state.setText(self.tr("Not linked to a county centre."))
            return
        last = local_text(st.last_sync_at, "%Y-%m-%d %H:%M") if st.last_sync_at else self.tr("not yet")
        lines = [self.tr("Linked to {url} as {name}.").format(url=st.county_url, name=st.station_name),
                 self.tr("Last successful sync: {time}. Changes still to send: {n}.").format(time=last, n=st.pending)]
        if st.revoked:
            lines.append(self.tr("The county revoked this station's key: ask the county centre for a new code, "
                                 "then link again."))
            self.url.setEnabled(True)
            self.code.setEnabled(True)
        elif st.last_error:
            lines.append(self.tr("Last problem: {reason}").format(reason=st.last_error))
        if st.settings:
            lines.append(self.tr("Set by the county (not changed here): {keys}").format(
                keys=", ".join(sorted(st.settings))))
        self.state.setText("\n".join(lines))

    def _client(self) -> SyncClient:
        return SyncClient(self.ctx.db, self.ctx.paths.root)

    def link(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.result.setText(self.tr("Type the county centre's address and the enrolment code."))
            (self.url if not url else self.code).setFocus()
            return
        if self.job is not None:
            return
        owner = require_owner(self.ctx, self, self.tr("link the station to a county centre"), "county_link")
        if owner is None:
            return
        self.result.setText(self.tr("Linking…"))
        self.link_button.setEnabled(False)
        client = self._client()
        self.job = BackgroundJob(lambda: client.link(url, code), self)
        self.job.finished.connect(lambda name: self._linked(owner, url, name))
        self.job.failed.connect(self._failed)
        self.job.start()

    def _linked(self, owner, url: str, name: object) -> None:
        self.job = None
        audit.record_action(self.ctx.db, owner, audit.COUNTY_LINKED, url)
        self.result.setText(self.tr("Linked as {name}. Everything the station holds is now being sent.").format(
            name=name))
        self.load()
        self.sync_now()

    def _failed(self, e: object) -> None:
        self.job = None
        reason = e.message if isinstance(e, SyncError) else str(e)
        self.result.setText(self.tr("Linking failed: {reason}").format(reason=reason))
        self.load()

    def sync_now(self) -> None:
        if self.ctx.county_sync is not None:
            self.ctx.county_sync.sync_now()
            self.result.setText(self.tr("Syncing in the background."))

    def unlink(self) -> None:
        owner = require_owner(self.ctx, self, self.tr("unlink the station from the county centre"), "county_unlink")
        if owner is None:
            return
        if QMessageBox.question(self, self.tr("Unlink"), self.tr(
                "Stop syncing with the county centre and forget the station key? Changes not yet sent stay "
                "at the station only.")) != QMessageBox.StandardButton.Yes:
            return
        self._client().unlink()
        audit.record_action(self.ctx.db, owner, audit.COUNTY_UNLINKED, "")
        self.result.setText(self.tr("Unlinked."))
        self.load()
        if self.ctx.county_sync is not None:
            self.ctx.county_sync.unlinked()
