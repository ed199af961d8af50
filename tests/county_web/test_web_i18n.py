"""Every message of the web pages has its Chinese (the pages are shown in Chinese first)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pos.county.web import i18n

WEB = Path(i18n.__file__).parent


def _messages() -> set[str]:
    found: set[str] = set()
    for template in (WEB / "templates").glob("*.html"):
        found |= set(re.findall(r"""_\(\s*"([^"]+)"\s*\)""", template.read_text("utf-8")))
        found |= set(re.findall(r"""_\(\s*'([^']+)'\s*\)""", template.read_text("utf-8")))
    tree = ast.parse((WEB / "pages.py").read_text("utf-8"))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


def test_every_message_has_its_chinese():
    messages = _messages()
    assert len(messages) > 60
    assert sorted(messages - set(i18n.ZH_CN)) == []
    for english, chinese in i18n.ZH_CN.items():
        # the placeholders survive the translation
        assert set(re.findall(r"{\w+", english)) == set(re.findall(r"{\w+", chinese)), english


def test_the_language_comes_from_the_cookie_chinese_first():
    assert i18n.language(None) == "zh_CN" and i18n.language("en") == "en" and i18n.language("fr") == "zh_CN"
    assert i18n.month_label("zh_CN", 2026, 3) == "2026年3月" and i18n.month_label("en", 2026, 3) == "2026-03"
