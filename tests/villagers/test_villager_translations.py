"""Chinese is complete for the villager register: every string has a translation, placeholders kept."""

import ast
import importlib.util
import json
import re
from pathlib import Path

from .pending_zh import PENDING

ROOT = Path(__file__).resolve().parents[2]
FILES = [*sorted((ROOT / "pos/ui/pages/villagers").glob("*.py")),
         *sorted((ROOT / "pos/services/villagers").glob("*.py")),  # the register, CSV, history, consent
         *(ROOT / "pos" / p for p in ("demo/villagers.py", "domain/villager_fields.py", "domain/pinyin.py",
                                     "commands/export_villagers.py", "commands/import_villagers.py"))]


def script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def strings():
    mod = script()
    found = []
    for f in FILES:
        finder = mod._Finder()
        finder.visit(ast.parse(f.read_text(encoding="utf-8")))
        found += finder.found
    return mod, found


def test_every_string_has_chinese():
    mod, found = strings()
    known = mod.read_ts(mod.TS)
    pending = json.loads(PENDING.read_text(encoding="utf-8")) if PENDING.exists() else {}
    missing = [(c, t) for c, t in found if (c, t) not in known and t not in pending]
    assert found and missing == []


def test_pending_placeholders_match():
    if not PENDING.exists():
        return  # merged into the .ts, where tests/unit/test_translations.py checks them
    for src, zh in json.loads(PENDING.read_text(encoding="utf-8")).items():
        wanted = {p.replace("_en}", "_zh}") for p in re.findall(r"\{\w*\}", src)}
        assert wanted == set(re.findall(r"\{\w*\}", zh)), src
        words = re.sub(r"\{\w*\}", "", src)
        assert re.search(r"[\u4e00-\u9fff]", zh) or not re.search(r"[A-Za-z]", words), src
