"""Fast checks of the installer sources that need no build: what the bundle leaves out, the
desktop entry, the udev rule, the package's dependencies, the Windows script and the icons."""

from __future__ import annotations

import configparser
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from pos.paths import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def load_qt_trim():
    spec = importlib.util.spec_from_file_location("qt_trim", INSTALLERS / "pyinstaller" / "qt_trim.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def qt_modules_the_app_imports() -> set[str]:
    found = set()
    for path in (ROOT / "pos").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        found.update(re.findall(r"\bPySide6\.(Qt\w+)", source))
        for in_parens, on_line in re.findall(r"from PySide6 import (?:\(([^)]*)\)|([^\n]+))", source):
            found.update(n for n in re.findall(r"\w+", in_parens or on_line) if n.startswith("Qt"))
    return found


def test_the_bundle_keeps_every_qt_module_the_app_imports():
    excluded = set(load_qt_trim().UNUSED_QT_MODULES)
    used = qt_modules_the_app_imports()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not used & excluded, f"add these back to the bundle (installers/pyinstaller/qt_trim.py): {used & excluded}"


@pytest.mark.parametrize(
    ("plugin_type", "path", "kept"),
    [
        ("platforms", "/qt/plugins/platforms/libqxcb.so", True),
        ("platforms", "/qt/plugins/platforms/libqwayland.so", True),
        ("platforms", "/qt/plugins/platforms/libqoffscreen.so", True),
        ("platforms", r"C:\qt\plugins\platforms\qwindows.dll", True),
        ("platforms", "/qt/plugins/platforms/libqeglfs.so", False),
        ("platforms", "/qt/plugins/platforms/libqvnc.so", False),
        ("platformthemes", "/qt/plugins/platformthemes/libqgtk3.so", False),
        ("platforminputcontexts", "/qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("imageformats", "/qt/plugins/imageformats/libqjpeg.so", True),
        ("imageformats", r"C:\qt\plugins\imageformats\qtiff.dll", False),
        ("generic", "/qt/plugins/generic/libqtuiotouchplugin.so", False),
    ],
)
def test_qt_plugins_the_bundle_keeps(plugin_type, path, kept):
    assert load_qt_trim().wanted_plugin(plugin_type, path) is kept


def test_only_chinese_qt_translations_are_bundled():
    keep = load_qt_trim().keep_qt_file
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert keep("resources/translations/village_pos_zh_CN.qm")


def test_desktop_entry_names_the_app_in_chinese():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(INSTALLERS / "linux" / "village-pos.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Name"] == "Village Station POS"
    assert d["Name[zh_CN]"] == "村站收银"
    assert d["Exec"] == "village-pos" and d["Icon"] == "village-pos"
    assert d["Categories"] == "Office;Finance;"
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(INSTALLERS / "linux" / "village-pos.desktop")], check=True)


def test_udev_rule_gives_printers_to_lp_and_serial_ports_to_dialout():
    rules = [
        line for line in (INSTALLERS / "linux" / "60-village-pos.rules").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    pair = re.compile(r'^[A-Z_]+(\{[\w.]+\})?(==|!=|=|\+=)"[^"]*"$')
    for rule in rules:
        assert all(pair.match(p.strip()) for p in rule.split(", ")), rule
        assert 'MODE="0660"' in rule
    assert any('SUBSYSTEM=="tty"' in r and 'GROUP="dialout"' in r for r in rules)
    assert any('SUBSYSTEM=="usbmisc"' in r and 'GROUP="lp"' in r for r in rules)
    assert any('SUBSYSTEM=="usb"' in r and 'GROUP="lp"' in r for r in rules)


def test_maintainer_scripts_are_valid_shell():
    for name in ("postinst", "postrm", "village-pos.sh"):
        subprocess.run(["sh", "-n", str(INSTALLERS / "linux" / name)], check=True)
    subprocess.run(["bash", "-n", str(INSTALLERS / "linux" / "build-deb.sh")], check=True)
    subprocess.run(["bash", "-n", str(INSTALLERS / "pyinstaller" / "build.sh")], check=True)


def test_windows_installer_keeps_the_data_folder_the_app_uses():
    iss = (INSTALLERS / "windows" / "village-pos.iss").read_text(encoding="utf-8-sig")
    # platformdirs puts the data folder in %LOCALAPPDATA%\<APP_NAME> on Windows
    assert f"{{localappdata}}\\{APP_NAME}" in iss
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.M), "a fixed AppId makes upgrades replace"
    assert re.search(r'^Name: "english"', iss, re.M) and re.search(r'^Name: "chinesesimplified"', iss, re.M)
    assert "MB_DEFBUTTON2" in iss, "deleting the data on uninstall must default to No"
    assert "{autodesktop}" in iss and "{group}" in iss


def test_icon_set_has_every_size():
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        with Image.open(icons / f"village-pos-{size}.png") as png:
            assert png.size == (size, size)
    with Image.open(icons / "village-pos.png") as png:
        assert png.size == (256, 256)
    with Image.open(icons / "village-pos.ico") as ico:
        assert {(s, s) for s in ICON_SIZES} <= set(ico.info["sizes"])
