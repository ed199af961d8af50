"""Keep the zh_CN translation complete.

    uv run python scripts/i18n.py          # extract strings, merge pending JSON, compile .qm
    uv run python scripts/i18n.py --check  # exit 1 if a string in the code is not translated

Extraction is our own (Python's ast), not pyside6-lupdate, because the Qt-free layers mark text
with ``tr_noop(context, text)`` and lupdate only knows Qt's names. It finds:
  self.tr("text")                         context = the enclosing class
  QCoreApplication.translate("ctx", "text"), translate(...), tr_noop(...), QT_TRANSLATE_NOOP(...)
The .ts file keeps existing translations; resources/translations/pending/*.json ({"English": "中文"},
one file per feature, kept: the feature's own tests read them) fill the entries still unfinished.
A translation edited in the .ts (with Qt Linguist) wins over the JSON. pyside6-lrelease compiles
the .qm the app loads.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "village_pos_zh_CN.ts"
QM = TS.with_suffix(".qm")
PENDING = ROOT / "resources" / "translations" / "pending"
# "t" is the local alias `t = QCoreApplication.translate` used where many strings are built
MARKERS = {"translate", "tr_noop", "QT_TRANSLATE_NOOP", "t"}


def qt_tool(name: str) -> str:
    base = Path(PySide6.__file__).parent
    for candidate in (base / name, base / f"{name}.exe", base / "Qt" / "bin" / name):
        if candidate.exists():
            return str(candidate)
    raise FileNotFoundError(f"{name} not found in the PySide6 installation")


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Finder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.classes: list[str] = []
        self.found: list[tuple[str, str]] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
        if name == "tr" and isinstance(f, ast.Attribute) and self.classes and node.args:
            text = _literal(node.args[0])
            if text is not None:
                self.found.append((self.classes[-1], text))
        elif name in MARKERS and len(node.args) >= 2:
            ctx, text = _literal(node.args[0]), _literal(node.args[1])
            if ctx is not None and text is not None:
                self.found.append((ctx, text))
        self.generic_visit(node)


def extract() -> dict[str, list[str]]:
    by_context: dict[str, list[str]] = {}
    for path in sorted((ROOT / "pos").rglob("*.py")):
        finder = _Finder()
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for ctx, text in finder.found:
            texts = by_context.setdefault(ctx, [])
            if text not in texts:
                texts.append(text)
    return by_context


def read_ts(ts: Path) -> dict[tuple[str, str], str]:
    if not ts.exists():
        return {}
    known = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for msg in context.iter("message"):
            tr = msg.find("translation")
            if tr is not None and tr.get("type") != "unfinished" and (tr.text or "").strip():
                known[(name, msg.findtext("source") or "")] = tr.text
    return known


def pending() -> dict[str, str]:
    table: dict[str, str] = {}
    for f in sorted(PENDING.glob("*.json")) if PENDING.is_dir() else []:
        table.update(json.loads(f.read_text(encoding="utf-8")))
    return table


def write_ts(ts: Path, strings: dict[str, list[str]], known: dict[tuple[str, str], str],
             extra: dict[str, str]) -> list[tuple[str, str]]:
    root = ET.Element("TS", version="2.1", language="zh_CN")
    missing = []
    for ctx in sorted(strings):
        c = ET.SubElement(root, "context")
        ET.SubElement(c, "name").text = ctx
        for text in strings[ctx]:
            m = ET.SubElement(c, "message")
            ET.SubElement(m, "source").text = text
            tr = ET.SubElement(m, "translation")
            value = known.get((ctx, text)) or extra.get(text)
            if value:
                tr.text = value
            else:
                tr.set("type", "unfinished")
                missing.append((ctx, text))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return missing


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([qt_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    strings = extract()
    known = read_ts(TS)
    if "--check" in argv:
        missing = [(c, t) for c, texts in strings.items() for t in texts if (c, t) not in known]
        for c, t in missing:
            print(f"untranslated [{c}] {t!r}")
        return 1 if missing else 0
    missing = write_ts(TS, strings, known, pending())
    lrelease(TS, QM)
    total = sum(len(v) for v in strings.values())
    print(f"{TS.name}: {total} strings, {len(missing)} unfinished")
    for c, t in missing:
        print(f"  unfinished [{c}] {t!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
