"""Parcel check-in (F2): scan, type the phone, Enter; the label prints and focus is back for the
next scan. In batch mode a pile is scanned first and the phones are typed afterwards.

Scans go through one queue: a scan that arrives while the partner is typing a phone number or
answering a question waits its turn and is never dropped (a burst of 20 scans a second happens
when a courier's pile is scanned in batch mode).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from pos.domain import speech_text
from pos.domain.errors import DomainError
from pos.domain.receipt import Document
from pos.services.parcels import checkin
from pos.services.parcels.checkin import CheckinResult, ParcelView, Recipient, ScanOutcome
from pos.services.clock import Clock, system_clock
from pos.ui.context import AppContext
from pos.ui.fonts import big_font, hold_line_height
from pos.ui.pages.checkin.labels import LabelPrinter
from pos.ui.pages.checkin.pickers import CarrierPickerDialog, HistoryDialog, carrier_name
from pos.ui.pages.checkin.recent_list import ResultPanel
from pos.ui.pages.checkin.recipient_form import RecipientForm
from pos.ui.pages.checkin.recipient_step import RecipientStep
from pos.ui.pages.checkin.scan_bar import ScanBar
from pos.ui.pages.checkin.today_lists import TodayLists
from pos.ui.widgets.form_error import FormError


@dataclass(frozen=True)
class Current:
    """The parcel whose phone is being typed: a new scan, or an awaiting parcel to complete."""

    outcome: ScanOutcome | None
    carrier: str
    again: bool = False
    remember: bool = False
    awaiting: ParcelView | None = None

    @property
    def number(self) -> str:
        return self.awaiting.waybill if self.awaiting else self.outcome.number  # type: ignore[union-attr]


class CheckinPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.rules = ctx.wiring.rules
        self.queue: deque[str] = deque()
        self.current: Current | None = None
        self.dialog: QDialog | None = None  # the question on screen; scans wait while it is up
        self.last_result: CheckinResult | None = None
        self.labels = LabelPrinter(ctx, clock, self.rules, lambda: self.lang, lambda e: self._say(error=e))
        self._build()
        self._shortcuts()
        self.refresh()

    # construction --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.bar = ScanBar()
        self.scan, self.slot, self.batch = self.bar.scan, self.bar.slot, self.bar.batch
        self.batch.toggled.connect(lambda _on: self._after_mode_change())
        self.bar.notices_button.clicked.connect(self.open_notices)
        self.scan.returnPressed.connect(self._typed_scan)
        self.message = FormError()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setFont(big_font(self.font(), 1.1, bold=False))
        hold_line_height(self.info)  # it is cleared at each scan and filled at each check-in
        self.form = RecipientForm()
        self.recipient = RecipientStep(self.ctx, self.form, self.commit, self._ask, self)
        self.form.cancelled.connect(self.cancel_current)
        self.result = ResultPanel()
        self.result.fit_carriers([self.carrier_text(code) for code in self.rules.carriers])
        self.recent, self.awaiting = self.result.recent, self.result.awaiting
        self.result.undo_button.clicked.connect(self.ask_undo)
        self.result.reprint_button.clicked.connect(self.reprint)
        self.awaiting.chosen.connect(self.complete_awaiting)
        # the form and the last pickup code take turns in one place: nothing below moves when the
        # form comes and goes (a moved widget is repainted whole), and no empty band is left
        self.stage = QStackedWidget()
        self.stage.addWidget(self.result.code_box)
        self.stage.addWidget(self.form)
        self.lists = TodayLists(self.ctx.db, self.clock, self.rules, lambda: self.lang, self.bar, self.result)
        lay = QVBoxLayout(self)
        for w in (self.bar, self.message, self.info, self.stage):
            lay.addWidget(w)
        lay.addWidget(self.result, 1)

    def _shortcuts(self) -> None:
        keys: list[tuple[str, Callable[[], None]]] = [
            ("Ctrl+Z", self.ask_undo), ("Ctrl+B", self.batch.toggle), ("Ctrl+N", self.open_notices),
            ("Ctrl+K", self.change_carrier), ("Ctrl+P", self.reprint), ("Ctrl+G", self.focus_awaiting),
        ]
        for key, slot in keys:
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.scan.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        # Ctrl+Z in the empty waybill field undoes the last check-in, not the field's typing
        if (obj is self.scan and event.type() == QEvent.Type.ShortcutOverride and not self.scan.text()
                and event.matches(QKeySequence.StandardKey.Undo)):
            event.ignore()
            return True
        return super().eventFilter(obj, event)

    @property
    def lang(self) -> str:
        return getattr(self.ctx.translations, "language", "zh_CN")

    def carrier_text(self, code: str) -> str:
        return carrier_name(self.rules, code, self.lang)

    @property
    def last_label(self) -> Document | None:
        return self.labels.last

    # page protocol ---------------------------------------------------------------------------------
    def help_keys(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Scan"), self.tr("Check in the parcel: its waybill goes into the scan field wherever the cursor is")),
            ("Enter", self.tr("Confirm the phone and name, shelve the parcel and print its label")),
            ("Ctrl+Z", self.tr("Undo the last check-in (with the waybill field empty)")),
            ("Ctrl+B", self.tr("Batch mode on or off: scan a pile first, add phones later")),
            ("Ctrl+G", self.tr("Go to the parcels still waiting for a phone number")),
            ("Ctrl+K", self.tr("Change the carrier of the parcel being checked in")),
            ("Ctrl+P", self.tr("Print the last label again")),
            ("Ctrl+N", self.tr("Arrival notices: send, copy for WeChat, mark sent")),
        ]

    def activated(self) -> None:
        self.refresh()
        self._focus_next()

    def handle_scan(self, code: str) -> None:
        """A scanner read: queued, then handled when no form or question is open."""
        self.queue.append(code)
        self._drain()

    # the queue ---------------------------------------------------------------------------------------
    def busy(self) -> bool:
        return self.current is not None or self.dialog is not None

    def _drain(self) -> None:
        while self.queue and not self.busy():
            self._process(self.queue.popleft())
        self._show_queue()

    def _show_queue(self) -> None:
        self.result.show_queue(len(self.queue))

    def _typed_scan(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        if text.strip():
            self.handle_scan(text)

    def _say(self, text: str = "", error: BaseException | str | None = None) -> None:
        self.info.setText(text)
        if error is None:
            self.message.clear_error()
        else:
            self.message.show_error(error)

    def _speak(self, text: str) -> None:
        # the voice has its own thread: this returns at once, the next scan is not held up
        if self.ctx.devices is not None:
            self.ctx.devices.speak(text)

    def _process(self, code: str) -> None:
        # the big code belongs to the parcel just checked in: left under the next scan's refusal
        # it would be written on the wrong parcel
        self.result.show_code("", "")
        try:
            outcome = checkin.read_scan(self.ctx.db, self.rules, code, need_place=not self.batch.isChecked())
        except DomainError as e:
            self._say(error=e)
            return
        self._say()
        if outcome.kind == checkin.IN_STATION_NOW:
            here = outcome.here
            if here.status == "awaiting_phone" and not self.batch.isChecked():
                self.complete_awaiting(here)
            elif here.status == "awaiting_phone":
                self._say(error=self.tr("{waybill} is already scanned and waits for its phone number; "
                                        "nothing recorded.").format(waybill=here.waybill))
            else:
                self._speak(speech_text.DUPLICATE)
                self._say(error=self.tr("{waybill} is already here: {code} ({name} {phone}); nothing "
                                        "recorded.").format(waybill=here.waybill, code=here.pickup_code,
                                                            name=here.recipient_name, phone=here.phone_display))
            return
        if outcome.kind == checkin.LEFT_BEFORE:
            dlg = HistoryDialog(outcome.number, outcome.history, self.rules, self.lang, self)
            self._ask(dlg, lambda r: self._carrier_step(outcome, again=True) if r == QDialog.DialogCode.Accepted
                      else self._not_checked_in(outcome.number))
            return
        self._carrier_step(outcome, again=False)

    def _ask(self, dlg: QDialog, on_done: Callable[[int], None]) -> None:
        """Show a question without blocking; ``on_done(result)`` runs before the next scan."""
        self.dialog = dlg

        def finished(result: int) -> None:
            if self.dialog is dlg:
                self.dialog = None
            on_done(result)
            dlg.deleteLater()
            if not self.busy():
                self._focus_next()
            self._drain()

        dlg.finished.connect(finished)
        # scans that arrive while the question is up wait in the page's queue (the scan router
        # gives them to the dialog in front): batch check-in goes on at scanner speed
        dlg.handle_scan = self.handle_scan
        dlg.open()

    def _not_checked_in(self, number: str) -> None:
        self._say(self.tr("{waybill} not checked in.").format(waybill=number))

    def _carrier_step(self, outcome: ScanOutcome, again: bool) -> None:
        rec = outcome.recognition
        if not rec.ambiguous:
            self._carrier_known(outcome, rec.best.carrier, again, remember=False)
            return
        dlg = CarrierPickerDialog(rec, self.rules, self.lang, self)
        self._ask(dlg, lambda r: self._carrier_known(outcome, dlg.value, again, remember=True)
                  if r == QDialog.DialogCode.Accepted else self._not_checked_in(outcome.number))

    def _carrier_known(self, outcome: ScanOutcome, carrier: str, again: bool, remember: bool) -> None:
        if self.batch.isChecked():
            try:
                p = checkin.check_in_batch(self.ctx.db, self.ctx.operator, self.clock, self.rules,
                                           waybill=outcome.number, carrier=carrier, again=again, remember=remember)
            except DomainError as e:
                self._say(error=e)
                return
            self._say(self.tr("{waybill} ({carrier}) scanned; type its phone later.").format(
                waybill=p.waybill, carrier=self.carrier_text(carrier)))
            self.lists.scanned(p)
            return
        self.current = Current(outcome, carrier, again, remember)
        self._start_form()

    def _start_form(self) -> None:
        cur = self.current
        self.stage.setCurrentWidget(self.form)
        self.form.start(self.tr("{waybill} · {carrier}").format(waybill=cur.number,
                                                                 carrier=self.carrier_text(cur.carrier)))
        sent = cur.outcome.manifest if cur.outcome is not None else None
        if sent is not None:  # the county's manifest names the recipient: Enter checks it in
            self.form.phone.setText(sent.phone)
            self.form.name.setText(sent.name)
            self.form.phone.end(False)
            self._say(self.tr("The recipient comes from the county's manifest: press Enter to check in."))

    # the recipient is typed (RecipientStep), then ------------------------------------------------
    def commit(self, recipient: Recipient) -> None:
        cur = self.current
        if cur is None:
            return
        db, op, slot, label = self.ctx.db, self.ctx.operator, self.slot.currentData(), self.labels.wording()
        try:
            if cur.awaiting is not None:
                result = checkin.complete(db, op, self.clock, self.rules, parcel_id=cur.awaiting.id,
                                          recipient=recipient, slot=slot, label=label)
            else:
                result = checkin.check_in(db, op, self.clock, self.rules, waybill=cur.number, carrier=cur.carrier,
                                          recipient=recipient, slot=slot, again=cur.again, remember=cur.remember,
                                          label=label)
        except DomainError as e:
            self.form.error.show_error(e)
            self.form.phone.setFocus()
            return
        self.current = None
        self.stage.setCurrentWidget(self.result.code_box)
        self._checked_in(result, from_list=cur.awaiting is not None and self.batch.isChecked(),
                         checked_in_awaiting=cur.awaiting is not None)

    def _checked_in(self, result: CheckinResult, from_list: bool, checked_in_awaiting: bool = False) -> None:
        p = result.parcel
        self.last_result = result
        self.result.show_code(p.pickup_code, f"{p.recipient_name}  {p.phone_display}  {self.carrier_text(p.carrier)}")
        self._say(self.tr("{waybill} checked in: {code}. Notice queued.").format(waybill=p.waybill,
                                                                                   code=p.pickup_code))
        self._speak(speech_text.CHECKED_IN)
        self.labels.checked_in(result)
        self.lists.checked_in(p, result.slots, completed=checked_in_awaiting)
        if from_list and self.awaiting.rowCount():
            self.focus_awaiting()
        else:
            self._focus_next()
        self._drain()

    def cancel_current(self) -> None:
        if self.current is None:
            return
        number = self.current.number
        self.current = None
        self.stage.setCurrentWidget(self.result.code_box)
        self._not_checked_in(number)
        self._focus_next()
        self._drain()

    def change_carrier(self) -> None:
        cur = self.current
        if cur is None or self.dialog is not None or cur.outcome is None:
            return
        dlg = CarrierPickerDialog(cur.outcome.recognition, self.rules, self.lang, self)

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and self.current is cur:
                self.current = replace(cur, carrier=dlg.value, remember=True)
                self._start_form()

        self._ask(dlg, done)

    def complete_awaiting(self, parcel: ParcelView) -> None:
        if self.busy():
            return
        self.current = Current(None, parcel.carrier, awaiting=parcel)
        self._start_form()

    def focus_awaiting(self) -> None:
        if self.current is None and self.awaiting.rowCount():
            self.awaiting.setFocus()
            if self.awaiting.currentRow() < 0:
                self.awaiting.setCurrentCell(0, 0)

    # labels, undo ---------------------------------------------------------------------------------
    def reprint(self) -> None:
        p = self.recent.selected() or (self.recent.parcels[0] if self.recent.parcels else None)
        if p is None or not p.pickup_code:
            return
        self.labels.print(p)
        self._say(self.tr("Label {code} printed again.").format(code=p.pickup_code))

    def undo_target(self) -> ParcelView | None:
        return self.recent.parcels[0] if self.recent.parcels else None

    def ask_undo(self) -> None:
        p = self.undo_target()
        if p is None or self.busy():
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Undo check-in"),
                          self.tr("Undo the check-in of {waybill} ({code})? Remove its label from the parcel.")
                          .format(waybill=p.waybill, code=p.pickup_code or self.tr("awaiting phone")),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        self._ask(box, lambda _r: self.undo(p) if box.clickedButton() is yes else None)

    def undo(self, p: ParcelView) -> None:
        try:
            checkin.undo(self.ctx.db, self.ctx.operator, self.clock, self.rules, p.id)
        except DomainError as e:
            self._say(error=e)
            return
        self.result.show_code("", "")
        self._say(self.tr("Check-in of {waybill} undone.").format(waybill=p.waybill))
        self.refresh()

    # notices, mode, refresh ---------------------------------------------------------------------------
    def open_notices(self) -> None:
        if self.busy():
            return
        from pos.ui.pages.notices_page import NoticesDialog

        self._ask(NoticesDialog(self.ctx, self, clock=self.clock), lambda _r: self.refresh())

    def _after_mode_change(self) -> None:
        self.cancel_current()
        self._say(self.tr("Batch mode: each scan is recorded at once, awaiting its phone.")
                  if self.batch.isChecked() else "")
        self.refresh()
        self._focus_next()

    def refresh(self) -> None:
        """Counts, lists and layers read again (after a check-in they follow on their own)."""
        self.lists.reload()

    def _focus_next(self) -> None:
        if self.current is not None:
            self.form.phone.setFocus()
        else:
            self.scan.setFocus()

