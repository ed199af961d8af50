"""Every string of the shift and backup code has Chinese, with its placeholders intact (until
scripts/i18n.py merges pending/shifts.json into the .ts, the JSON is where they wait)."""

import ast
import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MINE = [
    "pos/domain/cash.py", "pos/domain/shift_documents.py", "pos/services/shifts/settings.py", "pos/services/shifts/drawer.py",
    "pos/services/station/backups.py", "pos/commands/backup.py", "pos/commands/restore.py", "pos/ui/backup_job.py",
    "pos/ui/shift_prompt.py", "pos/ui/pages/settings/backup_tab.py", "pos/ui/pages/settings/shift_tab.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pos/ui/pages/shift").glob("*.py")),
]


def i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_string_has_chinese_with_the_same_placeholders():
    script = i18n_script()
    pending_file = ROOT / "resources/translations/pending/shifts.json"
    pending = json.loads(pending_file.read_text(encoding="utf-8")) if pending_file.exists() else {}
    known = script.read_ts(script.TS)
    missing, broken = [], []
    for rel in MINE:
        finder = script._Finder()
        finder.visit(ast.parse((ROOT / rel).read_text(encoding="utf-8")))
        for ctx, text in finder.found:
            zh = known.get((ctx, text)) or pending.get(text)
            if not zh:
                missing.append((rel, text))
            elif set(re.findall(r"\{\w*\}", text)) != set(re.findall(r"\{\w*\}", zh)):
                broken.append(text)
    assert missing == [] and broken == []
