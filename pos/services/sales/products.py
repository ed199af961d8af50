"""The product catalogue: add, change, find (name, pinyin initials, barcode), stock, low stock."""

from __future__ import annotations

import difflib
import enum
import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from pos.db.models import Product
from pos.db.unit_of_work import Database
from pos.domain.barcodes import parse_product_barcode
from pos.domain.by_weight import PIECE, check_unit, is_weighed
from pos.domain.cart import validate_price
from pos.domain.errors import DomainError, NotFound, ValidationError
from pos.domain.text_checks import refuse_nul
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.pinyin import product_letter
from pos.domain.users import Operator
from pos.services import audit
from pos.services.sales import settings as sales_settings

PRODUCT_ADDED = "product.added"
PRODUCT_CHANGED = "product.changed"
STOCK_ADJUSTED = "product.stock_adjusted"
NEGATIVE_STOCK_ALLOWED = "product.negative_stock_allowed"
MAX_STOCK = 1_000_000


class Keep(enum.Enum):
    """An input that leaves the stored value as it is (a CSV without that column)."""

    STORED = 0


KEEP = Keep.STORED


class OwnerApprovalNeeded(DomainError):
    """The action is allowed only with the owner's approval; ``action_key`` names it, so the UI
    can ask for the owner's PIN and call again with the approving owner."""

    def __init__(self, message: str, action_key: str, **params) -> None:
        self.action_key = action_key
        super().__init__(message, **params)


@dataclass(frozen=True)
class ProductInput:
    name: str
    price_fen: int
    barcode: str = ""
    stock: int = 0
    low_stock: int = 0
    category: str = ""
    is_service: bool = False
    # piece | jin | kg (pos.domain.by_weight); None keeps what is stored (a CSV row says nothing)
    unit: str | None = None
    # cost price per unit (piece, jin or kg), for the margin on the income statement; None: not
    # known; KEEP leaves the stored cost alone
    cost_fen: int | None | Keep = None


@dataclass(frozen=True)
class ProductView:
    id: uuid.UUID
    name: str
    barcode: str
    price_fen: int
    stock: int
    low_stock: int
    category: str
    is_service: bool
    active: bool
    name_initials: str
    unit: str = PIECE
    cost_fen: int | None = None

    @property
    def is_low(self) -> bool:
        return not self.is_service and not self.weighed and self.stock <= self.low_stock

    @property
    def weighed(self) -> bool:
        return is_weighed(self.unit)


def view(p: Product) -> ProductView:
    return ProductView(p.id, p.name, p.barcode, p.price_fen, p.stock, p.low_stock, p.category,
                       p.is_service, p.active, p.name_initials, p.unit or PIECE, p.cost_fen)


def initials(name: str) -> str:
    """Pinyin initials for search: 农夫山泉 550ml -> nfsq550ml (letters and digits kept)."""
    out = []
    for ch in name:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            out.append(product_letter(ch))
        elif ch.isascii() and ch.isalnum():
            out.append(ch.lower())
    return "".join(out)[:100]


def clean_input(inp: ProductInput, max_price_fen: int) -> ProductInput:
    for text, fname in ((inp.name, "name"), (inp.barcode, "barcode"), (inp.category, "category")):
        refuse_nul(text, fname)
    name = " ".join((inp.name or "").split())
    if not name:
        raise ValidationError(tr_noop("errors", "Please enter the product's name."), field="name")
    if len(name) > 100:
        raise ValidationError(tr_noop("errors", "The name is too long (100 characters at most)."), field="name")
    barcode = ""
    if (inp.barcode or "").strip():
        barcode = parse_product_barcode(inp.barcode).code
    validate_price(inp.price_fen, max_price_fen)
    category = " ".join((inp.category or "").split())
    if len(category) > 50:
        raise ValidationError(
            tr_noop("errors", "The category is too long (50 characters at most)."), field="category"
        )
    for value, fname in ((inp.stock, "stock"), (inp.low_stock, "low_stock")):
        if not 0 <= value <= MAX_STOCK:
            raise ValidationError(
                tr_noop("errors", "A stock figure is a whole number from 0 to {max}."), field=fname, max=MAX_STOCK
            )
    stock, low = (0, 0) if inp.is_service else (inp.stock, inp.low_stock)
    unit = None if inp.unit is None else check_unit(inp.unit)
    cost = inp.cost_fen
    if isinstance(cost, int):
        if isinstance(cost, bool) or not 0 <= cost <= max_price_fen:
            raise ValidationError(tr_noop("errors", "The cost price must be between 0 and {max}."), field="cost",
                                  max=str(Money(max_price_fen)))
    return ProductInput(name, inp.price_fen, barcode, stock, low, category, bool(inp.is_service), unit, cost)


