"""Carriers and the editable waybill rules in resources/carriers.toml.

The rules are data, not code, because every Chinese prefix rule is reverse-engineered and drifts
as carriers open new number ranges (research notes, section 2). The loader is strict: a typo in
a field name or a pattern that no longer matches its own examples stops the program with a
message naming the rule, rather than silently recognising numbers wrongly for months.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeGuard

from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop

# The codes used in exports and stored with parcels; the issue fixes this list.
CARRIER_CODES: tuple[str, ...] = (
    "SF", "ZTO", "YTO", "STO", "YUNDA", "JT", "JD", "EMS", "CHINAPOST", "DEPPON", "OTHER",
)  # fmt: skip
OTHER = "OTHER"

CheckFailure = Literal["refuse", "lower"]
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
_RANGE = re.compile(r"^(\d{3})(?:-(\d{3}))?$")


def s10_check_digit(serial: str) -> int:
    """UPU S10 check digit of an 8-digit serial (weights 8 6 4 2 3 5 9 7, mod 11)."""
    if len(serial) != 8 or not serial.isascii() or not serial.isdigit():
        raise ValueError(f"an S10 serial is 8 digits, got {serial!r}")
    c = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS)) % 11
    return {10: 0, 11: 5}.get(c, c)


def s10_check_ok(number: str) -> bool:
    """Digit 11 against digits 3-10: S10 positions, shared by domestic 13-digit EMS numbers."""
    if len(number) != 13 or not number[2:11].isascii() or not number[2:11].isdigit():
        return False
    return s10_check_digit(number[2:10]) == int(number[10])


CHECKS = {"s10": s10_check_ok}


class RuleFileError(DomainError):
    """The carrier rule file cannot be used; ``rule`` names the broken part."""


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    carrier: str
    pattern: re.Pattern[str]
    lengths: tuple[int, ...]
    score: int
    source: str
    prefix: str = ""
    check: str | None = None
    check_failure: CheckFailure = "lower"
    examples: tuple[str, ...] = ()
    name_zh: str | None = None
    name_en: str | None = None
    note: str = ""

    def matches(self, number: str) -> bool:
        return len(number) in self.lengths and self.pattern.fullmatch(number) is not None

    def check_ok(self, number: str) -> bool | None:
        """None when the rule has no check digit."""
        return None if self.check is None else CHECKS[self.check](number)


@dataclass(frozen=True, slots=True)
class Limits:
    min_length: int
    max_length: int
    min_digits: int
    product_prefixes: tuple[tuple[int, int], ...]

    def is_product_prefix(self, number: str) -> bool:
        head = number[:3]
        return head.isdigit() and any(lo <= int(head) <= hi for lo, hi in self.product_prefixes)


@dataclass(frozen=True, slots=True)
class RuleSet:
    carriers: Mapping[str, Carrier]
    rules: tuple[Rule, ...]
    limits: Limits
    origin: str = "carriers.toml"

    def carrier(self, code: str) -> Carrier:
        return self.carriers[code]

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def load_rules(path: Path | str | None = None) -> RuleSet:
    """Read and check the rule file (by default the one shipped in resources/)."""
    if path is None:
        from pos.resources import resource  # locating files is not domain logic; keep it lazy

        path = resource("carriers.toml")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(
            tr_noop("errors", "The carrier rule file {file} cannot be read: {problem}."),
            file=str(path),
            problem=str(exc),
        ) from exc
    return parse_rules(text, origin=str(path))


def parse_rules(text: str, origin: str = "carriers.toml") -> RuleSet:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(
            tr_noop("errors", "The carrier rule file {file} cannot be read: {problem}."),
            file=origin,
            problem=f"not valid TOML ({exc})",
        ) from exc
    return _Parser(origin).run(data)


_RULE_KEYS = {
    "id", "carrier", "pattern", "lengths", "score", "source", "prefix", "check", "check_failure",
    "examples", "name_zh", "name_en", "note",
}  # fmt: skip


class _Parser:
    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, problem: str) -> RuleFileError:
        return RuleFileError(
            tr_noop("errors", "The carrier rule file {file} has a mistake in {rule}: {problem}."),
            file=self.origin,
            rule=where,
            problem=problem,
        )

    def run(self, data: dict[str, Any]) -> RuleSet:
        unknown = set(data) - {"version", "limits", "carriers", "rules"}
        if unknown:
            raise self.fail("the top level", f"unknown entries {sorted(unknown)}")
        if data.get("version") != 1:
            raise self.fail("the top level", "version must be 1")
        carriers = self.carriers(data.get("carriers"))
        limits = self.limits(data.get("limits"))
        raw_rules = data.get("rules")
        if not isinstance(raw_rules, list) or not raw_rules:
            raise self.fail("the top level", "there must be at least one [[rules]] entry")
        rules: list[Rule] = []
        for i, raw in enumerate(raw_rules, start=1):
            rule = self.rule(i, raw, carriers, limits)
            if any(r.id == rule.id for r in rules):
                raise self.fail(f"rule '{rule.id}'", "another rule has the same id")
            rules.append(rule)
        return RuleSet(carriers=carriers, rules=tuple(rules), limits=limits, origin=self.origin)

    def carriers(self, raw: Any) -> dict[str, Carrier]:
        if not isinstance(raw, dict):
            raise self.fail("[carriers]", "the table is missing")
        out: dict[str, Carrier] = {}
        for code, table in raw.items():
            where = f"[carriers.{code}]"
            if code not in CARRIER_CODES:
                raise self.fail(where, f"unknown carrier code; use one of {', '.join(CARRIER_CODES)}")
            if not isinstance(table, dict) or set(table) != {"name_zh", "name_en"}:
                raise self.fail(where, "needs exactly name_zh and name_en")
            names = [table["name_zh"], table["name_en"]]
            if not all(isinstance(n, str) and n.strip() for n in names):
                raise self.fail(where, "names must be non-empty text")
            out[code] = Carrier(code, table["name_zh"].strip(), table["name_en"].strip())
        if OTHER not in out:
            raise self.fail("[carriers.OTHER]", "the OTHER carrier is required")
        return out

    def limits(self, raw: Any) -> Limits:
        if not isinstance(raw, dict):
            raise self.fail("[limits]", "the table is missing")
        keys = {"min_length", "max_length", "min_digits", "product_prefixes"}
        if set(raw) != keys:
            raise self.fail("[limits]", f"needs exactly {', '.join(sorted(keys))}")
        ints = [raw["min_length"], raw["max_length"], raw["min_digits"]]
        if not all(_is_int(v) and v > 0 for v in ints):
            problem = "min_length, max_length and min_digits must be positive whole numbers"
            raise self.fail("[limits]", problem)
        if raw["min_length"] > raw["max_length"]:
            raise self.fail("[limits]", "min_length is larger than max_length")
        ranges: list[tuple[int, int]] = []
        if not isinstance(raw["product_prefixes"], list):
            raise self.fail("[limits]", "product_prefixes must be a list such as [\"690-699\"]")
        for item in raw["product_prefixes"]:
            m = _RANGE.match(item) if isinstance(item, str) else None
            lo, hi = (int(m.group(1)), int(m.group(2) or m.group(1))) if m else (1, 0)
            if lo > hi:
                raise self.fail("[limits]", f"product prefix {item!r} is not a range like \"690-699\"")
            ranges.append((lo, hi))
        return Limits(raw["min_length"], raw["max_length"], raw["min_digits"], tuple(ranges))

    def rule(self, index: int, raw: Any, carriers: Mapping[str, Carrier], limits: Limits) -> Rule:
        if not isinstance(raw, dict):
            raise self.fail(f"rule number {index}", "must be a [[rules]] table")
        rid = raw.get("id")
        if not isinstance(rid, str) or not _RULE_ID.match(rid):
            raise self.fail(f"rule number {index}", "id must be lower-case letters, digits and dashes")
        where = f"rule '{rid}'"
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            raise self.fail(where, f"unknown fields {sorted(unknown)}")
        for key in ("carrier", "pattern", "source"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise self.fail(where, f"{key} is required")
        carrier = raw["carrier"]
        if carrier not in carriers:
            raise self.fail(where, f"carrier {carrier!r} is not listed under [carriers]")
        try:
            # ASCII: a Unicode \d would accept Arabic-Indic or Devanagari digits
            pattern = re.compile(raw["pattern"], re.ASCII)
        except re.error as exc:
            raise self.fail(where, f"pattern is not a valid regular expression ({exc})") from exc
        lengths = raw.get("lengths")
        if not isinstance(lengths, list) or not lengths or not all(_is_int(n) for n in lengths):
            raise self.fail(where, "lengths must be a list of whole numbers, such as [15]")
        if any(not limits.min_length <= n <= limits.max_length for n in lengths):
            span = f"{limits.min_length}-{limits.max_length}"
            raise self.fail(where, f"lengths must lie within {span} ([limits])")
        score = raw.get("score")
        if not _is_int(score) or not 1 <= score <= 99:
            raise self.fail(where, "score must be a whole number from 1 to 99")
        prefix = raw.get("prefix", "")
        if not isinstance(prefix, str) or not re.fullmatch(r"[A-Z]*", prefix):
            raise self.fail(where, "prefix must be upper-case letters")
        check = raw.get("check")
        if check is not None and check not in CHECKS:
            raise self.fail(where, f"check must be one of {sorted(CHECKS)}")
        failure = raw.get("check_failure", "lower")
        if failure not in ("refuse", "lower"):
            raise self.fail(where, "check_failure must be \"refuse\" or \"lower\"")
        names = [raw.get("name_zh"), raw.get("name_en")]
        if any(n is not None for n in names):
            if carrier != OTHER or not all(isinstance(n, str) and n.strip() for n in names):
                raise self.fail(where, "name_zh and name_en go together, and only on OTHER rules")
        examples = raw.get("examples", [])
        if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
            raise self.fail(where, "examples must be a list of numbers in quotes")
        note = raw.get("note", "")
        if not isinstance(note, str):
            raise self.fail(where, "note must be text")
        rule = Rule(
            id=rid, carrier=carrier, pattern=pattern, lengths=tuple(lengths), score=score,
            source=raw["source"].strip(), prefix=prefix, check=check, check_failure=failure,
            examples=tuple(examples), name_zh=names[0], name_en=names[1], note=note,
        )  # fmt: skip
        for example in examples:
            if not rule.matches(example) or not example.startswith(prefix):
                problem = f"example {example!r} does not match the rule's pattern, lengths and prefix"
                raise self.fail(where, problem)
            if check is not None and failure == "refuse" and not rule.check_ok(example):
                raise self.fail(where, f"example {example!r} has a wrong check digit")
        return rule


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
