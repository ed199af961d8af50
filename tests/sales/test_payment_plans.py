"""A sale's (or any receipt's) payments are found through the index of what they belong to, never
by walking every payment of their purpose: without planner statistics SQLite took the index
starting with ``purpose`` for ``sale_id = ? AND purpose = 'sale'`` (a receipt took 100 ms at five
years, 3 ms on a young station; BENCHMARKS.md, goal 3c). Plans do not depend on the row count
without statistics, so a plan read here is a five-year station's."""

from __future__ import annotations

from sqlalchemy import event

from pos.domain.cart import Cart, CartLine, Tender
from pos.services.sales import checkout as sales
from pos.services.sales import receipts as sale_receipts


def test_a_sale_and_its_receipt_never_walk_the_payments_of_a_purpose(database, helper, goods, clock):
    water = goods[0]
    cart = Cart()
    cart.add(CartLine(water.id, water.name, water.price_fen, 1, water.category, water.is_service, water.stock))
    seen: list[tuple[str, tuple]] = []

    def grab(_conn, _cursor, sql, params, _context, _many):
        if sql.lstrip().upper().startswith("SELECT") and "FROM payment" in sql:
            seen.append((sql, params))

    event.listen(database.engine, "before_cursor_execute", grab)
    try:
        res = sales.complete_sale(database, helper, clock, cart, [Tender("cash", 500)])
        sale_receipts.receipt_document(database, res.number)
    finally:
        event.remove(database.engine, "before_cursor_execute", grab)
    walks = []
    with database.engine.connect() as conn:
        for sql, params in seen:
            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all():
                if "(purpose=?)" in row[-1]:
                    walks.append((" ".join(sql.split())[:120], row[-1]))
    assert seen and walks == []