def _refuse_taken_barcode(s: Session, barcode: str, own_id: uuid.UUID | None = None) -> None:
    if not barcode:
        return
    other = s.scalar(select(Product).where(Product.barcode == barcode))
    if other is not None and other.id != own_id:
        raise ValidationError(
            tr_noop("errors", "Barcode {code} already belongs to {name}."), field="barcode",
            code=barcode, name=other.name,
        )


def add_in(s: Session, operator: Operator | None, inp: ProductInput, max_price_fen: int) -> Product:
    inp = clean_input(inp, max_price_fen)
    _refuse_taken_barcode(s, inp.barcode)
    p = Product(name=inp.name, name_initials=initials(inp.name), barcode=inp.barcode,
                price_fen=inp.price_fen, stock=inp.stock, low_stock=inp.low_stock,
                category=inp.category, is_service=inp.is_service, active=True, unit=inp.unit or PIECE,
                cost_fen=None if inp.cost_fen is KEEP else inp.cost_fen)
    s.add(p)
    s.flush()
    audit.record(s, operator, PRODUCT_ADDED, {"name": p.name, "barcode": p.barcode, "price_fen": p.price_fen,
                                              "cost_fen": p.cost_fen})
    return p


def add_product(db: Database, operator: Operator, inp: ProductInput) -> ProductView:
    limits = sales_settings.load(db)
    with db.unit_of_work() as s:
        return view(add_in(s, operator, inp, limits.max_price_fen))


def update_in(s: Session, operator: Operator | None, product_id: uuid.UUID, inp: ProductInput,
              max_price_fen: int, *, set_stock: bool = False) -> Product:
    """Change name, barcode, price, category, low-stock mark (stock only when ``set_stock``,
    which imports use; the counter goes through adjust_stock)."""
    inp = clean_input(inp, max_price_fen)
    p = _get(s, product_id)
    _refuse_taken_barcode(s, inp.barcode, p.id)
    before = {"name": p.name, "barcode": p.barcode, "price_fen": p.price_fen, "category": p.category,
              "low_stock": p.low_stock, "is_service": p.is_service, "stock": p.stock, "unit": p.unit,
              "cost_fen": p.cost_fen}
    p.name, p.name_initials, p.barcode = inp.name, initials(inp.name), inp.barcode
    p.price_fen, p.category, p.low_stock, p.is_service = inp.price_fen, inp.category, inp.low_stock, inp.is_service
    p.active = True
    if inp.unit is not None:
        p.unit = inp.unit
    if not isinstance(inp.cost_fen, Keep):
        p.cost_fen = inp.cost_fen
    if set_stock or inp.is_service:
        p.stock = inp.stock
    after = {k: getattr(p, k) for k in before}
    if before != after:
        audit.record(s, operator, PRODUCT_CHANGED, {"id": str(p.id), "before": before, "after": after})
    return p


def update_product(db: Database, operator: Operator, product_id: uuid.UUID, inp: ProductInput) -> ProductView:
    limits = sales_settings.load(db)
    with db.unit_of_work() as s:
        return view(update_in(s, operator, product_id, inp, limits.max_price_fen))


def set_active(db: Database, operator: Operator, product_id: uuid.UUID, active: bool) -> ProductView:
    with db.unit_of_work() as s:
        p = _get(s, product_id)
        if p.active != active:
            p.active = active
            audit.record(s, operator, PRODUCT_CHANGED, {"id": str(p.id), "name": p.name, "active": active})
        return view(p)


def _get(s: Session, product_id: uuid.UUID) -> Product:
    p = s.get(Product, product_id)
    if p is None:
        raise NotFound(tr_noop("errors", "This product is no longer in the catalogue."))
    return p


def get_product(db: Database, product_id: uuid.UUID) -> ProductView:
    with db.reader() as s:
        return view(_get(s, product_id))


def by_barcode(db: Database, code: str) -> ProductView | None:
    """The active product with this barcode (full-width digits accepted), or None."""
    code = "".join(unicodedata.normalize("NFKC", code or "").split())
    with db.reader() as s:
        p = s.scalar(select(Product).where(Product.barcode == code, Product.active.is_(True)))
        return view(p) if p else None


