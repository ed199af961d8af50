"""SMS-SUBMIT PDUs, decoded by an independent library (smspdudecoder) back to the same text;
the modem replies' meanings."""

from io import StringIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from smspdudecoder.easy import read_outgoing_sms
from smspdudecoder.fields import SMSSubmit

from pos.domain import modem_status as ms
from pos.domain.errors import DeviceError, ValidationError
from pos.domain.sms_pdu import address, encode_submit, is_gsm7, pack_septets

NOTICE = "【村站】您的包裹已到村服务站，取件码A-3-0127，请凭码取件。"


def decode(pdu_hex: str) -> dict:
    return SMSSubmit.decode(StringIO(pdu_hex))


def joined(pdus) -> str:
    """The parts as a phone joins them: by the concatenation header's reference and number."""
    parts = {}
    refs = set()
    for p in pdus:
        sms = decode(p.hex)
        header = sms["user_data"].get("header")
        if header:
            data = header["elements"][0]["data"]
            refs.add((data["reference"], data["parts_count"]))
            parts[data["part_number"]] = sms["user_data"]["data"]
        else:
            parts[1] = sms["user_data"]["data"]
    assert len(refs) <= 1, "all parts carry the same reference and count"
    assert sorted(parts) == list(range(1, len(pdus) + 1))
    return "".join(parts[i] for i in sorted(parts))


def test_single_chinese_notice():
    [pdu] = encode_submit("13800138000", NOTICE)
    got = read_outgoing_sms(pdu.hex)
    assert got == {"recipient": "+8613800138000", "content": NOTICE}
    # 00 SMSC, 11 SUBMIT + relative validity, 00 MR, 0D digits, 91 international, ..., 08 UCS-2
    assert pdu.hex.startswith("0011000D91683108108300F00008A9")
    assert pdu.length == len(pdu.hex) // 2 - 1  # AT+CMGS counts the TPDU without the SMSC octet
    sms = decode(pdu.hex)
    assert sms["dcs"]["encoding"] == "ucs2"


def test_research_worked_example_length():
    # research B2: 29 Chinese characters without validity → AT+CMGS=72
    [pdu] = encode_submit("+8613800138000", "测" * 29, validity=None)
    assert pdu.hex.startswith("0001000D91683108108300F000083A")
    assert pdu.length == 72


def test_long_chinese_message_is_split_and_joins_up():
    text = "您的包裹已到村站。" * 9  # 81 characters: two parts of at most 67
    pdus = encode_submit("13800138000", text, reference=7)
    assert len(pdus) == 2
    first = decode(pdus[0].hex)
    assert pdus[0].hex[2:4] == "51"  # UDHI + validity + SUBMIT
    assert first["user_data"]["header"]["elements"][0]["data"] == {
        "reference": 7, "parts_count": 2, "part_number": 1}
    assert len(first["user_data"]["data"]) == 67
    assert pdus[0].hex[30:32] == "8C"  # UDL after 14 TPDU octets: 140, a full part
    assert joined(pdus) == text


def test_gsm7_for_plain_ascii_and_its_long_form():
    [pdu] = encode_submit("10086", "Parcel A-3-0127 is waiting @ the station")
    sms = decode(pdu.hex)
    assert sms["dcs"]["encoding"] == "gsm"
    assert read_outgoing_sms(pdu.hex) == {"recipient": "10086",
                                          "content": "Parcel A-3-0127 is waiting @ the station"}
    text = "".join(f"Parcel {i:03d} is waiting. " for i in range(12))  # 264 septets
    pdus = encode_submit("+447700900123", text, reference=200)
    assert len(pdus) == 2
    assert joined(pdus) == text
    assert decode(pdus[0].hex)["user_data"]["header"]["elements"][0]["data"]["reference"] == 200


def test_seven_bit_packing():
    # the classic "hellohello" example from GSM 03.38 documents
    assert pack_septets([ord(c) for c in "hellohello"]).hex().upper() == "E8329BFD4697D9EC37"
    assert pack_septets([0x41], fill_bits=1) == bytes([0x82])


def test_emoji_are_never_split():
    text = "取件码A-3-0127" + "😀" * 40  # 11 + 80 UTF-16 units
    pdus = encode_submit("13800138000", text)
    for p in pdus:
        units = decode(p.hex)["user_data"]["data"]
        assert not any(0xD800 <= ord(ch) <= 0xDBFF for ch in units[-1:])
    assert joined(pdus) == text


