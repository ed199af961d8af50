"""The income arithmetic the station and the county share (pos/domain/income.py)."""

import datetime as dt

import pytest

from pos.domain.errors import ValidationError
from pos.domain.income import (ANY, PARCEL_FEE, PURCHASE_COMMISSION, SERVICE_COMMISSION, Fact,
                               Rate, parse_rates, rate_for, statement)

D = dt.date


def test_a_rate_change_moves_later_days_only():
    rates = [Rate(PARCEL_FEE, ANY, D(2026, 1, 1), fen_each=50, event="checkin"),
             Rate(PARCEL_FEE, ANY, D(2026, 6, 15), fen_each=80, event="checkin")]
    facts = [Fact(PARCEL_FEE, "ZTO", D(2026, 6, 14), event="checkin"),
             Fact(PARCEL_FEE, "ZTO", D(2026, 6, 15), event="checkin")]
    assert statement("s", 2026, 6, facts, rates).total_fen == 130


def test_a_key_of_its_own_beats_the_any_rate_even_when_older():
    rates = [Rate(PURCHASE_COMMISSION, "家电", D(2026, 1, 1), bp=200),
             Rate(PURCHASE_COMMISSION, ANY, D(2026, 5, 1), bp=500)]
    assert rate_for(rates, PURCHASE_COMMISSION, "家电", D(2026, 6, 1)).bp == 200
    assert rate_for(rates, PURCHASE_COMMISSION, "食品", D(2026, 6, 1)).bp == 500
    assert rate_for(rates, PURCHASE_COMMISSION, "食品", D(2026, 4, 1)) is None


def test_a_refund_cancels_its_commission_to_the_fen():
    rates = [Rate(PURCHASE_COMMISSION, ANY, D(2026, 1, 1), bp=350)]
    facts = [Fact(PURCHASE_COMMISSION, "", D(2026, 6, 1), base_fen=10050),
             Fact(PURCHASE_COMMISSION, "", D(2026, 6, 2), base_fen=-10050, count=-1)]
    assert statement("s", 2026, 6, facts, rates).total_fen == 0


def test_fixed_amounts_and_the_county_share():
    facts = [Fact(SERVICE_COMMISSION, "phone_topup", D(2026, 6, 1), base_fen=5000, fixed_fen=40),
             Fact("sales_margin", "饮料", D(2026, 6, 1), base_fen=300, fixed_fen=120)]
    st = statement("s", 2026, 6, facts, [])
    assert (st.total_fen, st.county_owes_fen) == (160, 40)


@pytest.mark.parametrize("bad", [
    "x", [{"source": "nope", "valid_from": "2026-01-01"}],
    [{"source": PARCEL_FEE, "valid_from": "2026-01-01", "fen_each": 50}],
    [{"source": PURCHASE_COMMISSION, "valid_from": "2026-13-01", "bp": 1}],
    [{"source": PURCHASE_COMMISSION, "valid_from": "2026-01-01", "bp": -1}],
    [{"source": PURCHASE_COMMISSION, "valid_from": "2026-01-01", "bp": True}],
])
def test_bad_rate_tables_are_refused(bad):
    with pytest.raises(ValidationError):
        parse_rates(bad)


def test_record_rules_parcels_purchases_services():
    from pos.domain.income import (ItemRefund, parcel_facts, purchase_item_facts,
                                   service_facts)
    rates = [Rate(PARCEL_FEE, ANY, D(2026, 1, 1), fen_each=30, event="checkin"),
             Rate(PARCEL_FEE, "YTO", D(2026, 1, 1), fen_each=50, event="handover"),
             Rate(PURCHASE_COMMISSION, ANY, D(2026, 1, 1), bp=500)]
    facts = parcel_facts("YTO", D(2026, 6, 1), D(2026, 6, 3)) + parcel_facts("ZTO", D(2026, 6, 1), None)
    facts += purchase_item_facts("", 10000, D(2026, 6, 5), [ItemRefund(D(2026, 6, 2), 2000, False)])
    facts += purchase_item_facts("", 10000, D(2026, 6, 5), [ItemRefund(D(2026, 7, 2), 10000, True)])
    facts += purchase_item_facts("", 10000, None)
    facts += service_facts("phone_topup", D(2026, 6, 1), 5000, 50, refunded=D(2026, 7, 1))
    june, july = statement("s", 2026, 6, facts, rates), statement("s", 2026, 7, facts, rates)
    assert june.total_fen == 30 + 50 + 30 + 400 + 500 + 50
    assert july.total_fen == -500 - 50


def test_sale_margin_and_a_refund_of_part_of_the_line():
    from pos.domain.income import LineRefund, line_cost_fen, sale_line_facts
    facts = sale_line_facts("饮料", D(2026, 6, 30), 1000, 4, 150, [LineRefund(D(2026, 7, 1), 1, 250)])
    june, july = statement("s", 2026, 6, facts, []), statement("s", 2026, 7, facts, [])
    assert (june.total_fen, june.county_owes_fen) == (400, 0)
    assert july.total_fen == -100
    assert sale_line_facts("x", D(2026, 6, 1), 1000, 1, None) == []
    assert line_cost_fen(800, 1, weight_grams=750, weight_unit="jin") == 1200
    assert line_cost_fen(801, 1, weight_grams=333, weight_unit="kg") == 267


def test_percentages_typed_by_the_owner():
    from pos.domain.income import parse_percent_bp, percent_text
    assert [parse_percent_bp(t) for t in ("3.5", "3.5%", " 0.25 ", "100", "12")] == [350, 350, 25, 10000, 1200]
    assert [percent_text(b) for b in (350, 25, 1200, 0)] == ["3.5%", "0.25%", "12%", "0%"]
    for bad in ("", "abc", "-1", "3.555", "101", "1e3", "3,5"):
        with pytest.raises(ValidationError):
            parse_percent_bp(bad)