def search(db: Database, text: str, limit: int = 30, include_inactive: bool = False) -> list[ProductView]:
    """Products whose name contains the text, whose pinyin initials contain it (nfsq finds
    农夫山泉), or whose barcode starts with it; best matches first."""
    q = " ".join((text or "").split())
    with db.reader() as s:
        stmt = select(Product)
        if not include_inactive:
            stmt = stmt.where(Product.active.is_(True))
        if q:
            low = q.lower()
            stmt = stmt.where(or_(
                Product.name.contains(q, autoescape=True),
                Product.name_initials.contains(low, autoescape=True),
                Product.barcode.startswith(q, autoescape=True),
            ))
        rows = s.scalars(stmt.order_by(Product.name).limit(500)).all()
    if not q:
        return [view(p) for p in rows[:limit]]
    low = q.lower()

    def rank(p: Product) -> tuple:
        return (p.barcode != q, not p.name_initials.startswith(low), not p.name.startswith(q),
                len(p.name), p.name)

    return [view(p) for p in sorted(rows, key=rank)[:limit]]


def closest(db: Database, text: str, limit: int = 3) -> list[ProductView]:
    """The products whose pinyin initials or name look most like a mistyped search (gnczb for
    gncz...), for "not found: did you mean"; nothing when none is near."""
    low = "".join((text or "").split()).lower()
    if not low:
        return []
    with db.reader() as s:
        rows = s.scalars(select(Product).where(Product.active.is_(True))).all()

    def likeness(p: Product) -> float:
        by_letters = difflib.SequenceMatcher(None, low, p.name_initials[:len(low) + 2]).ratio()
        return max(by_letters, difflib.SequenceMatcher(None, low, p.name.lower()).ratio())

    scored = sorted(((likeness(p), p.name, p) for p in rows), key=lambda t: (-t[0], t[1]))
    return [view(p) for score, _n, p in scored[:limit] if score >= 0.5]


def all_products(db: Database, include_inactive: bool = False) -> list[ProductView]:
    return search(db, "", limit=100_000, include_inactive=include_inactive)


def categories(db: Database) -> list[str]:
    with db.reader() as s:
        rows = s.scalars(select(Product.category).where(Product.category != "").distinct())
        return sorted(rows)


def low_stock(db: Database) -> list[ProductView]:
    """Goods at or below their low-stock mark, emptiest first (services have no stock)."""
    with db.reader() as s:
        rows = s.scalars(
            select(Product)
            .where(Product.active.is_(True), Product.is_service.is_(False), Product.unit == PIECE, Product.stock <= Product.low_stock)
            .order_by(Product.stock - Product.low_stock, Product.name)
        ).all()
        return [view(p) for p in rows]


def count_low_stock(db: Database) -> int:
    with db.reader() as s:
        return s.execute(select(func.count()).select_from(Product).where(
            Product.active.is_(True), Product.is_service.is_(False), Product.unit == PIECE, Product.stock <= Product.low_stock)).scalar_one()


def adjust_stock(db: Database, operator: Operator, product_id: uuid.UUID, delta: int, reason: str = "",
                 approved_by: Operator | None = None) -> ProductView:
    """Add (delivery) or take away (loss, breakage, count) stock. Going below zero needs the
    owner: raises OwnerApprovalNeeded unless ``approved_by`` is an owner."""
    if delta == 0 or abs(delta) > MAX_STOCK:
        raise ValidationError(
            tr_noop("errors", "A stock change is a whole number other than 0, up to {max}."),
            field="stock", max=MAX_STOCK,
        )
    with db.unit_of_work() as s:
        p = _get(s, product_id)
        if p.is_service:
            raise ValidationError(tr_noop("errors", "A service has no stock."), field="stock")
        s.execute(update(Product).where(Product.id == p.id).values(stock=Product.stock + delta))
        s.refresh(p)
        if p.stock < 0:
            if approved_by is None or not approved_by.is_owner:
                raise OwnerApprovalNeeded(
                    tr_noop("errors", "The stock of {name} would go below zero ({stock})."),
                    "product.negative_stock", name=p.name, stock=p.stock,
                )
            audit.record(s, approved_by, NEGATIVE_STOCK_ALLOWED, {"name": p.name, "stock": p.stock})
        audit.record(s, operator, STOCK_ADJUSTED,
                     {"name": p.name, "delta": delta, "stock": p.stock, "reason": reason[:200]})
        return view(p)
