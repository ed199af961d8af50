"""The catalogue as CSV, in the columns `village-pos import products` reads back: a station's
product list moves to another station, or is edited in Excel and imported again."""

from __future__ import annotations

from pathlib import Path

from pos.db.unit_of_work import Database
from pos.services.csv_export import write_csv
from pos.services.csv_export import yuan as _yuan
from pos.services.sales import products

# the import's columns (pos.services.sales.product_csv), unit last: piece, jin or kg
COLUMNS = ("name", "barcode", "price_yuan", "stock", "low_stock", "category", "is_service", "unit")


def export_products(db: Database, out: Path) -> int:
    """Write the products on sale (not the withdrawn ones); returns the row count. The file is
    written whole or not at all."""
    rows = [
        [p.name, p.barcode, _yuan(p.price_fen), p.stock, p.low_stock, p.category, "1" if p.is_service else "0",
         p.unit]
        for p in sorted(products.all_products(db), key=lambda p: (p.category, p.name, p.barcode))
    ]
    return write_csv(Path(out), COLUMNS, rows)
