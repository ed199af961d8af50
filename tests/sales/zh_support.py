"""Our Chinese before the lead merges it: the pending JSON compiled into a .qm for the tests,
and the list of every string our files mark for translation."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PENDING = ROOT / "resources/translations/pending/sales.json"
OUR_FILES = [
    "pos/domain/cart.py", "pos/domain/receipt_numbers.py", "pos/domain/receipts.py",
    "pos/services/numbering.py", "pos/services/station/receipt_settings.py", "pos/services/sales/settings.py",
    "pos/services/sales/products.py", "pos/services/sales/checkout.py", "pos/services/sales/refunds.py",
    "pos/services/sales/receipts.py", "pos/services/sales/product_csv.py", "pos/services/sales/export.py",
    "pos/demo/sales.py", "pos/commands/export_sales.py", "pos/commands/import_products.py",
    "pos/ui/pages/settings/sales_tab.py",
] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pos/ui/pages/sales").glob("*.py"))


def script():
    spec = importlib.util.spec_from_file_location("i18n_script_sales", ROOT / "scripts" / "i18n.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def our_strings() -> list[tuple[str, str]]:
    import ast

    mod = script()
    found = []
    for rel in OUR_FILES:
        finder = mod._Finder()
        finder.visit(ast.parse((ROOT / rel).read_text(encoding="utf-8")))
        for f in finder.found:
            if f not in found:
                found.append(f)
    return found


def pending() -> dict[str, str]:
    return json.loads(PENDING.read_text(encoding="utf-8"))


def compile_qm(out_dir: Path) -> Path:
    mod = script()
    known = mod.read_ts(mod.TS)
    strings: dict[str, list[str]] = {}
    for ctx, text in our_strings():
        strings.setdefault(ctx, []).append(text)
    ts = out_dir / "sales_zh_CN.ts"
    mod.write_ts(ts, strings, known, pending())
    qm = out_dir / "sales_zh_CN.qm"
    mod.lrelease(ts, qm)
    return qm
