"""Receipt settings: the footer and how the receipt number is printed. The paper width and the
drawer pulse are the device layer's settings (pos.services.hardware.device_settings), read from there."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.receipts import ReceiptOptions, columns_for_paper
from pos.domain.users import Operator
from pos.services.hardware import device_settings
from pos.services import settings as st
from pos.services.settings import SettingDef

# empty: the receipt prints a translated thank-you
RECEIPT_FOOTER = SettingDef("receipt.footer", "")
RECEIPT_CODE = SettingDef("receipt.code", "barcode")  # barcode | qr
CODES = ("barcode", "qr")
MAX_FOOTER_LINES = 4
MAX_FOOTER_CHARS = 200


@dataclass(frozen=True)
class ReceiptSettings:
    footer: str = ""
    code: str = "barcode"


def load_in(session: Session) -> ReceiptSettings:
    footer = st.get(session, RECEIPT_FOOTER)
    code = st.get(session, RECEIPT_CODE)
    return ReceiptSettings(footer if isinstance(footer, str) else "", code if code in CODES else "barcode")


def load(db) -> ReceiptSettings:
    with db.reader() as s:
        return load_in(s)


def options_in(session: Session, *, kick_drawer: bool = True) -> ReceiptOptions:
    """What the receipt builder needs: paper width and drawer pulse from the device settings,
    footer and code from here. ``kick_drawer`` False for reprints."""
    devices = device_settings.load(session)
    mine = load_in(session)
    return ReceiptOptions(
        columns=columns_for_paper(devices.paper_mm),
        footer=mine.footer,
        code=mine.code,
        kick_drawer=kick_drawer and devices.kick_drawer_on_cash,
    )


def clean_footer(text: str) -> str:
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    footer = "\n".join(lines)
    if len(lines) > MAX_FOOTER_LINES or len(footer) > MAX_FOOTER_CHARS:
        raise ValidationError(
            tr_noop("errors", "The receipt footer may have {lines} lines and {chars} characters at most."),
            field="footer", lines=MAX_FOOTER_LINES, chars=MAX_FOOTER_CHARS,
        )
    return footer


def save(db, operator: Operator, values: ReceiptSettings) -> list[str]:
    if not operator.is_owner:
        raise PermissionDenied(tr_noop("errors", "Only the owner can change the receipt settings."))
    if values.code not in CODES:
        raise ValueError(f"receipt code is one of {CODES}")
    return st.save(db, operator, {RECEIPT_FOOTER: clean_footer(values.footer), RECEIPT_CODE: values.code})
