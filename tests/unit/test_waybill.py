import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pos.domain.barcodes import with_check_digit
from pos.domain.carriers import load_rules, s10_check_digit
from pos.domain.errors import ValidationError
from pos.domain.waybill import (
    Recognition,
    is_sort_code,
    normalise,
    preference_key,
    recognise,
)

RULES = load_rules()


def carriers(r: Recognition) -> list[str]:
    return [c.carrier for c in r.candidates]


# --- one example per carrier, from the research notes -----------------------------------------


@pytest.mark.parametrize(
    "raw, carrier",
    [
        ("SF1023574626292", "SF"),
        ("79105030690097", "ZTO"),
        ("73100118865046", "ZTO"),
        ("YT1234567890123", "YTO"),  # shape from BF-zh YTO.ts; no public sample in the notes
        ("773012345678901", "STO"),  # shape from packagex STOExpressCourier.kt
        ("463431409940372", "YUNDA"),
        ("462598779470531", "YUNDA"),
        ("JT0019812345678", "JT"),
        ("JT3002232682242", "JT"),
        ("JDVA11408814483", "JD"),
        ("JD0012345678901", "JD"),
        ("1207119765021", "EMS"),
        ("1240921381750", "EMS"),
        ("1136281381675", "EMS"),
        ("EA473124829CN", "EMS"),
        ("RR287043775IN", "CHINAPOST"),
        ("RB123456785GB", "CHINAPOST"),
        ("PA12345678901", "CHINAPOST"),
        ("DPK300585915441", "DEPPON"),
        ("DPK364112047425", "DEPPON"),
    ],
)
def test_recognises_each_carrier(raw, carrier):
    r = recognise(raw, RULES)
    assert r.best.carrier == carrier
    assert not r.ambiguous and r.carrier == carrier
    assert r.number == raw
    assert r.best.rule_id and RULES.rule(r.best.rule_id).source


def test_every_example_in_the_rule_file_is_recognised_as_its_carrier():
    for rule in RULES.rules:
        for sample in rule.examples:
            assert rule.carrier in carriers(recognise(sample, RULES)), (rule.id, sample)


def test_candidates_carry_names_and_reasons():
    best = recognise("79105030690097", RULES).best
    assert (best.name_zh, best.name_en) == ("中通快递", "ZTO Express")
    assert best.reasons[0].params["rule"] == "zto"
    assert "ZTO Express" in best.reasons[0].text


def test_other_carriers_keep_their_own_names():
    yun = recognise("YT2212345678901234", RULES)
    assert (yun.best.carrier, yun.best.name_en) == ("OTHER", "YunExpress")
    dhl = recognise("JD" + "1" * 18, RULES)
    assert (dhl.best.carrier, dhl.best.name_zh) == ("OTHER", "DHL电子商务")


def test_unknown_shape_is_other_and_asks():
    r = recognise("AB12345678CD9", RULES)
    assert carriers(r) == ["OTHER"]
    assert r.ambiguous and r.carrier is None
    assert r.best.rule_id is None


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, number",
    [
        ("JD0012345678901-1-1-", "JD0012345678901"),
        ("JDVA11408814483-2-3-", "JDVA11408814483"),
        ("jdva11408814483-1-10", "JDVA11408814483"),
        ("JDVA11408814483N1S2", "JDVA11408814483"),
        ("JDVA11408814483-1-1-1-1-", "JDVA11408814483"),
        ("  sf1023574626292\r\n", "SF1023574626292"),
        ("SF 1023 5746 26292\t", "SF1023574626292"),
        ("ＳＦ１０２３５７４６２６２９２", "SF1023574626292"),  # full-width from an IME
        ("\ufeffSF1023574626292\u200b", "SF1023574626292"),
        ("7310 0118 8650 46", "73100118865046"),
        ("dpk300585915441", "DPK300585915441"),
    ],
)
def test_normalise(raw, number):
    assert normalise(raw) == number
    assert recognise(raw, RULES).number == number


def test_normalise_keeps_dashes_that_are_not_a_piece_suffix():
    assert normalise("SF10-2357") == "SF10-2357"
    assert normalise("") == ""


# --- refusals ---------------------------------------------------------------------------------

REFUSALS = {
    "empty": ["", "   \r\n", "\u200b"],
    "sort code": ["530-W01 00", "356-01-02AOF3-11", "751-M27-00", " 300 - 050 - 12 "],
    "characters no waybill": [
        "SF1023574626292。",
        "中通73100118865046",
        "https://mini.ems.com.cn/x",
        "79105030-690097",
    ],
    "a waybill number has 8 to 22": ["1234567", "SF12", "1" * 23],
    "too few digits": ["HELLOWORLD", "ABCDEFGH12"],
    "product barcode": ["6901234567892", "6920152400012", with_check_digit("693000000000")],
    "check digit of the postal number": ["RR287043774IN", "EA473124820CN", "RB123456786US"],
    "characters instead of": ["SF10235746262", "JT00198123456789", "DPK3005859154", "YT12345678901234567"],
    "does not match its format": ["SF10235746262AB", "DPK30058591544A", "JDVA1140881448X"],
}


