"""Waybill numbers: normalise a scan, refuse what is clearly not a waybill, rank the carriers.

Recognition never has the last word: prefix rules are third-party guesses (research notes,
section 2), so a doubtful number comes back as ranked candidates for the partner to pick, and the
station's choice is fed back through ``preferences`` the next time a number of the same family is
scanned. Only what cannot be a waybill number is refused, each with its own message.

Preferences. ``preference_key(number)`` is ``"<length>:<first four characters>"`` of the
normalised number, e.g. ``"13:9893"`` or ``"15:JDVA"``. Length comes first because it is what
separates families (kuaidi100's own detector keys on ``lengthPre``); four characters is one more
than the longest prefix any rule relies on (``DPK``, ``268``, ``621``), so a choice never spills
over to numbers the rules already tell apart, yet one choice covers a carrier's whole number
range at a station, which is how ranges are handed out. The service stores
``{preference_key: carrier code}`` and passes it back in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pos.domain.barcodes import is_valid_ean13
from pos.domain.carriers import OTHER, Rule, RuleSet
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

PREFIX_LENGTH = 4
# Below this the best candidate is a guess, so the partner is asked even with one candidate.
SURE_CONFIDENCE = 60
# Candidates closer than this are a toss-up between carriers.
AMBIGUITY_MARGIN = 20
# A right or wrong soft check digit moves a rule's score by this much (1 in 11 random numbers
# pass, so a pass is strong evidence and a fail points to another carrier).
CHECK_WEIGHT = 25
PREFERRED_CONFIDENCE = 95
FALLBACK_CONFIDENCE = 10

_WAYBILL_CHARS = re.compile(r"[0-9A-Z]")
# JD package codes: <waybill>-<piece>-<pieces>-... and <waybill>N<piece>S<pieces>
# (BusinessHelper in huxiaoxiao2021/dms-etms, JD's sorting-centre code).
_PIECE_DASH = re.compile(r"([0-9A-Z]{8,})-\d{1,4}-\d{1,4}(?:-[0-9A-Z]*)*")
_PIECE_NS = re.compile(r"(JD[0-9A-Z]{2}\d{11})N\d{1,4}S\d{1,4}")
# Sort codes (三段码) such as 356-01-02AOF3-11 or 530-W01 00: a 3-digit centre code and short
# segments. A number typed in groups ("7310 0118 8650 46") has no dash and no letter.
_SEP = r"(?:\s*-\s*|\s+)"
_SORT_CODE = re.compile(rf"\d{{3}}{_SEP}[0-9A-Z]{{1,6}}(?:{_SEP}[0-9A-Z]{{1,6}}){{0,3}}")

_SHOWN = 30  # characters of the input quoted back in a message


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a candidate is proposed: an English message marked for translation plus parameters."""

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message.format(**self.params)


@dataclass(frozen=True, slots=True)
class Candidate:
    carrier: str  # export code: SF, ZTO, ..., OTHER
    name_zh: str
    name_en: str
    confidence: int  # 1-99
    reasons: tuple[Reason, ...]
    rule_id: str | None  # None when only the station's remembered choice proposes it


@dataclass(frozen=True, slots=True)
class Recognition:
    number: str  # normalised
    candidates: tuple[Candidate, ...]  # best first, never empty
    ambiguous: bool  # True: ask the partner to pick
    preference_key: str
    preferred: bool  # the station's remembered choice put the first candidate first

    @property
    def best(self) -> Candidate:
        return self.candidates[0]

    @property
    def carrier(self) -> str | None:
        """The carrier code when no question needs asking."""
        return None if self.ambiguous else self.best.carrier


def _clean(raw: str) -> str:
    # NFKC turns full-width letters and digits (typed with a Chinese input method) into ASCII;
    # format characters (zero-width spaces, BOM) come from copy-paste and are invisible.
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", text.upper()).strip()


def normalise(raw: str) -> str:
    """The waybill number as stored: no white space, upper case, JD piece suffix removed.

    It does not refuse anything; ``recognise`` does.
    """
    # NFKC again once the spaces are gone: "U¯" becomes "U", space, combining macron, and only
    # without the space do the two compose ("Ū"), so a stored number normalises to itself
    text = unicodedata.normalize("NFKC", "".join(_clean(raw).split()))
    m = _PIECE_DASH.fullmatch(text)
    if m:
        text = m.group(1)
    m = _PIECE_NS.fullmatch(text)
    if m:
        text = m.group(1)
    return text


