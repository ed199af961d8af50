"""Income facts gathered from the station's records, on SQLite and PostgreSQL."""


from pos.domain.income import PARCEL_FEE, statement
from pos.services.income.facts import (BUILT_IN_INCOME_SOURCES, parcel_facts, purchase_facts,
                                       sales_margin_facts)
from pos.services.income.statements import gather
from tests.income import dataset
from tests.income.dataset import D, JULY, JULY_RATE, JUNE, RATES


def _month(db, source, month):
    first, nxt = D(2026, month, 1), D(2026, month + 1, 1)
    with db.reader() as s:
        return source(s, first, nxt)


def test_each_source_reads_its_records_by_local_day(any_database, shanghai):
    dataset.build(any_database)
    june_parcels = _month(any_database, parcel_facts, 6)
    counts = sorted((f.key, f.event, f.day.isoformat(), f.count) for f in june_parcels)
    assert counts == [("SF", "checkin", "2026-06-02", 1), ("SF", "checkin", "2026-06-30", 1),
                      ("SF", "handover", "2026-06-03", 1), ("ZTO", "checkin", "2026-06-10", 1),
                      ("ZTO", "checkin", "2026-06-11", 1), ("ZTO", "handover", "2026-06-11", 1)]
    july = sorted((f.key, f.event, f.day.isoformat()) for f in _month(any_database, parcel_facts, 7))
    assert july == [("SF", "handover", "2026-07-01"), ("YTO", "checkin", "2026-07-01")]

    june_purchases = sorted((f.key, f.day.isoformat(), f.base_fen) for f in _month(any_database, purchase_facts, 6))
    assert june_purchases == [("家电", "2026-06-15", 8_000), ("食品", "2026-06-15", 1_000)]
    july_purchases = sorted((f.key, f.day.isoformat(), f.base_fen) for f in _month(any_database, purchase_facts, 7))
    assert july_purchases == [("", "2026-07-01", 2_000), ("家电", "2026-07-05", -3_000)]

    june_margin = sorted((f.key, f.fixed_fen) for f in _month(any_database, sales_margin_facts, 6))
    assert june_margin == [("粮油", 300), ("饮料", 400)]
    assert [(f.key, f.day, f.fixed_fen) for f in _month(any_database, sales_margin_facts, 7)] == \
        [("饮料", D(2026, 7, 2), -100)]


def test_a_rate_change_moves_only_the_months_after_it(any_database, shanghai):
    dataset.build(any_database)
    with any_database.reader() as s:
        facts = gather(s, BUILT_IN_INCOME_SOURCES, D(2026, 6, 1), D(2026, 8, 1))
    before = [statement("s", 2026, m, facts, RATES).by_source() for m in (6, 7)]
    after = [statement("s", 2026, m, facts, RATES + (JULY_RATE,)).by_source() for m in (6, 7)]
    assert before[0] == after[0] == JUNE
    assert after[1] == JULY
    assert before[1][PARCEL_FEE] == JULY[PARCEL_FEE] - 30  # 0.50 instead of 0.80 for the one check-in


def test_a_month_without_records_is_empty(any_database, shanghai):
    dataset.build(any_database)
    with any_database.reader() as s:
        facts = gather(s, BUILT_IN_INCOME_SOURCES, D(2031, 1, 1), D(2031, 2, 1))
    st = statement("s", 2031, 1, facts, RATES)
    assert facts == [] and st.lines == () and st.total_fen == 0


def test_the_queries_use_the_time_indexes(database, shanghai):
    """EXPLAIN QUERY PLAN of each source's range query on SQLite: an index search, never a scan
    of a table that grows with the years (parcel, purchase_order, refund, sale)."""
    from sqlalchemy import event

    dataset.build(database)
    plans: list[str] = []
    engine = database.engine

    def explain(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "EXPLAIN" not in statement:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            plans.append(" | ".join(r[-1] for r in rows))

    event.listen(engine, "before_cursor_execute", explain)
    try:
        with database.reader() as s:
            for source in BUILT_IN_INCOME_SOURCES:
                source(s, D(2026, 6, 1), D(2026, 8, 1))
    finally:
        event.remove(engine, "before_cursor_execute", explain)
    assert plans
    for plan in plans:
        for table in ("parcel", "purchase_order", "purchase_item", "refund", "refund_line", "sale", "sale_line"):
            assert f"SCAN {table} " not in plan + " " and not plan.endswith(f"SCAN {table}"), plan
    print("\n".join(plans))
    assert any("ix_parcel_checked_in_carrier" in p for p in plans)
    assert any("ix_parcel_picked_up_carrier" in p for p in plans)


def test_a_month_of_many_orders_is_read_in_a_few_statements(any_database, shanghai):
    """The Income tab reads twelve months of orders: their items and refunds are read by one
    query each for the month's collected orders (it was three queries per 500 orders, and every
    key made into a UUID: 1.2 s of the tab's 1.8 s at five years), whatever their number."""
    from sqlalchemy import event

    from pos.db.models import PurchaseItem, PurchaseOrder, Refund, RefundLine

    with any_database.unit_of_work() as s:
        for i in range(1_200):
            order = PurchaseOrder(number=f"P{i:05d}", status="collected", placed_at=dataset.L(6, 1),
                                  collected_at=dataset.L(6, 1 + i % 30, 10))
            s.add(order)
            s.flush()
            item = PurchaseItem(order_id=order.id, description="x", unit_price_fen=1_000, quantity=1, category="家电")
            s.add(item)
            if i % 100 == 0:  # a refund after collection, in July
                s.flush()
                r = Refund(number=f"T{i}", purchase_id=order.id, total_fen=100, at=dataset.L(7, 2), reason="x")
                s.add(r)
                s.flush()
                s.add(RefundLine(refund_id=r.id, purchase_item_id=item.id, quantity=0, amount_fen=100))
    selects: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(any_database.engine, "before_cursor_execute", count)
    try:
        with any_database.reader() as s:
            june = purchase_facts(s, D(2026, 6, 1), D(2026, 7, 1))
            july = purchase_facts(s, D(2026, 7, 1), D(2026, 8, 1))
    finally:
        event.remove(any_database.engine, "before_cursor_execute", count)
    assert len(june) == 1_200 and sum(f.base_fen for f in june) == 1_200 * 1_000
    assert len(july) == 12 and sum(f.base_fen for f in july) == -12 * 100
    # June: the earlier orders refunded in it, the items, the refunds; July the same and one
    # chunk of the twelve June orders refunded in July (items, refunds)
    assert len(selects) == 3 + 5, selects
