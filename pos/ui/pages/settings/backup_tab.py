"""Settings → Backups: the list of backups, back up now, restore (owner), the second folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QProgressBar,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from pos.i18n import error_text
from pos.services.station import backups
from pos.services import settings as st
from pos.ui.backup_job import BackgroundJob, result_text
from pos.ui.owner_approval import require_owner
from pos.ui.time_format import local_text


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, size // 1024)} KB"


class BackupTab(QWidget):
    restart_required = Signal()  # a restore finished: the app must quit and be started again

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: BackgroundJob | None = None
        self.sqlite = backups.is_sqlite(ctx.db.engine.url)
        intro = QLabel(self.tr("The database is backed up at every shift close and once a day at start. "
                               "The newest {keep} of these are kept in each folder; copies made before an "
                               "upgrade or a restore are kept too (an upgrade tried again keeps only its "
                               "newest copy).").format(keep=backups.KEEP))
        intro.setWordWrap(True)
        self.folder_label = QLabel(self.tr("Folder: {path}").format(path=str(ctx.paths.backups)))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Kind"), self.tr("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.backup_button = QPushButton(self.tr("&Back up now"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("&Restore selected…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the online backup API gives no useful percentage
        self.progress.hide()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.second = QLineEdit()
        self.second.setReadOnly(True)
        self.second.setPlaceholderText(self.tr("not set"))
        self.choose_button = QPushButton(self.tr("C&hoose…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.clear_button = QPushButton(self.tr("Do not copy"))
        self.clear_button.clicked.connect(lambda: self.set_second_folder(""))
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        second_row = QHBoxLayout()
        second_row.addWidget(QLabel(self.tr("Second folder (USB stick)")))
        second_row.addWidget(self.second, 1)
        second_row.addWidget(self.choose_button)
        second_row.addWidget(self.clear_button)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        if not self.sqlite:
            note = QLabel(self.tr("This station uses PostgreSQL: backups are made with pg_dump. To restore one, "
                                  "close the app on every counter and run village-pos restore FILE on the main PC."))
            note.setWordWrap(True)
            lay.addWidget(note)
        lay.addWidget(self.folder_label)
        lay.addWidget(self.table, 1)
        lay.addLayout(actions)
        lay.addWidget(self.progress)
        lay.addWidget(self.result)
        lay.addLayout(second_row)
        self.load()

    # showing --------------------------------------------------------------------------------------
    def kind_text(self, kind: str) -> str:
        return {
            "daily": self.tr("Daily"),
            "shift": self.tr("Shift close"),
            "manual": self.tr("By hand"),
            "before-restore": self.tr("Before a restore"),
            "before-upgrade": self.tr("Before an upgrade"),
            "replaced": self.tr("Damaged database that was replaced"),
        }.get(kind, self.tr("Other"))

    def load(self) -> None:
        self.items = backups.list_backups(self.ctx.paths.backups)
        self.table.setRowCount(len(self.items))
        for row, info in enumerate(self.items):
            cells = (local_text(info.at, "%Y-%m-%d %H:%M:%S"), self.kind_text(info.kind), size_text(info.size))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(info.path.name)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        if self.items:
            self.table.selectRow(0)
        self.second.setText(backups.read_second_folder(self.ctx.db))
        self._enable(True)

    def _enable(self, idle: bool) -> None:
        for b in (self.backup_button, self.choose_button, self.clear_button):
            b.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.sqlite and bool(self.items))
        self.progress.setVisible(not idle)

    def selected(self) -> backups.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    # backing up -----------------------------------------------------------------------------------
    def back_up_now(self) -> BackgroundJob:
        url, paths, second = self.ctx.db.engine.url, self.ctx.paths, self.second.text()
        self.result.setText(self.tr("Backing up the database…"))
        self._enable(False)
        job = BackgroundJob(lambda: backups.take_backup(paths, url, backups.MANUAL, second), self)
        job.finished.connect(self._backed_up)
        job.failed.connect(self._failed)
        self.job = job.start()
        return self.job

    def _backed_up(self, result) -> None:
        self.load()
        self.result.setText(result_text(result))
        self.backup_button.setFocus()

    def _failed(self, err) -> None:
        self.load()
        self.result.setText(error_text(err))

    # restoring ------------------------------------------------------------------------------------
    def _confirm(self, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Restore a backup"), text, parent=self)
        yes = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)  # the safe answer is the one Enter gives
        box.exec()
        return box.clickedButton() is yes

    def restore_selected(self) -> BackgroundJob | None:
        info = self.selected()
        if info is None:
            return None
        owner = require_owner(self.ctx, self, self.tr("restore a backup"), "backups.restore")
        if owner is None:
            return None
        when = local_text(info.at, "%Y-%m-%d %H:%M:%S")
        if not self._confirm(self.tr("Replace the station database with the backup of {time}? Everything "
                                     "recorded after it is undone. The current database is kept as a backup "
                                     "first. The app closes afterwards: start it again.").format(time=when)):
            return None
        url, paths, db = self.ctx.db.engine.url, self.ctx.paths, self.ctx.db
        self.result.setText(self.tr("Restoring…"))
        self._enable(False)
        job = BackgroundJob(lambda: backups.restore_backup(paths, url, info.path, live_db=db, operator=owner), self)
        job.finished.connect(self._restored)
        job.failed.connect(self._failed)
        self.job = job.start()
        return self.job

    def _restored(self, result) -> None:
        self.result.setText(self.tr("Restored from {name}. The app closes now: please start it again.").format(
            name=result.restored_from.name))
        self.restore_button.setEnabled(False)
        self.backup_button.setEnabled(False)
        self.restart_required.emit()

    # the second folder ----------------------------------------------------------------------------
    def choose_folder(self) -> None:
        start = self.second.text() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Second backup folder"), start)
        if folder:
            self.set_second_folder(folder)

    def set_second_folder(self, folder: str) -> bool:
        owner = require_owner(self.ctx, self, self.tr("change where backups are copied"), "backups.second_folder")
        if owner is None:
            return False
        st.save(self.ctx.db, owner, {backups.SECOND_FOLDER: folder})
        self.second.setText(folder)
        self.result.setText(self.tr("Backups will also be copied to {folder}.").format(folder=folder) if folder
                            else self.tr("Backups are kept in the data folder only."))
        return True
