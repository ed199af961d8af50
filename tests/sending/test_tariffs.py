"""Tariff files and pricing: the shipped examples load, bad files name file, key and line, and the
price follows the rules for every weight and size."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.errors import ValidationError
from pos.domain.tariffs import (
    PROVINCES,
    Size,
    TariffFileError,
    load_tariffs,
    parse_tariff,
    province_of,
    quote,
)
from pos.resources import resource

GOOD = """
version = 1
carrier = "ZTO"
volumetric_divisor = 8000
rounding_step_kg = 0.5
[insurance]
rate_percent = 0.5
minimum = 1
max_value = 20000
[[zones]]
name = "省内"
provinces = ["湖南省"]
first_weight_kg = 1
first_price = 5
additional_kg_price = 3
[[zones]]
name = "其他"
others = true
first_weight_kg = 1
first_price = 10
additional_kg_price = 5.5
"""


def tariff(text: str = GOOD):
    return parse_tariff(text, "ZTO.toml", "ZTO")


def test_shipped_examples_load_and_say_they_are_examples():
    tariffs = load_tariffs([resource("tariffs")])
    assert {"SF", "ZTO", "EMS"} <= set(tariffs)
    for t in tariffs.values():
        assert "示例" in t.note
        assert all(t.zone_for(p) for p in PROVINCES)  # every province has a price


def test_data_folder_file_replaces_the_shipped_one(tmp_path: Path):
    (tmp_path / "ZTO.toml").write_text(GOOD.replace("first_price = 5", "first_price = 6"), encoding="utf-8")
    tariffs = load_tariffs([resource("tariffs"), tmp_path])
    assert tariffs["ZTO"].zone_for("湖南").first_fen == 600
    assert tariffs["ZTO"].origin == str(tmp_path / "ZTO.toml")


def test_province_names_full_and_short():
    assert province_of("广西壮族自治区") == "广西"
    assert province_of(" 湖南省 ") == "湖南"
    assert province_of("内蒙古自治区") == "内蒙古"
    assert province_of("火星") is None


def test_price_first_weight_additional_and_zone():
    t = tariff()
    q = quote(t, "湖南", 800)
    assert (q.zone, q.chargeable_grams, q.first_fen, q.additional_fen, q.total_fen) == ("省内", 1000, 500, 0, 500)
    q = quote(t, "新疆", 2300)  # 2.5 kg charged: 10 + 1.5 × 5.5 = 18.25
    assert (q.zone, q.chargeable_grams, q.additional_fen, q.total_fen) == ("其他", 2500, 825, 1825)


def test_volumetric_weight_counts_when_heavier():
    q = quote(tariff(), "湖南", 500, Size(40, 30, 20))  # 24000 cm³ / 8000 = 3 kg
    assert (q.volumetric_grams, q.chargeable_grams, q.total_fen) == (3000, 3000, 500 + 600)


def test_insurance_rate_and_minimum():
    assert quote(tariff(), "湖南", 500, insured_value_fen=10_000).insurance_fen == 100  # 0.5% of 100 < ¥1
    assert quote(tariff(), "湖南", 500, insured_value_fen=1_000_000).insurance_fen == 5000
    with pytest.raises(ValidationError, match="20000"):
        quote(tariff(), "湖南", 500, insured_value_fen=2_000_001)


@pytest.mark.parametrize("grams", [0, -5, 1_000_001])
def test_bad_weights_refused(grams):
    with pytest.raises(ValidationError):
        quote(tariff(), "湖南", grams)


def test_bad_size_refused():
    with pytest.raises(ValidationError, match="cm"):
        quote(tariff(), "湖南", 500, Size(0, 10, 10))


def test_unknown_province_refused():
    with pytest.raises(ValidationError, match="火星"):
        quote(tariff(), "火星", 500)


def test_province_without_zone_refused():
    t = tariff(GOOD.split("[[zones]]\nname = \"其他\"")[0])
    with pytest.raises(ValidationError, match="no price for 新疆"):
        quote(t, "新疆", 500)


@given(grams=st.integers(1, 60_000), length=st.integers(1, 120), width=st.integers(1, 120),
       height=st.integers(1, 120), province=st.sampled_from(PROVINCES))
def test_price_rules_hold_for_any_parcel(grams, length, width, height, province):
    t = tariff()
    size = Size(length, width, height)
    q = quote(t, province, grams, size)
    vol = -(-length * width * height * 1000 // 8000)
    assert q.volumetric_grams == vol
    assert q.chargeable_grams >= max(grams, vol)
    assert q.chargeable_grams - max(grams, vol) < 500 and q.chargeable_grams % 500 == 0
    zone = t.zone_for(province)
    assert q.first_fen == zone.first_fen
    extra = max(0, q.chargeable_grams - zone.first_weight_grams)
    assert abs(q.additional_fen * 1000 - zone.additional_kg_fen * extra) <= 500  # half a fen at most
    # heavier never costs less
    assert quote(t, province, grams + 500, size).total_fen >= q.total_fen


@given(value=st.integers(1, 2_000_000))
def test_insurance_never_below_minimum_and_rounds_half_up(value):
    q = quote(tariff(), "湖南", 500, insured_value_fen=value)
    exact = value * 50 / 10_000
    assert q.insurance_fen == max(100, int(exact + 0.5))


BAD = [
    ("version = 2", 'version = 1', "version"),
    ('carrier = "XX"', 'carrier = "ZTO"', "carrier"),
    ("volumetric_divisor = 12", "volumetric_divisor = 8000", "volumetric_divisor"),
    ("rounding_step_kg = 0", "rounding_step_kg = 0.5", "rounding_step_kg"),
    ("rate_percent = 101", "rate_percent = 0.5", "insurance.rate_percent"),
    ('provinces = ["湖南省", "火星"]', 'provinces = ["湖南省"]', "zones[1].provinces (line 12)"),
    ("first_price = 5.555", "first_price = 5", "zones[1].first_price (line 14)"),
    ("first_weight_kg = 0.7", "first_weight_kg = 1\nfirst_price = 5", "zones[1].first_weight_kg (line 13)"),
    ("additional_kg_price = \"lots\"", "additional_kg_price = 3", "zones[1].additional_kg_price"),
    ("colour = \"red\"\nadditional_kg_price = 3", "additional_kg_price = 3", "zones[1].colour"),
]


@pytest.mark.parametrize(("bad", "good", "key"), BAD)
def test_bad_files_name_the_file_and_key(bad, good, key):
    text = GOOD.replace(good, bad, 1)
    assert text != GOOD
    with pytest.raises(TariffFileError) as err:
        parse_tariff(text, "/data/tariffs/ZTO.toml", "ZTO")
    assert "/data/tariffs/ZTO.toml" in str(err.value)
    assert key in str(err.value)


def test_province_in_two_zones_refused():
    text = GOOD.replace("others = true", 'provinces = ["湖南"]')
    with pytest.raises(TariffFileError, match="already in zone"):
        tariff(text)


def test_file_named_for_another_carrier_refused(tmp_path: Path):
    (tmp_path / "SF.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(TariffFileError, match="named for SF"):
        load_tariffs([tmp_path])


def test_not_toml_refused_with_its_line():
    with pytest.raises(TariffFileError, match="line 3"):
        tariff('version = 1\ncarrier = "ZTO"\nfirst_price = = 3\n')