def preference_key(number: str) -> str:
    """The key under which the station's carrier choice for this number is remembered."""
    n = normalise(number)
    return f"{len(n)}:{n[:PREFIX_LENGTH]}"


def is_sort_code(raw: str) -> bool:
    """True for a label's sort code (三段码), which is neither a waybill nor a pickup code."""
    text = _clean(raw)
    return bool(_SORT_CODE.fullmatch(text)) and ("-" in text or any(c.isalpha() for c in text))


def _printable(c: str) -> str:
    return c if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}"


def _shown(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text[:_SHOWN])


def _refuse(message: str, number: str, **params: Any) -> ValidationError:
    return ValidationError(message, field="waybill", code=_shown(number), **params)


def _names(rules: RuleSet, rule: Rule | None, code: str) -> tuple[str, str]:
    if rule is not None and rule.name_zh and rule.name_en:
        return rule.name_zh, rule.name_en
    carrier = rules.carrier(code)
    return carrier.name_zh, carrier.name_en


def _check_basics(text: str, number: str, rules: RuleSet) -> None:
    if not number:
        raise ValidationError(tr_noop("errors", "The waybill number is empty."), field="waybill")
    if is_sort_code(text):
        raise _refuse(
            tr_noop(
                "errors",
                "'{code}' is the sort code printed on the label, not the waybill number; "
                "scan the long barcode instead.",
            ),
            text,
        )
    bad = sorted({c for c in number if not _WAYBILL_CHARS.fullmatch(c)})
    if bad:
        raise _refuse(
            tr_noop("errors", "'{code}' contains characters no waybill number uses: {chars}."),
            number,
            chars=" ".join(_printable(c) for c in bad[:10]),
        )
    limits = rules.limits
    if not limits.min_length <= len(number) <= limits.max_length:
        raise _refuse(
            tr_noop("errors", "'{code}' has {length} characters; a waybill number has {min} to {max}."),
            number,
            length=len(number),
            min=limits.min_length,
            max=limits.max_length,
        )
    if sum(c.isdigit() for c in number) < limits.min_digits:
        raise _refuse(tr_noop("errors", "'{code}' has too few digits to be a waybill number."), number)


def _is_product_barcode(number: str, matched: list[Rule], rules: RuleSet) -> bool:
    return (
        is_valid_ean13(number)
        and rules.limits.is_product_prefix(number)
        and all(r.carrier == OTHER for r in matched)
    )


def _refuse_unmatched(number: str, rules: RuleSet, s10_failed: bool) -> None:
    """Refuse a number no rule accepts when it is plainly a misread of a known format."""
    if s10_failed:
        raise _refuse(
            tr_noop(
                "errors",
                "The check digit of the postal number '{code}' is wrong; "
                "check the number on the label and enter it again.",
            ),
            number,
        )
    # Letter prefixes are brand marks (SF, JT, DPK...): an unmatched number that carries one is
    # a partial scan or a typo, not an unknown carrier.
    claimed = [r for r in rules.rules if r.prefix and number.startswith(r.prefix)]
    if not claimed:
        return
    longest = max(len(r.prefix) for r in claimed)
    claimed = [r for r in claimed if len(r.prefix) == longest]
    owner = next((r for r in claimed if r.carrier != OTHER), claimed[0])
    name_zh, name_en = _names(rules, owner, owner.carrier)
    lengths = sorted({n for r in claimed for n in r.lengths})
    params = dict(carrier_zh=name_zh, carrier_en=name_en, length=len(number))
    if len(number) not in lengths:
        raise _refuse(
            tr_noop(
                "errors",
                "'{code}' looks like a waybill number of {carrier_en} but has {length} characters "
                "instead of {expected}; check the number on the label.",
            ),
            number,
            expected=" / ".join(map(str, lengths)),
            **params,
        )
    raise _refuse(
        tr_noop(
            "errors",
            "'{code}' looks like a waybill number of {carrier_en} but does not match its format; "
            "check the number on the label.",
        ),
        number,
        **params,
    )


