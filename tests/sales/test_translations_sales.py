"""Every string our files show has Simplified Chinese, with its placeholders intact."""

import re

from .zh_support import our_strings, pending, script


def test_every_string_has_chinese():
    known = script().read_ts(script().TS)
    table = pending()
    missing = [(c, t) for c, t in our_strings() if t not in table and (c, t) not in known]
    assert missing == []


def test_placeholders_and_mnemonics_survive():
    for en, zh in pending().items():
        assert set(re.findall(r"\{\w*\}", en)) == set(re.findall(r"\{\w*\}", zh)), en
        assert ("&" in en.replace("&&", "")) == ("(&" in zh), en
        assert re.search(r"[\u4e00-\u9fff]", zh) or zh.startswith("***"), en
