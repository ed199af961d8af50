"""zh_CN is complete: every string in the code has a Chinese translation, placeholders intact."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from pos.i18n import Translations
from pos.resources import resource

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_string_in_the_code_is_translated():
    script = load_script()
    known = script.read_ts(script.TS)
    missing = [(c, t) for c, texts in script.extract().items() for t in texts if (c, t) not in known]
    assert missing == [], "run: uv run python scripts/i18n.py (and translate what it lists)"


def test_placeholders_survive_translation():
    tree = ET.parse(resource("translations", "village_pos_zh_CN.ts"))
    for msg in tree.iter("message"):
        src = msg.findtext("source") or ""
        node = msg.find("translation")
        if node is None or node.get("type") == "unfinished":
            continue  # the completeness test reports these
        tr = node.text or ""
        # a Chinese template may name the Chinese form of a parameter ({carrier_zh} for {carrier_en})
        wanted = {p.replace("_en}", "_zh}") for p in re.findall(r"\{\w*\}", src)}
        found = {p.replace("_en}", "_zh}") for p in re.findall(r"\{\w*\}", tr)}
        assert wanted == found, src


def test_compiled_qm_is_newer_than_nothing_and_loads(qapp):
    qm = resource("translations", "village_pos_zh_CN.qm")
    assert qm.exists() and qm.stat().st_size > 0
    tr = Translations(qapp)
    try:
        tr.use("zh_CN")
        assert QCoreApplication.translate("pages", "Parcel check-in") == "包裹入库"
        tr.use("en")
        assert QCoreApplication.translate("pages", "Parcel check-in") == "Parcel check-in"
    finally:
        tr.use("zh_CN")


def test_qm_matches_ts(tmp_path):
    """The committed .qm was compiled from the committed .ts (else a fresh clone shows stale text)."""
    script = load_script()
    out = tmp_path / "check.qm"
    script.lrelease(script.TS, out)
    assert out.read_bytes() == resource("translations", "village_pos_zh_CN.qm").read_bytes()


@pytest.mark.parametrize("lang, expected", [("zh", "zh_CN"), ("zh-CN", "zh_CN"), ("en_US", "en"), (None, "zh_CN")])
def test_language_names(lang, expected):
    from pos.i18n import normalise_language

    assert normalise_language(lang) == expected
