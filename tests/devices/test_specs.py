import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.devices.printer_spec import PrinterSpec, parse_printer_spec
from pos.domain.devices.scanner_spec import ScannerSpec, parse_scanner_spec
from pos.domain.errors import ValidationError


@pytest.mark.parametrize(
    "text,spec",
    [
        ("preview", PrinterSpec("preview")),
        ("PREVIEW", PrinterSpec("preview")),
        ("file:/dev/usb/lp0", PrinterSpec("file", "/dev/usb/lp0")),
        ("file:C:\\receipts\\out.bin", PrinterSpec("file", "C:\\receipts\\out.bin")),
        ("usb:0416:5011", PrinterSpec("usb", vid=0x0416, pid=0x5011)),
        ("usb:0x0483:0x5743", PrinterSpec("usb", vid=0x0483, pid=0x5743)),
        ("serial:/dev/ttyUSB0", PrinterSpec("serial", "/dev/ttyUSB0")),
        ("serial:COM3@115200", PrinterSpec("serial", "COM3", baudrate=115200)),
        ("net:192.168.1.50", PrinterSpec("net", "192.168.1.50", port=9100)),
        ("net:printer.local:9101", PrinterSpec("net", "printer.local", port=9101)),
        ("net:[fe80::1]:9100", PrinterSpec("net", "fe80::1", port=9100)),
        ("win32:POS-58", PrinterSpec("win32", "POS-58")),
        ("win32:XP-80C (copy 1)", PrinterSpec("win32", "XP-80C (copy 1)")),
        ("cups:POS58", PrinterSpec("cups", "POS58")),
    ],
)
def test_printer_specs(text, spec):
    assert parse_printer_spec(text) == spec
    assert parse_printer_spec(spec.text()) == spec


@pytest.mark.parametrize(
    "text",
    ["", "printer", "lpt:1", "file:", "usb:0416", "usb:zz:11", "usb:0:0", "usb:12345:1",
     "serial:", "serial:COM3@123", "net:", "net:host:0", "net:host:70000", "net:host:", "net:a b",
     "win32:", "cups:  ", "net:[::1", "preview:x"],
)
def test_bad_printer_specs_say_so(text):
    with pytest.raises(ValidationError) as info:
        parse_printer_spec(text)
    assert info.value.field == "printer"
    assert info.value.message  # English text, marked for translation


@given(st.text(max_size=40))
def test_printer_spec_parser_never_crashes(text):
    try:
        spec = parse_printer_spec(text)
    except ValidationError:
        return
    assert parse_printer_spec(spec.text()) == spec


@given(
    st.sampled_from(["file", "win32", "cups", "serial"]),
    st.text(st.characters(min_codepoint=33, max_codepoint=0x9FFF, exclude_characters="@"), min_size=1, max_size=20),
)
def test_named_targets_round_trip(kind, name):
    try:
        spec = parse_printer_spec(f"{kind}:{name}")
    except ValidationError:
        return
    assert parse_printer_spec(spec.text()) == spec


@given(st.integers(1, 0xFFFF), st.integers(1, 0xFFFF), st.integers(1, 65535))
def test_usb_and_net_round_trip(vid, pid, port):
    assert parse_printer_spec(f"usb:{vid:x}:{pid:X}") == PrinterSpec("usb", vid=vid, pid=pid)
    assert parse_printer_spec(f"net:10.0.0.9:{port}").port == port


@pytest.mark.parametrize(
    "text,spec",
    [
        ("wedge", ScannerSpec("wedge")),
        (" Wedge ", ScannerSpec("wedge")),
        ("serial:/dev/ttyACM0", ScannerSpec("serial", "/dev/ttyACM0", 9600)),
        ("serial:COM3@115200", ScannerSpec("serial", "COM3", 115200)),
        ("serial:loop://", ScannerSpec("serial", "loop://", 9600)),
        ("serial:socket://10.0.0.2:7000@9600", ScannerSpec("serial", "socket://10.0.0.2:7000", 9600)),
    ],
)
def test_scanner_specs(text, spec):
    assert parse_scanner_spec(text) == spec
    assert parse_scanner_spec(spec.text()) == spec


@pytest.mark.parametrize("text", ["", "hid", "wedge:1", "serial:", "serial:COM3@7", "serial: COM3", "usb:1:2"])
def test_bad_scanner_specs(text):
    with pytest.raises(ValidationError) as info:
        parse_scanner_spec(text)
    assert info.value.field == "scanner"


@given(st.text(max_size=40))
def test_scanner_spec_parser_never_crashes(text):
    try:
        spec = parse_scanner_spec(text)
    except ValidationError:
        return
    assert parse_scanner_spec(spec.text()) == spec
