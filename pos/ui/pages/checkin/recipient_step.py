"""The recipient of the parcel being checked in, as the partner types it: the villager's name as
soon as a whole number is in; Enter on the phone checks in the one villager the number (or its
last four digits) fits, offers a choice when several do, and asks for the name or the whole
number when none does."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from pos.domain.errors import DomainError
from pos.services.parcels import checkin
from pos.services.parcels import recipients
from pos.services.parcels.checkin import Recipient
from pos.ui.context import AppContext
from pos.ui.pages.checkin.pickers import VillagerPickerDialog
from pos.ui.pages.checkin.recipient_form import RecipientForm

Ask = Callable[[QDialog, Callable[[int], None]], None]


class RecipientStep(QObject):
    """Ends in ``commit(recipient)``; ``ask`` shows a question the way the page does (scans wait)."""

    def __init__(self, ctx: AppContext, form: RecipientForm, commit: Callable[[Recipient], None], ask: Ask,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.form, self.commit, self.ask = ctx, form, commit, ask
        self._window = parent
        # the villagers of the last whole number typed: looked up while typing, used again at Enter
        self._matches: tuple[str, list[recipients.VillagerMatch]] | None = None
        form.phone_entered.connect(self.phone_entered)
        form.name_entered.connect(self.name_entered)
        form.phone.textChanged.connect(self.show_villager)

    def show_villager(self, text: str) -> None:
        self.form.villager.clear()
        self._matches = None
        try:
            phone = recipients.read_phone(text)
        except DomainError:
            return
        if not phone.full:
            return
        matches = checkin.find_villagers(self.ctx.db, phone.full, "")
        self._matches = (phone.full, matches)
        if len(matches) == 1:
            self.form.villager.setText(self.tr("Villager: {name}").format(name=matches[0].name))
        elif matches:
            self.form.villager.setText(self.tr("{count} villagers share this number").format(count=len(matches)))

    def phone_entered(self) -> None:
        try:
            phone = recipients.read_phone(self.form.phone.text())
        except DomainError as e:
            self.form.error.show_error(e)
            return
        if phone.full or self.form.name.text().strip():
            self._find_and_commit()
            return
        # the last four digits (or a masked number) alone: the villager it fits is checked in at
        # once, several are offered with their names and villages; nobody means a newcomer
        try:
            matches = self._villagers(self.form.phone.text(), "")
        except DomainError as e:
            self.form.error.show_error(e)
            return
        if matches:
            self._find_and_commit()
            return
        self.form.error.show_error(self.tr(
            "No villager's phone ends in {tail}: type a newcomer's whole number, or the name on the label "
            "with a masked number.").format(tail=phone.tail))
        self.form.name.setFocus()

    def name_entered(self) -> None:
        if not self.form.phone.text().strip():
            self.form.phone.setFocus()
            return
        self._find_and_commit()

    def _find_and_commit(self) -> None:
        phone_text, name = self.form.phone.text(), self.form.name.text()
        try:
            matches = self._villagers(phone_text, name)
        except DomainError as e:
            self.form.error.show_error(e)
            return
        if len(matches) == 1:
            self.commit(Recipient(phone_text, name, matches[0].id))
        elif len(matches) > 1:
            dlg = VillagerPickerDialog(matches, name.strip(), self._window)

            def done(result: int) -> None:
                if result == QDialog.DialogCode.Accepted:
                    m = dlg.value
                    self.commit(Recipient(phone_text, name, None if m == VillagerPickerDialog.NONE else m.id))
                else:
                    self.form.phone.setFocus()

            self.ask(dlg, done)
        else:
            self.commit(Recipient(phone_text, name))

    def _villagers(self, phone_text: str, name: str) -> list[recipients.VillagerMatch]:
        # a whole number finds the same villagers whatever the name (recipients.find)
        phone = recipients.read_phone(phone_text)
        if phone.full and self._matches is not None and self._matches[0] == phone.full:
            return self._matches[1]
        return checkin.find_villagers(self.ctx.db, phone_text, name)
