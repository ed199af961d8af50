"""Counter sales as CSV for Excel: UTF-8 with BOM, ISO 8601 local times with their UTC offset,
amounts in yuan with two decimals in *_yuan columns, one row per sale."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from pos.db.key_lists import chunks
from pos.db.models import Payment, Sale, SaleLine, Villager
from pos.db.unit_of_work import Database
from pos.services.csv_export import cell, check_day_range, write_csv
from pos.services.csv_export import iso as iso_local
from pos.services.csv_export import yuan as _yuan
from pos.services.local_days import days_bounds

COLUMNS = (
    "number", "completed_at", "operator", "villager", "status", "items", "subtotal_yuan", "discount_yuan",
    "total_yuan", "cash_yuan", "mobile_yuan", "account_yuan", "refunded_yuan", "mobile_references", "lines",
)


def export_sales(db: Database, out: Path, first: dt.date | None = None, last: dt.date | None = None) -> int:
    """Write the sales of local days ``first``..``last`` (open ends allowed); returns the row count.
    The file is written whole or not at all."""
    check_day_range(first, last)
    start, end = days_bounds(first, last)
    with db.reader() as s:
        q = select(Sale).order_by(Sale.completed_at, Sale.number)
        if start is not None:
            q = q.where(Sale.completed_at >= start)
        if end is not None:
            q = q.where(Sale.completed_at < end)
        sales = s.scalars(q).all()
        ids = [x.id for x in sales]
        lines, pays = defaultdict(list), defaultdict(list)
        for chunk in chunks(ids):
            for ln in s.scalars(select(SaleLine).where(SaleLine.sale_id.in_(chunk)).order_by(SaleLine.created_at)):
                lines[ln.sale_id].append(ln)
            for p in s.scalars(select(Payment).where(Payment.sale_id.in_(chunk))):
                pays[p.sale_id].append(p)
        names: dict[uuid.UUID | None, str] = {v.id: v.name for v in s.scalars(select(Villager).where(
            Villager.id.in_({x.villager_id for x in sales if x.villager_id})))}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)

    def rows():
        for sale in sales:
            taken: defaultdict[str, int] = defaultdict(int)
            refunded = 0
            refs = []
            for p in pays[sale.id]:
                if p.purpose == "sale":
                    taken[p.method] += p.amount_fen
                    if p.reference:
                        refs.append(p.reference)
                elif p.purpose == "sale_refund":
                    refunded -= p.amount_fen
            ls = lines[sale.id]
            yield [
                sale.number, iso_local(sale.completed_at), cell(sale.operator), cell(names.get(sale.villager_id, "")),
                sale.status, sum(ln.quantity for ln in ls), _yuan(sale.subtotal_fen), _yuan(sale.discount_fen),
                _yuan(sale.total_fen), _yuan(taken["cash"]), _yuan(taken["mobile"]), _yuan(taken["account"]),
                _yuan(refunded), cell(" ".join(refs)), cell("; ".join(f"{ln.description} x{ln.quantity}" for ln in ls)),
            ]

    return write_csv(out, COLUMNS, rows())
