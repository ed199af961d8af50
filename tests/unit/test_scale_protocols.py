"""Scale frames decoded into grams: the three families, noise, torn frames, the hold rule, specs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.errors import ValidationError
from pos.domain.scale_protocols import (
    ReversedEqualsDecoder,
    DECODERS,
    StableHold,
    StatusLineDecoder,
    StxXorDecoder,
    ToledoDecoder,
    Weight,
    detect_protocol,
    make_decoder,
    reversed_equals_frame,
    stx_xor_frame,
    to_grams,
    toledo_checksum,
    toledo_frame,
)
from pos.domain.devices.scale_spec import SCALE_PROTOCOLS, SerialLine, parse_modem_spec, parse_scale_spec


def test_weight_shown_in_kg_and_jin():
    w = Weight(1234)
    assert w.kg_text() == "1.234"
    assert w.jin_text() == "2.47"  # 1234 g = 2.468 斤
    assert Weight(500).jin_text() == "1.00"
    assert Weight(-120).kg_text() == "-0.120"
    assert Weight(2345).less_tare(345) == Weight(2000, net=True)
    assert Weight(100).less_tare(0) == Weight(100)
    assert Weight(100).usable and not Weight(100, stable=False).usable
    assert not Weight(0, overload=True).usable and not Weight(-5).usable


def test_units_to_grams():
    assert to_grams("1.234", "kg") == 1234
    assert to_grams("123.45", "g") == 123  # rounded half up
    assert to_grams("123.5", "g") == 124
    assert to_grams("1", "lb") == 454
    assert to_grams("2", "SJ") == 1000  # 斤 on some indicators
    assert to_grams("0.002", "t") == 2000
    assert to_grams("1", "furlong") is None
    assert to_grams("1..2", "kg") is None


# ST,GS lines ------------------------------------------------------------------------------------
@pytest.mark.parametrize("line, weight", [
    (b"ST,GS,+0001.234kg\r\n", Weight(1234)),
    (b"US,NT,-0000.120kg\r\n", Weight(-120, stable=False, net=True)),
    (b"ST,NT,+0000.500kg\r\n", Weight(500, net=True)),
    (b"OL,GS,+9999999kg\r\n", Weight(0, stable=False, overload=True)),
    (b"OL,GS,         kg\r\n", Weight(0, stable=False, overload=True)),
    (b"UL,GS,-0000.100kg\r\n", Weight(0, stable=False, overload=True)),
    (b"ST,+00123.45  g\r\n", Weight(123)),  # A&D balance: no gross/net field
    (b"ST,GS,   1.234,kg\r\n", Weight(1234)),  # Dini Argeo: comma before the unit
    (b"ST,GS,+0002.500lb\r\n", Weight(1134)),
    (b"ST,GS,\x00\x44,  1.234 kg\r\n", Weight(1234)),  # CAS 22-byte: device id and lamp bytes
    (b"st,gs,+0001.000KG\r", Weight(1000)),
    (b"ST,GS,+0000.000kg\n", Weight(0)),
])
def test_status_lines(line, weight):
    assert StatusLineDecoder().feed(line) == [weight]


def test_status_lines_skip_noise_torn_lines_and_parity_bits():
    d = StatusLineDecoder()
    # the port opened mid-line, then garbage from a wrong baud rate, then a 7E1 line read as 8N1
    parity = bytes(b | 0x80 if bin(b).count("1") % 2 else b for b in b"ST,GS,+0002.000kg\r\n")
    got = d.feed(b"01.234kg\r\n\xff\xfe\x00\r\nXX,YY\r\n" + parity)
    assert got == [Weight(2000)]
    # a line split over many reads
    got = []
    for byte in b"US,GS,+0003.000kg\r\n":
        got += d.feed(bytes([byte]))
    assert got == [Weight(3000, stable=False)]
    assert d.feed(b"ST,GS,+00??.000kg\r\nST,GS,+0001.000furlong\r\n") == []


def test_line_decoder_caps_its_buffer():
    d = StatusLineDecoder()
    d.feed(b"x" * 10_000)
    assert len(d._buf) <= 64
    assert d.feed(b"\r\nST,GS,+0001.000kg\r\n") == [Weight(1000)]


# Toledo continuous ------------------------------------------------------------------------------
def test_toledo_frame_layout_and_checksum():
    frame = toledo_frame(1234, tare=500, places=3, checksum=True)
    assert len(frame) == 18 and frame[0] == 0x02 and frame[16] == 0x0D
    assert frame[4:16] == b"001234000500"
    assert sum(frame) & 0x7F == 0  # the 7-bit sum of the whole frame is zero
    assert toledo_checksum(frame[:17]) == frame[17]


@pytest.mark.parametrize("kwargs, weight", [
    (dict(grams=1234, places=3), Weight(1234)),
    (dict(grams=1234, places=3, motion=True), Weight(1234, stable=False)),
    (dict(grams=-120, places=3, net=True), Weight(-120, net=True)),
    (dict(grams=20_000, places=2), Weight(20_000)),
    (dict(grams=20_000, places=1), Weight(20_000)),
    (dict(grams=20_000, places=0), Weight(20_000)),
    (dict(grams=5, places=3, overload=True), Weight(0, stable=False, overload=True)),
    (dict(grams=1234, unit_kg=False), Weight(1234)),  # SWC says grams
])
@pytest.mark.parametrize("checksum", [False, True])
def test_toledo_frames(kwargs, weight, checksum):
    frame = toledo_frame(**kwargs, checksum=checksum)
    d = ToledoDecoder()
    # without a checksum the decoder waits for the next STX to be sure none follows CR
    first = d.feed(frame)
    assert first == ([weight] if checksum else [])
    assert first + d.feed(frame * 2) == [weight, weight, weight]
    assert d.checksum is checksum


def test_toledo_decimal_codes_and_hundreds():
    d = ToledoDecoder()
    # SWA code 0: the digits count hundreds; SWB 0x10 kg
    frame = bytes([2, 0x20, 0x30, 0x20]) + b"000012000000\r"
    assert d.feed(frame + frame) == [Weight(1_200_000)] * 2
    # spaces for leading zeros, pounds
    frame = bytes([2, 0x24, 0x20, 0x20]) + b"  1000000000\r"  # 10.00 lb
    assert ToledoDecoder().feed(frame + frame) == [Weight(4536)] * 2


def test_toledo_noise_torn_frames_and_bad_checksum():
    good = toledo_frame(2500, checksum=True)
    d = ToledoDecoder()
    stream = good[7:] + b"\x02\xff\x00noise" + good + good
    assert d.feed(stream) == [Weight(2500)] * 2
    assert d.checksum is True
    bad = bytearray(good)
    bad[8] = ord("9")  # a digit flipped on the line: checksum no longer matches
    assert d.feed(bytes(bad) + good + good) == [Weight(2500)] * 2
    # byte by byte
    got = []
    for byte in good * 3:
        got += d.feed(bytes([byte]))
    assert got == [Weight(2500)] * 3


def test_toledo_seven_bit_frames_read_with_parity():
    frame = toledo_frame(750, checksum=False)
    parity = bytes(b | 0x80 if bin(b).count("1") % 2 else b for b in frame)
    assert ToledoDecoder().feed(parity * 2) == [Weight(750)] * 2


# XK3190 "=" ------------------------------------------------------------------------------------
def test_reversed_equals_frames():
    assert reversed_equals_frame("0123.50") == b"=05.3210"
    d = ReversedEqualsDecoder()
    # the bytes before the first "=" are the tail of a frame we never saw begin
    got = d.feed(b"3210=05.3210=05.3210=05.3210=")
    assert got == [Weight(123_500)] * 3
    assert d.feed(reversed_equals_frame("-012.35") + b"=") == [Weight(-12_350)]
    assert d.feed(reversed_equals_frame("00020.00") + b"=") == [Weight(20_000)]  # tF=3: 8 chars
    assert d.feed(b"+012.350=") == [Weight(12_350)]  # KL3101: reading order after a sign
    assert d.feed(b"5\xff3.2?0=x=01.2345678901=") == []
    assert ReversedEqualsDecoder(unit="g").feed(b"=0000.000=05.3210=") == [Weight(0), Weight(124)]


# XK3190 STX frames ------------------------------------------------------------------------------
def test_stx_xor_frames():
    # the manual's example: +20.00
    assert stx_xor_frame("+0020.00") == bytes.fromhex("022B303032303030323142" + "03")
    d = StxXorDecoder()
    assert d.feed(stx_xor_frame("+0020.00") * 2) == [Weight(20_000)] * 2
    assert d.feed(stx_xor_frame("-001.235")) == [Weight(-1235)]
    assert d.feed(stx_xor_frame("+012345")) == [Weight(12_345_000)]
    # noise, a torn frame, a wrong check, lower-case hex
    good = stx_xor_frame("+0001.50")
    bad = bytearray(good)
    bad[5] = ord("9")
    lower = good[:9] + good[9:11].lower() + good[11:]
    assert d.feed(good[5:] + b"\x02\x02xx" + bytes(bad) + good + lower) == [Weight(1500)] * 2
    assert StxXorDecoder(unit="g").feed(stx_xor_frame("+000500")) == [Weight(500)]


def test_spec_protocols_are_the_decoders():
    assert tuple(DECODERS) == SCALE_PROTOCOLS


def test_make_decoder_by_name():
    assert isinstance(make_decoder("toledo"), ToledoDecoder)
    assert isinstance(make_decoder("stgs"), StatusLineDecoder)
    assert isinstance(make_decoder("xk3190-eq", "g"), ReversedEqualsDecoder)


def test_detect_protocol():
    assert detect_protocol(b"\x00ST,GS,+0001.234kg\r\nST,GS,+0001.234kg\r\n" * 2) == "stgs"
    assert detect_protocol(b"noise" + toledo_frame(1234, checksum=True) * 4) == "toledo"
    assert detect_protocol(reversed_equals_frame("0012.35") * 4) == "xk3190-eq"
    assert detect_protocol(stx_xor_frame("+0012.35") * 3) == "xk3190-stx"
    assert detect_protocol(b"\xff\xfe" * 50) is None
    assert detect_protocol(b"ST,GS,+0001.234kg\r\n") is None  # one frame is not enough


@given(st.binary(max_size=300))
def test_decoders_never_fail_on_garbage(data):
    for name in DECODERS:
        for w in make_decoder(name).feed(data):
            assert isinstance(w.grams, int)


@given(st.integers(min_value=-99_999, max_value=999_999), st.booleans(), st.integers(1, 7))
def test_toledo_round_trip_split_anywhere(grams, checksum, cut):
    frame = toledo_frame(grams, checksum=checksum)
    stream = frame * 3
    d = ToledoDecoder()
    got = d.feed(stream[:cut]) + d.feed(stream[cut:])
    assert got == [Weight(grams)] * 3


# the hold rule ---------------------------------------------------------------------------------
def test_stable_hold_needs_n_equal_stable_frames_over_a_span():
    hold = StableHold(frames=3, min_span_s=0.5)
    assert hold.held() is None
    hold.add(Weight(1000), 0.0)
    hold.add(Weight(1000), 0.1)
    assert hold.held() is None  # two frames
    hold.add(Weight(1000), 0.2)
    assert hold.held() is None  # three frames but only 0.2 s
    hold.add(Weight(1000), 0.6)
    assert hold.held() == Weight(1000)
    hold.add(Weight(1001), 0.7)  # moved by a gram: start again
    assert hold.held() is None
    for t in (0.8, 0.9, 1.3):
        hold.add(Weight(1001), t)
    assert hold.held() == Weight(1001)
    hold.add(Weight(1001, stable=False), 1.4)  # scale says motion
    assert hold.held() is None
    hold.add(Weight(1001), 1.5)
    hold.add(Weight(1001), 1.6)
    assert hold.held() is None


def test_stable_hold_never_holds_an_overload():
    hold = StableHold(frames=1, min_span_s=0)
    hold.add(Weight(0, stable=True, overload=True), 0)
    assert hold.held() is None


# specs -------------------------------------------------------------------------------------------
def test_scale_specs():
    spec = parse_scale_spec("serial:/dev/ttyUSB2@9600,7E1,toledo")
    assert spec.line == SerialLine("/dev/ttyUSB2", 9600, 7, "E", 1)
    assert spec.protocol == "toledo" and spec.unit == "kg"
    assert spec.text() == "serial:/dev/ttyUSB2,7E1,toledo"
    spec = parse_scale_spec("serial:COM3")
    assert spec.line == SerialLine("COM3", 9600) and spec.protocol == "stgs"
    assert spec.text() == "serial:COM3"
    spec = parse_scale_spec(" serial:/dev/ttyS0@2400,xk3190-eq,g ")
    assert spec.text() == "serial:/dev/ttyS0@2400,xk3190-eq,g"
    assert parse_scale_spec(spec.text()) == spec
    assert parse_scale_spec("FAKE").kind == "fake" and parse_scale_spec("fake").text() == "fake"


@pytest.mark.parametrize("bad", ["", "usb:1a86:7523", "serial:", "serial:COM3@1234",
                                 "serial:COM3,9N1", "serial:COM3,mettler", "serial:COM3@9600,8Q1"])
def test_bad_scale_specs(bad):
    with pytest.raises(ValidationError) as info:
        parse_scale_spec(bad)
    assert info.value.field == "scale"


def test_modem_specs():
    spec = parse_modem_spec("serial:/dev/ttyUSB2")
    assert spec.line == SerialLine("/dev/ttyUSB2", 115200)
    assert spec.text() == "serial:/dev/ttyUSB2"
    assert parse_modem_spec("serial:COM5@9600").text() == "serial:COM5@9600"
    assert parse_modem_spec("fake").kind == "fake"
    for bad in ("", "net:1.2.3.4", "serial:COM5@7"):
        with pytest.raises(ValidationError):
            parse_modem_spec(bad)
