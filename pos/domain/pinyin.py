"""Pinyin initials of names, so the counter finds 张三 by typing ``zs``.

A partner types the first letter of each syllable as they say the name. Many surnames are
polyphones read differently as surnames (单 Shàn, not dān; 曾 Zēng, not céng), so the surname's
reading comes from a small table. Given names are read character by character with each
character's usual reading, except inside a phrase that pypinyin's dictionary reads otherwise
(重阳 chóngyáng, 长青 chángqīng). Every other reading of every character is kept as an
alternative key (as far as the stored key allows): whoever types ``dxh`` for 单小红, or reads
王朝霞's 朝 as cháo, finds her too.

The letters come from resources/pinyin_initials.txt, generated from pypinyin by
scripts/make_pinyin_table.py. pypinyin itself is not loaded: its dictionaries of every reading
with tones cost some 57 MB of memory for the few letters used here. The table is read on the first
key computed, not at import.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from pos.resources import resource

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
TABLE_FILE = "pinyin_initials.txt"


@dataclass(frozen=True)
class _Table:
    starts: list[int]  # code point of each run of usual letters, ascending
    runs: list[str]  # one letter per code point from its start; "." for no reading
    readings: dict[str, str]  # every distinct first letter, usual first, where there is more than one
    phrases: dict[str, str]  # phrase -> letters, where they differ from the characters' usual ones
    longest_phrase: int

    def usual(self, ch: str) -> str:
        cp = ord(ch)
        i = bisect.bisect_right(self.starts, cp) - 1
        if i >= 0 and cp - self.starts[i] < len(self.runs[i]):
            return self.runs[i][cp - self.starts[i]]
        return "."

    def all_letters(self, ch: str) -> str:
        return self.readings.get(ch) or self.usual(ch)


@functools.cache
def _table() -> _Table:
    starts: list[int] = []
    runs: list[str] = []
    readings: dict[str, str] = {}
    phrases: dict[str, str] = {}
    with open(resource(TABLE_FILE), encoding="utf-8") as f:
        for line in f:
            kind, _, rest = line.rstrip("\n").partition(" ")
            if kind == "R":
                start, letters = rest.split(" ")
                cp = int(start, 16)
                # lines of one block follow each other: one string per block keeps lookups cheap
                if starts and starts[-1] + len(runs[-1]) == cp:
                    runs[-1] += letters
                else:
                    starts.append(cp)
                    runs.append(letters)
            elif kind == "A":
                ch, letters = rest.split(" ")
                readings[ch] = letters
            elif kind == "P":
                phrase, letters = rest.split(" ")
                phrases[phrase] = letters
    return _Table(starts, runs, readings, phrases, max(map(len, phrases), default=1))


def product_letter(ch: str) -> str:
    """The first letter of a character's usual reading (农 -> n); the character itself when it has none."""
    letter = _table().usual(ch)
    return ch if letter == "." else letter


def _name_letter(letter: str) -> str:
    return letter if "a" <= letter <= "z" else ""


def _han_letters(run: str) -> list[str]:
    """One usual letter per character ('' without a reading), phrases read as a whole."""
    table = _table()
    out: list[str] = []
    i = 0
    while i < len(run):
        # the longest phrase starting here, as pypinyin segments a text
        for size in range(min(table.longest_phrase, len(run) - i), 1, -1):
            letters = table.phrases.get(run[i:i + size])
            if letters is not None:
                out.extend(_name_letter(c) for c in letters)
                i += size
                break
        else:
            out.append(_name_letter(table.usual(run[i])))
            i += 1
    return out


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


def _variants(name: str) -> Iterator[str]:
    """The usual reading's initials, then the plain reading (no surname table), then the other
    readings: one character read otherwise, then two, ... (earlier characters first)."""
    pairs = [(ch, letter) for ch, letter in _letters(name) if letter]
    if not pairs:
        return
    plain = [letter for _, letter in pairs]
    usual = list(plain)
    compound = _COMPOUND_SURNAMES.get("".join(ch for ch, _ in pairs[:2]))
    if compound and len(pairs) >= 2:
        usual[:2] = compound
    elif pairs[0][0] in _SURNAMES:
        usual[0] = _SURNAMES[pairs[0][0]]
    yield "".join(usual)
    yield "".join(plain)
    table = _table()
    others: list[tuple[int, list[str]]] = []
    for i, (ch, _) in enumerate(pairs):
        if not _HAN.fullmatch(ch):
            continue
        alts = [c for c in dict.fromkeys(plain[i] + table.all_letters(ch)) if c != usual[i] and _name_letter(c)]
        if alts:
            others.append((i, alts))
    for count in range(1, len(others) + 1):
        for chosen in itertools.combinations(others, count):
            for letters in itertools.product(*(alts for _, alts in chosen)):
                variant = list(usual)
                for (i, _), c in zip(chosen, letters):
                    variant[i] = c
                yield "".join(variant)


def initials_variants(name: str, limit: int = KEY_LENGTH) -> list[str]:
    """The initials of the usual reading first, then those of the other readings, as many as fit
    in ``limit`` characters with a space between them (the usual reading always)."""
    out: dict[str, None] = {}
    used = -1
    for v in _variants(name):
        if v in out:
            continue
        if out and used + 1 + len(v) > limit:
            break
        out[v] = None
        used += 1 + len(v)
    return list(out)


def name_initials(name: str) -> str:
    """The initials of the usual reading: 张三 -> ``zs``, 单小红 -> ``sxh``."""
    return next(_variants(name), "")


def search_key(name: str) -> str:
    """What Villager.name_initials stores: the variants separated by spaces, within 50 characters.

    A query of letters matches a villager when it is part of one variant (queries have no spaces,
    so a match never spans two variants).
    """
    key = " ".join(initials_variants(name))
    return key if len(key) <= KEY_LENGTH else key[:KEY_LENGTH]


def is_initials_query(text: str) -> bool:
    """Letters only (``zs``, ``ZS``): the partner is typing pinyin initials."""
    t = unicodedata.normalize("NFKC", text or "").strip()
    return bool(t) and t.isascii() and t.isalpha()
