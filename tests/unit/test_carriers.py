import ast
import json
import re
import string
from pathlib import Path

import pytest

from pos.domain.carriers import (
    CARRIER_CODES,
    RuleFileError,
    load_rules,
    parse_rules,
    s10_check_digit,
    s10_check_ok,
)
from pos.resources import resource

SHIPPED = resource("carriers.toml")
REPO = Path(__file__).resolve().parents[2]

MINIMAL = """
version = 1
[limits]
min_length = 8
max_length = 22
min_digits = 6
product_prefixes = ["690-699"]
[carriers.SF]
name_zh = "顺丰速运"
name_en = "SF Express"
[carriers.OTHER]
name_zh = "其他快递"
name_en = "Other carrier"
[[rules]]
id = "sf"
carrier = "SF"
pattern = '^SF\\d{13}$'
lengths = [15]
score = 95
source = "test"
examples = ["SF1023574626292"]
"""


def test_shipped_file_loads_with_every_carrier_and_a_source_per_rule():
    rules = load_rules()
    assert set(rules.carriers) == set(CARRIER_CODES)
    assert rules.carrier("ZTO").name_zh == "中通快递" and rules.carrier("ZTO").name_en == "ZTO Express"
    assert all(r.source for r in rules.rules)
    assert {r.carrier for r in rules.rules} >= set(CARRIER_CODES)
    assert rules.rule("ems-domestic").check == "s10"
    assert rules.origin == str(SHIPPED)


def test_load_from_an_explicit_path(tmp_path):
    path = tmp_path / "carriers.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    rules = load_rules(path)
    assert [r.id for r in rules.rules] == ["sf"]
    assert rules.limits.is_product_prefix("6901234567892")
    assert not rules.limits.is_product_prefix("7001234567892")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(RuleFileError) as exc:
        load_rules(tmp_path / "nope.toml")
    assert "cannot be read" in str(exc.value)


def test_toml_syntax_error():
    with pytest.raises(RuleFileError) as exc:
        parse_rules("version = [", origin="x.toml")
    assert "x.toml" in str(exc.value) and "not valid TOML" in str(exc.value)


def _broken(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new)


@pytest.mark.parametrize(
    "text, where, problem",
    [
        (_broken("pattern = '^SF\\d{13}$'", "pattern = '^SF(\\d{13}$'"), "rule 'sf'", "regular expression"),
        (_broken('carrier = "SF"', 'carrier = "XX"'), "rule 'sf'", "not listed under [carriers]"),
        (_broken('source = "test"', 'sorce = "test"'), "rule 'sf'", "unknown fields ['sorce']"),
        (_broken('source = "test"', ""), "rule 'sf'", "source is required"),
        (_broken("score = 95", "score = 120"), "rule 'sf'", "score must be"),
        (_broken("score = 95", "score = true"), "rule 'sf'", "score must be"),
        (_broken("lengths = [15]", "lengths = [14]"), "rule 'sf'", "example 'SF1023574626292'"),
        (_broken("lengths = [15]", "lengths = [40]"), "rule 'sf'", "lengths must lie within"),
        (_broken('examples = ["SF1023574626292"]', 'examples = ["SF123"]'), "rule 'sf'", "example 'SF123'"),
        (_broken('id = "sf"', 'id = "SF rule"'), "rule number 1", "id must be"),
        (_broken('score = 95', 'score = 95\ncheck = "luhn"'), "rule 'sf'", "check must be one of"),
        (
            _broken('score = 95', 'score = 95\ncheck = "s10"\ncheck_failure = "refuse"'),
            "rule 'sf'",
            "wrong check digit",  # an SF number is no S10 shape, so its check cannot pass
        ),
        (_broken('score = 95', 'score = 95\nname_zh = "x"\nname_en = "y"'), "rule 'sf'", "only on OTHER"),
        (_broken('score = 95', 'score = 95\nprefix = "sf"'), "rule 'sf'", "prefix must be"),
        (_broken("[carriers.OTHER]", "[carriers.ZJS]"), "[carriers.ZJS]", "unknown carrier code"),
        (_broken('name_en = "SF Express"', ""), "[carriers.SF]", "name_zh and name_en"),
        (_broken('name_zh = "其他快递"\nname_en = "Other carrier"\n', ""), "[carriers.OTHER]", "needs exactly"),
        (_broken("min_length = 8", "min_length = 30"), "[limits]", "larger than max_length"),
        (_broken('["690-699"]', '["699-690"]'), "[limits]", "not a range"),
        (_broken("version = 1", "version = 2"), "the top level", "version must be 1"),
        (_broken("version = 1", "version = 1\nextra = 3"), "the top level", "unknown entries"),
        (MINIMAL + MINIMAL[MINIMAL.index("[[rules]]") :], "rule 'sf'", "same id"),
    ],
)
def test_bad_rule_file_names_the_rule(text, where, problem):
    with pytest.raises(RuleFileError) as exc:
        parse_rules(text, origin="carriers.toml")
    message = str(exc.value)
    assert exc.value.params["rule"] == where
    assert problem in message
    assert message.startswith("The carrier rule file carriers.toml has a mistake in")


def test_check_mismatch_on_a_refusing_rule_is_reported():
    text = MINIMAL.replace("pattern = '^SF\\d{13}$'", "pattern = '^[A-Z]{2}\\d{9}[A-Z]{2}$'")
    text = text.replace('examples = ["SF1023574626292"]', 'examples = ["RR287043774IN"]')
    text = text.replace("lengths = [15]", 'lengths = [13]\ncheck = "s10"\ncheck_failure = "refuse"')
    with pytest.raises(RuleFileError) as exc:
        parse_rules(text)
    assert "wrong check digit" in str(exc.value)


def test_patterns_are_ascii_only():
    rules = parse_rules(MINIMAL)
    assert not rules.rule("sf").matches("SF" + "١" * 13)  # Arabic-Indic digits


# --- S10 check digit ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "serial, digit",
    [("28704377", 5), ("12345678", 5), ("47312482", 9)],  # Wikipedia and jkeen/tracking_number_data
)
def test_s10_published_vectors(serial, digit):
    assert s10_check_digit(serial) == digit


def test_s10_check_ok_positions():
    assert s10_check_ok("RR287043775IN")
    assert not s10_check_ok("RB123456786US")  # in jkeen's invalid list
    assert s10_check_ok("1207119765021")  # domestic EMS: digit 11 over digits 3-10
    assert not s10_check_ok("12071197650")
    assert not s10_check_ok("RRABCDEFGH5IN")
    with pytest.raises(ValueError):
        s10_check_digit("1234567")


# --- translations: every message of the parsers has its Chinese text -------------------------

PARSER_MODULES = ["barcodes.py", "carriers.py", "waybill.py", "phone.py"]


def _marked_messages() -> set[str]:
    found = set()
    for name in PARSER_MODULES:
        tree = ast.parse((REPO / "pos" / "domain" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr_noop":
                assert node.args[0].value == "errors"
                found.add(node.args[1].value)
    return found


def test_every_parser_message_has_a_chinese_translation():
    pending = json.loads(resource("translations", "pending", "parsers.json").read_text(encoding="utf-8"))
    messages = _marked_messages()
    assert messages == set(pending)
    for english, chinese in pending.items():
        fields_en = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        fields_zh = {f for _, f, _, _ in string.Formatter().parse(chinese) if f}
        assert fields_zh <= fields_en | {"carrier_zh"}, english
        assert re.search(r"[\u4e00-\u9fff]", chinese), english