@pytest.mark.parametrize("fragment, raw", [(f, r) for f, raws in REFUSALS.items() for r in raws])
def test_refusals(fragment, raw):
    with pytest.raises(ValidationError) as exc:
        recognise(raw, RULES)
    assert fragment in str(exc.value)
    assert exc.value.field == "waybill"


def test_each_refusal_kind_has_its_own_message():
    templates = set()
    for raws in REFUSALS.values():
        with pytest.raises(ValidationError) as exc:
            recognise(raws[0], RULES)
        templates.add(exc.value.message)
    assert len(templates) == len(REFUSALS)


def test_refusal_parameters_for_translation():
    with pytest.raises(ValidationError) as exc:
        recognise("SF10235746262", RULES)
    p = exc.value.params
    assert (p["carrier_zh"], p["carrier_en"], p["length"], p["expected"]) == ("顺丰速运", "SF Express", 13, "15")
    with pytest.raises(ValidationError) as exc:
        recognise("SF1023\x005746262", RULES)
    assert "U+0000" in str(exc.value) and "?" in exc.value.params["code"]


def test_long_input_is_quoted_short():
    with pytest.raises(ValidationError) as exc:
        recognise("9" * 200, RULES)
    assert len(exc.value.params["code"]) == 30


def test_product_prefix_only_refuses_when_no_carrier_rule_claims_the_number():
    # a valid EAN-13 outside 690-699 is not refused: it may be an unknown carrier's number
    r = recognise(with_check_digit("400638133393"), RULES)
    assert carriers(r) == ["OTHER"]
    # a 69x number whose EAN check fails is no product barcode
    assert carriers(recognise("6901234567893", RULES)) == ["OTHER"]


def test_domestic_ems_check_ranks_but_never_refuses():
    good = recognise("1207119765021", RULES)
    bad = recognise("1207119765121", RULES)  # digit 11 changed
    assert good.best.carrier == bad.best.carrier == "EMS"
    assert good.best.confidence > bad.best.confidence
    assert not good.ambiguous and bad.ambiguous
    assert "right" in good.best.reasons[-1].text and "wrong" in bad.best.reasons[-1].text


@pytest.mark.parametrize(
    "raw",
    ["7310 0118 8650 46", "731 0011 8865 046", "SF1023574626292", "JD0012345678901-1-1-", "12345678-1-1"],
)
def test_not_sort_codes(raw):
    assert not is_sort_code(raw)


def test_sort_codes():
    assert is_sort_code("530-W01 00") and is_sort_code("356-01-02AOF3-11") and is_sort_code("530 W01 00")


# --- ambiguity and ranking --------------------------------------------------------------------


def test_twelve_pure_digits_always_ask():
    r = recognise("123456789012", RULES)
    assert r.ambiguous and r.carrier is None
    assert set(carriers(r)) == {"SF", "ZTO", "JD"}
    confidences = [c.confidence for c in r.candidates]
    assert confidences == sorted(confidences, reverse=True)


def test_legacy_sto_prefix_ranks_first_among_twelve_digits():
    r = recognise("268123456789", RULES)
    assert r.ambiguous and r.best.carrier == "STO"


def test_thirteen_digits_96_check_decides_between_ems_and_china_post():
    serial = "61234567"
    body = "96" + serial
    passing = body + str(s10_check_digit(serial)) + "00"
    failing = body + str((s10_check_digit(serial) + 1) % 10) + "00"
    p, f = recognise(passing, RULES), recognise(failing, RULES)
    assert carriers(p)[:2] == ["EMS", "CHINAPOST"] and not p.ambiguous
    assert carriers(f)[:2] == ["CHINAPOST", "EMS"] and f.ambiguous


def test_china_post_sample_failing_the_check_prefers_china_post():
    r = recognise("9893442769997", RULES)
    assert carriers(r) == ["CHINAPOST", "EMS"] and r.ambiguous


def test_fifty_prefix_ems_versus_old_yunda():
    serial = "12345678"
    passing = "50" + serial + str(s10_check_digit(serial)) + "00"
    assert carriers(recognise(passing, RULES))[:2] == ["EMS", "YUNDA"]
    failing = "50" + serial + str((s10_check_digit(serial) + 3) % 10) + "00"
    r = recognise(failing, RULES)
    assert r.best.carrier == "YUNDA" and r.ambiguous


