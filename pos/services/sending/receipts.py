"""The sender's receipt, rebuilt from what was stored (printing and reprinting are one call), and
the courier's handover list."""

from __future__ import annotations

from sqlalchemy import select

from pos.db.models import Payment, SentParcel
from pos.db.unit_of_work import Database
from pos.db.plans import unindexed
from pos.domain.errors import NotFound
from pos.domain.i18n import tr_noop
from pos.domain.receipt import Document
from pos.domain.receipts import ReceiptData, ReceiptLine, ReceiptTender, Translate, build_receipt, no_translation
from pos.domain.sending_documents import handover_list, receipt_rows
from pos.services.sales.checkout import _note
from pos.services.sales.receipts import station_header
from pos.services.sending.handover import HandoverView
from pos.services.station import receipt_settings
from pos.services.station.setup import load_station

L_FREIGHT = tr_noop("sending_documents", "Postage {carrier}")


def send_receipt_document(db: Database, number: str, carrier_names: dict[str, str],
                          translate: Translate = no_translation, *, reprint: bool = False) -> Document:
    with db.reader() as s:
        p = s.scalar(select(SentParcel).where(SentParcel.number == number))
        if p is None:
            raise NotFound(tr_noop("errors", "There is no parcel sent with number {number}."), number=number[:30])
        options = receipt_settings.options_in(s, kick_drawer=not reprint)
        pays = s.scalars(select(Payment).where(Payment.receipt_number == p.number, unindexed(Payment.purpose) == "parcel_send")
                         .order_by(Payment.created_at)).all()
        tenders, change = [], 0
        for pay in pays:
            note = _note(pay.note)
            if pay.method == "cash":
                change = int(note.get("change_fen", 0))
            tendered = note.get("tendered_fen")
            tenders.append(ReceiptTender(pay.method, pay.amount_fen, pay.reference,
                                         int(tendered) if tendered is not None else None))
        carrier = carrier_names.get(p.carrier, p.carrier)
        data = ReceiptData(
            station=station_header(s), number=p.number, at=p.accepted_at, operator=p.operator, kind="send",
            lines=(ReceiptLine(translate("sending_documents", L_FREIGHT).format(carrier=carrier), 1,
                               p.total_fen, p.total_fen),),
            total_fen=p.total_fen, tenders=tuple(tenders), change_fen=change, customer=p.sender_name,
            rows=receipt_rows(p, carrier, translate), reprint=reprint,
        )
    return build_receipt(data, options, translate)


def handover_document(db: Database, h: HandoverView, carrier_names: dict[str, str],
                      translate: Translate = no_translation) -> Document:
    with db.reader() as s:
        st = load_station(s)
    return handover_list(h, st.name if st else "", carrier_names, translate)
