"""Every string of the check-in feature has a Chinese translation with its placeholders intact."""

import ast
import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MINE = [
    "pos/services/parcels/checkin.py", "pos/services/parcels/notices.py", "pos/services/parcels/shelves.py", "pos/services/parcels/pickup_codes.py",
    "pos/services/parcels/settings.py", "pos/services/parcels/recipients.py", "pos/services/parcels/export.py",
    "pos/domain/parcel_documents.py", "pos/commands/export_parcels.py", "pos/ui/pages/notices_page.py",
    "pos/ui/pages/settings/parcels_tab.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pos/ui/pages/checkin").glob("*.py")),
]


def script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_all_strings_translated():
    m = script()
    known = m.read_ts(m.TS)
    pending_file = ROOT / "resources/translations/pending/parcels_checkin.json"
    pending = json.loads(pending_file.read_text(encoding="utf-8")) if pending_file.exists() else {}
    missing, broken = [], []
    for f in MINE:
        finder = m._Finder()
        finder.visit(ast.parse((ROOT / f).read_text(encoding="utf-8")))
        for ctx, text in finder.found:
            zh = known.get((ctx, text)) or pending.get(text)
            if not zh:
                missing.append((ctx, text))
                continue
            want = {p.replace("_en}", "_zh}") for p in re.findall(r"\{\w*\}", text)}
            got = {p.replace("_en}", "_zh}") for p in re.findall(r"\{\w*\}", zh)}
            if want != got:
                broken.append(text)
    assert missing == [] and broken == []