# --- remembered preferences -------------------------------------------------------------------


def test_preference_key():
    assert preference_key("JD0012345678901-1-1-") == "15:JD00"
    assert preference_key(" 9893 4427 69997 ") == "13:9893"
    assert preference_key("123456789012") == "12:1234"
    assert recognise("9893442769997", RULES).preference_key == "13:9893"


def test_remembered_choice_settles_an_ambiguous_number():
    first = recognise("123456789012", RULES)
    assert first.ambiguous
    prefs = {first.preference_key: "ZTO"}
    again = recognise("123498765432", RULES, prefs)
    assert again.preferred and not again.ambiguous and again.carrier == "ZTO"
    assert "Chosen at this station" in again.best.reasons[0].text
    assert again.best.rule_id == "zto-legacy-12"
    assert set(carriers(again)) == {"SF", "ZTO", "JD"}


def test_choice_does_not_spill_to_other_lengths_or_prefixes():
    prefs = {"12:1234": "ZTO"}
    assert recognise("123598765432", RULES, prefs).ambiguous
    assert not recognise("1234987654321", RULES, prefs).preferred


def test_choice_of_a_carrier_no_rule_proposed_comes_first():
    prefs = {"13:9893": "YUNDA"}
    r = recognise("9893442769997", RULES, prefs)
    assert carriers(r) == ["YUNDA", "CHINAPOST", "EMS"]
    assert r.best.rule_id is None and r.carrier == "YUNDA"


def test_choice_outranks_a_confident_rule():
    r = recognise("RR287043775IN", RULES, {"13:RR28": "EMS"})
    assert carriers(r) == ["EMS", "CHINAPOST"]
    assert r.candidates[1].confidence > r.candidates[0].confidence - 10


def test_unknown_code_in_preferences_is_ignored():
    r = recognise("123456789012", RULES, {"12:1234": "ZJS"})
    assert not r.preferred and r.ambiguous


def test_choice_never_overrides_a_refusal():
    with pytest.raises(ValidationError):
        recognise("RR287043774IN", RULES, {"13:RR28": "CHINAPOST"})


# --- properties -------------------------------------------------------------------------------

waybillish = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[A-Za-z]{0,3}[0-9 ]{6,20}(-[0-9]{1,2}){0,3}-?", fullmatch=True),
    st.from_regex(r"[0-9]{3}[- ][0-9A-Z]{1,4}[- ][0-9]{2}", fullmatch=True),
    st.text(alphabet="0123456789ABCDEJKPSTYVN-* \t\r\n", max_size=25),
)


@settings(max_examples=400)
@given(waybillish)
def test_any_text_gives_a_recognition_or_a_validation_error(raw):
    try:
        r = recognise(raw, RULES, {"13:1234": "EMS", "12:1234": "OTHER"})
    except ValidationError as exc:
        assert exc.field == "waybill" and str(exc)
        return
    assert r.candidates and r.number == normalise(raw)
    assert all(1 <= c.confidence <= 99 for c in r.candidates)
    assert r.preference_key == preference_key(r.number) == preference_key(raw)
    assert recognise(r.number, RULES).number == r.number


@given(waybillish)
@example("U\u00af")  # space and combining macron: composed only once the space is gone
def test_normalise_is_idempotent(raw):
    n = normalise(raw)
    assert normalise(n) == n


letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)


@given(letters, st.text("0123456789", min_size=8, max_size=8), letters)
def test_s10_numbers_with_the_right_digit_are_accepted(service, serial, country):
    number = f"{service}{serial}{s10_check_digit(serial)}{country}"
    r = recognise(number, RULES)
    assert r.best.carrier == ("EMS" if service[0] == "E" else "CHINAPOST")


@given(letters, st.text("0123456789", min_size=8, max_size=8), letters, st.integers(1, 9))
def test_s10_numbers_with_a_wrong_digit_are_refused(service, serial, country, delta):
    wrong = (s10_check_digit(serial) + delta) % 10
    with pytest.raises(ValidationError) as exc:
        recognise(f"{service}{serial}{wrong}{country}", RULES)
    assert "check digit" in str(exc.value)


@given(st.text("0123456789", min_size=8, max_size=8))
def test_s10_check_digit_catches_single_digit_errors(serial):
    digit = s10_check_digit(serial)
    assert 0 <= digit <= 9
    for i in range(8):
        for d in "0123456789":
            if d != serial[i]:
                changed = serial[:i] + d + serial[i + 1 :]
                # 11 is prime and no weight is a multiple of it, so any single change moves the
                # sum mod 11; only the standard's folding of C = 11 onto 5 lets two sums share
                # a digit, so a miss can only happen when the digit is 5
                if s10_check_digit(changed) == digit:
                    assert digit == 5
