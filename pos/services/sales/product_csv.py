"""Products from a CSV file: every bad row is reported (line and reason), and nothing is imported
when any row is bad unless the caller asks to skip bad rows.

Columns (a header row is required; Chinese headers are accepted too):
    name, barcode, price_yuan, stock, low_stock, category, is_service, cost_yuan
A row whose barcode is already in the catalogue updates that product (stock is set when the
stock cell is filled; the cost price when the file has a cost_yuan column: an empty cell there
means no cost price); other rows add products.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select

from pos.db.models import Product
from pos.db.unit_of_work import Database
from pos.domain.by_weight import JIN, KG, PIECE
from pos.domain.cart import parse_price
from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.services import audit
from pos.services.csv_cells import cells_problems, wide_fields
from pos.services.csv_export import uncell
from pos.services.sales import products
from pos.services.sales import settings as sales_settings

PRODUCTS_IMPORTED = "products.imported"
COLUMNS = ("name", "barcode", "price_yuan", "stock", "low_stock", "category", "is_service", "cost_yuan")
ALIASES = {
    "名称": "name", "品名": "name", "商品名称": "name", "条码": "barcode", "条形码": "barcode",
    "价格": "price_yuan", "售价": "price_yuan", "单价": "price_yuan", "库存": "stock",
    "预警库存": "low_stock", "库存下限": "low_stock", "分类": "category", "类别": "category",
    "服务": "is_service", "是否服务": "is_service", "进价": "cost_yuan", "成本": "cost_yuan", "成本价": "cost_yuan",
}
_YES = {"1", "y", "yes", "true", "是", "服务"}
_NO = {"", "0", "n", "no", "false", "否"}


@dataclass(frozen=True)
class RowError:
    line: int
    error: DomainError


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    updated: int = 0
    rejected: list[RowError] = field(default_factory=list)
    imported: bool = False


MAX_BYTES = 20 * 1024 * 1024


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ValidationError(tr_noop("errors", "The file is too big for a product list ({size} MB)."), field="file",
                              size=len(data) // (1024 * 1024))
    for enc in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK unless told otherwise
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValidationError(tr_noop("errors", "The file is neither UTF-8 nor GBK text."), field="file")


def _int(text: str, fname: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    # one sign at most ("--0" is not a number), and isdecimal, not isdigit: '²' is a digit int() refuses
    if not (text[1:] if text.startswith("-") else text).isdecimal():
        raise ValidationError(tr_noop("errors", "{column} '{value}' is not a whole number."), field=fname,
                              column=fname, value=text[:20])
    return int(text)


# The unit column (kept apart from the others above): piece, jin or kg, in English or Chinese. An
# empty cell, or no such column, keeps a product's stored unit; a new product is sold by piece.
UNIT_WORDS = {
    "piece": PIECE, "件": PIECE, "个": PIECE, "jin": JIN, "斤": JIN, "kg": KG, "公斤": KG, "千克": KG,
}
ALIASES.update({"单位": "unit", "计价单位": "unit"})


def parse_unit(text: str | None) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    unit = UNIT_WORDS.get(text.lower())
    if unit is None:
        raise ValidationError(tr_noop("errors", "A product is sold by piece, by jin or by kg."), field="unit")
    return unit


def parse_row(row: dict[str, str], max_price_fen: int) -> tuple[products.ProductInput, bool]:
    """The product a row describes, and whether its stock cell was filled."""
    get = lambda k: (row.get(k) or "").strip()  # noqa: E731
    flag = get("is_service").lower()
    if flag not in _YES | _NO:
        raise ValidationError(tr_noop("errors", "is_service '{value}' is not yes or no (1 or 0)."),
                              field="is_service", value=flag[:20])
    if not get("price_yuan"):
        raise ValidationError(tr_noop("errors", "The price is missing."), field="price_yuan")
    price = parse_price(get("price_yuan"), max_price_fen, "price_yuan")
    stock = _int(get("stock"), "stock")
    low = _int(get("low_stock"), "low_stock")
    cost: int | None | products.Keep = products.KEEP
    if "cost_yuan" in row:
        cost = parse_price(get("cost_yuan"), max_price_fen, "cost_yuan") if get("cost_yuan") else None
    inp = products.ProductInput(get("name"), price, get("barcode"), stock or 0, low or 0, get("category"),
                                flag in _YES, cost_fen=cost)
    return products.clean_input(inp, max_price_fen), stock is not None


def import_products(db: Database, operator: Operator | None, path: Path, skip_bad_rows: bool = False) -> ImportReport:
    limits = sales_settings.load(db)
    text = read_text(path)
    try:
        with wide_fields(len(text)):  # an over-long cell is reported with its row and column, not by csv
            return _import_rows(db, operator, path, text, limits, skip_bad_rows)
    except csv.Error as e:
        raise ValidationError(tr_noop("errors", "The file is not a valid CSV file: {problem}"), field="file",
                              problem=str(e)) from None


def _import_rows(db: Database, operator: Operator | None, path: Path, text: str, limits,
                 skip_bad_rows: bool) -> ImportReport:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [ALIASES.get((h or "").strip(), (h or "").strip().lower()) for h in (reader.fieldnames or [])]
    missing = [c for c in ("name", "price_yuan") if c not in header]
    if missing:
        raise ValidationError(tr_noop("errors", "The file has no column {column}."), field="file", column=missing[0])
    reader.fieldnames = header
    report = ImportReport()
    good: list[tuple[int, products.ProductInput, bool]] = []
    seen: dict[str, int] = {}
    for row in reader:
        report.rows += 1
        line = reader.line_num
        row = {k: uncell(v) if isinstance(v, str) else v for k, v in row.items()}
        problems = cells_problems((k, v) for k, v in row.items() if isinstance(k, str) and isinstance(v, str))
        if problems:
            report.rejected.extend(RowError(line, p.error) for p in problems)
            continue
        try:
            inp, has_stock = parse_row(row, limits.max_price_fen)
            inp = replace(inp, unit=parse_unit(row.get("unit")))
            if inp.barcode and inp.barcode in seen:
                raise ValidationError(tr_noop("errors", "Barcode {code} is also on line {line}."),
                                      field="barcode", code=inp.barcode, line=seen[inp.barcode])
        except DomainError as e:
            report.rejected.append(RowError(line, e))
            continue
        if inp.barcode:
            seen[inp.barcode] = line
        good.append((line, inp, has_stock))
    if report.rejected and not skip_bad_rows:
        return report
    with db.unit_of_work() as s:
        for _line, inp, has_stock in good:
            existing = s.scalar(select(Product).where(Product.barcode == inp.barcode)) if inp.barcode else None
            if existing is None:
                products.add_in(s, operator, inp, limits.max_price_fen)
                report.added += 1
            else:
                # an empty stock cell leaves the counted stock alone
                products.update_in(s, operator, existing.id, inp, limits.max_price_fen, set_stock=has_stock)
                report.updated += 1
        audit.record(s, operator, PRODUCTS_IMPORTED, {
            "file": path.name, "added": report.added, "updated": report.updated,
            "skipped": len(report.rejected),
        })
    report.imported = True
    return report