def _candidate(rule: Rule, number: str, rules: RuleSet) -> Candidate:
    name_zh, name_en = _names(rules, rule, rule.carrier)
    reasons = [
        Reason(
            tr_noop("errors", "Matches the {carrier_en} number format (rule {rule})."),
            {"carrier_zh": name_zh, "carrier_en": name_en, "rule": rule.id},
        )
    ]
    confidence = rule.score
    check = rule.check_ok(number)
    if check is True:
        confidence = min(99, confidence + CHECK_WEIGHT)
        reasons.append(Reason(tr_noop("errors", "The check digit is right for this carrier.")))
    elif check is False:
        confidence = max(1, confidence - CHECK_WEIGHT)
        reasons.append(Reason(tr_noop("errors", "The check digit is wrong for this carrier.")))
    return Candidate(rule.carrier, name_zh, name_en, confidence, tuple(reasons), rule.id)


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    # One entry per carrier (per name for OTHER kinds), keeping the best rule's confidence.
    best: dict[tuple[str, str], Candidate] = {}
    for c in candidates:
        key = (c.carrier, c.name_en)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return list(best.values())


def _preferred(
    candidates: list[Candidate], code: str, number: str, rules: RuleSet
) -> tuple[Candidate, list[Candidate]]:
    """The station's choice as the first candidate, and the others."""
    reason = Reason(
        tr_noop(
            "errors",
            "Chosen at this station before for {length}-character numbers starting with {start}.",
        ),
        {"length": len(number), "start": number[:PREFIX_LENGTH]},
    )
    chosen = [c for c in candidates if c.carrier == code]
    if not chosen:
        name_zh, name_en = _names(rules, None, code)
        return Candidate(code, name_zh, name_en, PREFERRED_CONFIDENCE, (reason,), None), candidates
    top = max(chosen, key=lambda c: c.confidence)
    rest = [c for c in candidates if c is not top]
    confidence = max(PREFERRED_CONFIDENCE, top.confidence)
    first = Candidate(code, top.name_zh, top.name_en, confidence, (reason, *top.reasons), top.rule_id)
    return first, rest


def recognise(
    raw: str, rules: RuleSet, preferences: Mapping[str, str] | None = None
) -> Recognition:
    """Read a scanned or typed waybill number.

    Raises ValidationError (field ``waybill``) for what cannot be a waybill number: empty, a sort
    code, characters no waybill uses, a wrong length, too few digits, a product EAN-13, a UPU
    S10 number with a wrong check digit, or a branded prefix (SF, JT...) with the wrong length
    or shape. ``preferences`` maps ``preference_key`` values to carrier codes.
    """
    text = _clean(raw if isinstance(raw, str) else "")
    number = normalise(text)
    _check_basics(text, number, rules)

    matched = [r for r in rules.rules if r.matches(number)]
    if _is_product_barcode(number, matched, rules):
        raise _refuse(
            tr_noop(
                "errors",
                "'{code}' is a product barcode, not a waybill number; "
                "scan the barcode of the waybill number on the parcel label.",
            ),
            number,
        )
    found: list[Candidate] = []
    s10_failed = False
    for rule in matched:
        if rule.check_failure == "refuse" and rule.check_ok(number) is False:
            s10_failed = True
            continue
        found.append(_candidate(rule, number, rules))
    if not found:
        _refuse_unmatched(number, rules, s10_failed)
        name_zh, name_en = _names(rules, None, OTHER)
        reason = Reason(tr_noop("errors", "No rule knows this number; choose the carrier."))
        found = [Candidate(OTHER, name_zh, name_en, FALLBACK_CONFIDENCE, (reason,), None)]
    candidates = _merge(found)

    key = preference_key(number)
    choice = (preferences or {}).get(key)
    preferred = choice in rules.carriers
    first: list[Candidate] = []
    if preferred:
        pick, candidates = _preferred(candidates, choice, number, rules)  # type: ignore[arg-type]
        first = [pick]
    # sorted() is stable, so equal confidences keep the rule file's order
    ranked = (*first, *sorted(candidates, key=lambda c: -c.confidence))
    top = ranked[0].confidence
    close = len(ranked) > 1 and top - ranked[1].confidence < AMBIGUITY_MARGIN
    ambiguous = not preferred and (top < SURE_CONFIDENCE or close)
    return Recognition(number, ranked, ambiguous, key, preferred)
