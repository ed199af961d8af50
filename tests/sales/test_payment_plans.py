"""A sale's (or any receipt's) payments are found through the index of what they belong to, never
by walking every payment of their purpose: without planner statistics SQLite took the index
starting with ``purpose`` for ``sale_id = ? AND purpose = 'sale'`` (a receipt took 100 ms at five
years, 3 ms on a young station; BENCHMARKS.md, goal 3c). Plans do not depend on the row count
without statistics, so a plan read here is a five-year station's."""

from __future__ import annotations

from pos.domain.cart import Cart, CartLine, Tender
from pos.services.sales import checkout as sales
from pos.services.sales import receipts as sale_receipts
from tests.query_plans import plan_steps, selects_from, statements


def test_a_sale_and_its_receipt_never_walk_the_payments_of_a_purpose(database, helper, goods, clock):
    water = goods[0]
    cart = Cart()
    cart.add(CartLine(water.id, water.name, water.price_fen, 1, water.category, water.is_service, water.stock))
    with statements(database.engine, selects_from("payment")) as seen:
        res = sales.complete_sale(database, helper, clock, cart, [Tender("cash", 500)])
        sale_receipts.receipt_document(database, res.number)
    walks = [(sql, step) for sql, step in plan_steps(database.engine, seen) if "(purpose=?)" in step]
    assert seen and walks == []