def test_exactly_seventy_chinese_characters_fit_one_sms():
    assert len(encode_submit("13800138000", "包" * 70)) == 1
    assert len(encode_submit("13800138000", "包" * 71)) == 2
    assert len(encode_submit("13800138000", "a" * 160)) == 1
    assert len(encode_submit("13800138000", "a" * 161)) == 2


@pytest.mark.parametrize("phone, expected", [
    ("13800138000", ("8613800138000", 0x91)),
    ("138 0013 8000", ("8613800138000", 0x91)),
    ("+86 138-0013-8000", ("8613800138000", 0x91)),
    ("008613800138000", ("8613800138000", 0x91)),
    ("10086", ("10086", 0x81)),
    ("057188886666", ("057188886666", 0x81)),
])
def test_addresses(phone, expected):
    assert address(phone) == expected


@pytest.mark.parametrize("phone", ["", "abc", "138****5678", "12", "+"])
def test_bad_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        encode_submit(phone, "hi")


def test_empty_and_too_long_texts_are_refused():
    with pytest.raises(ValidationError):
        encode_submit("13800138000", "")
    with pytest.raises(ValidationError):
        encode_submit("13800138000", "长" * 1000)


def test_is_gsm7():
    assert is_gsm7("Hello @ £5 Ä")
    assert not is_gsm7("您好")
    assert not is_gsm7("{braces}")  # extension table: sent as UCS-2


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=400),
       st.integers(0, 255))
def test_any_text_round_trips_through_the_independent_decoder(text, ref):
    pdus = encode_submit("13800138000", text, reference=ref)
    assert joined(pdus) == text
    for p in pdus:
        assert p.length == len(p.hex) // 2 - 1
        assert len(bytes.fromhex(p.hex)) <= 1 + 12 + 1 + 140 + 7  # header + UDL + UD


# modem replies -----------------------------------------------------------------------------------
def test_signal_bars_and_dbm():
    assert [ms.bars_from_rssi(r) for r in (0, 1, 2, 9, 10, 15, 20, 31, 99)] == [0, 0, 1, 1, 2, 3, 4, 4, 0]
    assert ms.rssi_to_dbm(0) == -113 and ms.rssi_to_dbm(31) == -51 and ms.rssi_to_dbm(99) is None
    assert ms.parse_csq("+CSQ: 21,99") == 21 and ms.parse_csq("junk") == 99


def test_sim_and_registration():
    assert ms.parse_cpin("+CPIN: READY") == ms.SIM_READY
    assert ms.parse_cpin("+CPIN: SIM PIN") == ms.SIM_PIN
    assert ms.parse_cpin("+CPIN: SIM PUK") == ms.SIM_PUK
    assert ms.sim_from_cme(10) == ms.SIM_MISSING
    assert ms.parse_creg("+CREG: 0,1") == ms.REG_HOME
    assert ms.parse_creg("+CREG: 2,5,\"1A2B\",\"01C3D4E5\",7") == ms.REG_ROAMING
    assert ms.parse_creg("+CEREG: 0,2") == ms.REG_SEARCHING
    assert ms.parse_creg("+CREG: 0,x") == ms.REG_UNKNOWN
    assert ms.best_registration(ms.REG_SEARCHING, ms.REG_HOME) == ms.REG_HOME
    assert ms.best_registration() == ms.REG_UNKNOWN
    ready = ms.ModemStatus(True, ms.SIM_READY, 3, -75, ms.REG_HOME)
    assert ready.can_send
    assert not ms.ModemStatus(True, ms.SIM_MISSING, 3, -75, ms.REG_HOME).can_send


def test_error_reasons():
    err = ms.cms_error(331)
    assert isinstance(err, DeviceError) and err.retry and err.code == 331
    assert str(err) == "No network (CMS 331); it will be tried again"
    assert not ms.cms_error(304).retry
    assert not ms.cms_error(1).retry and "does not exist" in str(ms.cms_error(1))
    assert ms.cms_error(17).retry
    assert str(ms.cms_error(99)) == "The network refused the message (network code 99)"
    assert str(ms.cms_error(399)) == "The modem refused the message (CMS 399)"
    assert str(ms.cme_error(10)) == "No SIM card in the modem"
    assert str(ms.cme_error(777)) == "The modem reported error 777"
