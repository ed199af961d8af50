"""Pinyin initials of names, so the counter finds 张三 by typing ``zs``.

A partner types the first letter of each syllable as they say the name. Many surnames are
polyphones read differently as surnames (单 Shàn, not dān; 曾 Zēng, not céng), so the surname's
reading comes from a small table, and the other readings of the first character are kept as
alternative keys: whoever types ``dxh`` for 单小红 finds her too. Given names are read by
pypinyin with its phrase dictionary, which picks the common reading.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin, pinyin

# Surnames whose usual reading differs from the character's most common one (first letters).
_SURNAMES = {
    "单": "s", "解": "x", "仇": "q", "区": "o", "查": "z", "曾": "z", "翟": "z", "繁": "p",
    "句": "g", "秘": "b", "种": "c", "召": "s", "盖": "g", "缪": "m", "覃": "q", "乐": "y",
    "长": "c", "员": "y", "朴": "p", "郇": "x", "尉": "w",
}  # fmt: skip
_COMPOUND_SURNAMES = {"万俟": "mq", "尉迟": "yc", "长孙": "zs", "单于": "cy"}

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_LATIN_WORD = re.compile(r"[a-z]+")
# the key is stored in Villager.name_initials (50 characters)
KEY_LENGTH = 50


def _first_letter(syllable: str) -> str:
    c = syllable[:1].lower()
    return c if "a" <= c <= "z" else ""


def _han_letters(run: str) -> list[str]:
    # one entry per character ('' when pypinyin has no reading), so positions stay aligned
    return [_first_letter(s) for s in lazy_pinyin(run, style=Style.FIRST_LETTER, errors=lambda t: list(t))]


def _letters(name: str) -> list[tuple[str, str]]:
    """(character or word, first letter) pairs in name order."""
    text = unicodedata.normalize("NFKC", name or "").lower()
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _HAN.finditer(text):
        out.extend((w, w[0]) for w in _LATIN_WORD.findall(text[pos:m.start()]))
        out.extend(zip(m.group(), _han_letters(m.group())))
        pos = m.end()
    out.extend((w, w[0]) for w in _LATIN_WORD.findall(text[pos:]))
    return out


def initials_variants(name: str) -> list[str]:
    """The initials of the usual reading first, then those of the surname's other readings."""
    pairs = [(ch, letter) for ch, letter in _letters(name) if letter]
    if not pairs:
        return []
    letters = [letter for _, letter in pairs]
    chars = "".join(ch for ch, _ in pairs[:2])
    first_char = pairs[0][0]
    variants = []
    compound = _COMPOUND_SURNAMES.get(chars)
    if compound and len(pairs) >= 2:
        variants.append(compound + "".join(letters[2:]))
    elif first_char in _SURNAMES:
        variants.append(_SURNAMES[first_char] + "".join(letters[1:]))
    variants.append("".join(letters))
    if _HAN.fullmatch(first_char):
        for reading in pinyin(first_char, style=Style.FIRST_LETTER, heteronym=True)[0]:
            letter = _first_letter(reading)
            if letter:
                variants.append(letter + "".join(letters[1:]))
    return list(dict.fromkeys(variants))


def name_initials(name: str) -> str:
    """The initials of the usual reading: 张三 -> ``zs``, 单小红 -> ``sxh``."""
    variants = initials_variants(name)
    return variants[0] if variants else ""


def search_key(name: str) -> str:
    """What Villager.name_initials stores: the variants separated by spaces, within 50 characters.

    A query of letters matches a villager when it is part of one variant (queries have no spaces,
    so a match never spans two variants).
    """
    key = ""
    for v in initials_variants(name):
        candidate = f"{key} {v}" if key else v
        if len(candidate) > KEY_LENGTH:
            break
        key = candidate
    return key or name_initials(name)[:KEY_LENGTH]


def is_initials_query(text: str) -> bool:
    """Letters only (``zs``, ``ZS``): the partner is typing pinyin initials."""
    t = unicodedata.normalize("NFKC", text or "").strip()
    return bool(t) and t.isascii() and t.isalpha()
