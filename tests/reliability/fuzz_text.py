"""Text a counter really gets: scanner junk, IME full-width forms, pasted Excel cells, mojibake."""

from __future__ import annotations

from hypothesis import strategies as st

# digits of every kind: ASCII, full-width, superscripts and circled ones (str.isdigit() says
# yes to those, int() says no), Arabic-Indic, Devanagari, Chinese numerals
DIGITS = list("0123456789０１２３４５６７８９²³¹⁴½①⑵٣۵०௧")
JUNK = DIGITS + list("一二三四五六七八九十零〇壹貳参拾佰仟万亿")
JUNK += list(" \t\r\n\x00\x1b\x7f\u200b\ufeff\u202e\u3000\xa0-－_.．。,，;；:：*＊xX×+＋%％¥￥元$€'\"`=@#/\\|()（）")
JUNK += ["SF", "YT", "JD", "JT", "DPK", "ZTO", "A-1-", "138****", "R2026", "-0001", "e5", "1e9", "Infinity",
         "NaN", "0x1F", "𠀀", "🙂", "é", "ß", "İ", "ǅ", "\ud7ff", "=cmd|' /C calc'!A0", "<script>", "%s%n"]

VALID = ["SF1023574626292", "73100118865046", "YT1234567890123", "JT0019812345678", "463431409940372",
         "DPK300585915441", "123456789012", "EA123456785CN", "13812345678", "138****5678", "5678",
         "+86 138 1234 5678", "0571-8888 6666", "12.50", "¥12.30", "-5", "8元", "10%", "6901234567892",
         "96385074", "036000291452", "1234", "12345678", "R20261122-0007", "R202611220007", "2026-11-22",
         "2026-11", "是", "否", "1", "0", "2026-11-20T08:30:00+08:00", "王小明", "A-3-0127", "12+30"]


@st.composite
def mutated(draw, examples=VALID) -> str:
    """A real value with a few characters inserted, dropped or replaced: junk that gets past the
    first checks of a parser."""
    text = list(draw(st.sampled_from(examples)))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "double"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        piece = draw(st.sampled_from(JUNK))
        if op == "insert" or not text:
            text.insert(at, piece)
        elif op == "delete":
            del text[at]
        elif op == "replace":
            text[at] = piece
        else:
            text.insert(at, text[at])
    return "".join(text)


def junk_for(examples: list[str] | None = None) -> st.SearchStrategy[str]:
    """Hostile text for one parser: anything, junk pieces, and its own good examples mutated."""
    own = examples or VALID
    return st.one_of(
        st.text(max_size=40),
        st.lists(st.sampled_from(JUNK), max_size=12).map("".join),
        st.lists(st.sampled_from(DIGITS + list("-.+ %¥")), min_size=1, max_size=6).map("".join),  # numbers
        mutated(own),
        mutated(own),
        mutated(),
        st.sampled_from(own),
    )


junk_text = junk_for()
