"""Every string of this feature has Chinese, with its placeholders intact."""

import ast
import importlib.util
import re
from pathlib import Path

from tests.purchases.conftest import pending_translations

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_purchase_string_has_chinese():
    script = _script()
    known = script.read_ts(script.TS)
    table = pending_translations()
    missing = []
    for path in sorted((ROOT / "pos").rglob("*.py")):
        if "purchase" not in str(path.relative_to(ROOT)):
            continue
        finder = script._Finder()
        finder.visit(ast.parse(path.read_text(encoding="utf-8")))
        missing += [(c, t) for c, t in finder.found if (c, t) not in known and t not in table]
    assert missing == []


def test_placeholders_survive():
    for en, zh in pending_translations().items():
        assert set(re.findall(r"\{\w*\}", en)) == set(re.findall(r"\{\w*\}", zh)), en
        bare = re.sub(r"\{\w*\}", "", zh)
        assert re.search(r"[\u4e00-\u9fff]", bare) or not re.search(r"[A-Za-z]{3}", bare), en
