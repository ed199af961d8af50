"""What a carrier charges to send a parcel: tariff files, zones by destination province, prices.

One file per carrier (resources/tariffs/<CARRIER>.toml, overridden by the same name in the data
folder's ``tariffs`` folder) because a station's prices are its own contract with each courier
and change when that contract does; no authoritative prices exist (research E.2). The loader is
strict like carriers.toml's: a mistake names the file, the key and, where it can, the line.

Pricing, all in integer fen and grams:
- volumetric grams = ceil(L × W × H cm³ × 1000 / divisor); chargeable = max(actual, volumetric);
- the chargeable weight is rounded UP to the tariff's step (0.5 kg, 1 kg ...);
- up to the first weight: the first price; above it each kg costs the additional price, the
  extra weight counted in steps (so 0.5 kg of extra weight costs half a kg), half a fen up;
- insurance: the declared value × the rate, half a fen up, at least the minimum.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pos.domain.carriers import CARRIER_CODES
from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop

# provincial-level divisions by their short names; full names ("江苏省", "广西壮族自治区") are
# read by their leading short name
PROVINCES: tuple[str, ...] = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川",
    "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门",
)  # fmt: skip

MAX_DIMENSION_CM = 300
MAX_WEIGHT_GRAMS = 1_000_000  # a tonne: more is a typing slip at a village counter
MAX_INSURED_FEN = 100_000_000  # ¥1,000,000
_ZONE_KEYS = {"name", "provinces", "others", "first_weight_kg", "first_price", "additional_kg_price"}
_TOP_KEYS = {"version", "carrier", "note", "volumetric_divisor", "rounding_step_kg", "insurance", "zones"}
_INSURANCE_KEYS = {"rate_percent", "minimum", "max_value"}


class TariffFileError(DomainError):
    """A tariff file cannot be used; the message names the file, the key and the line."""


def province_of(text: str) -> str | None:
    """The short name of the province ``text`` names (``"江苏省"`` → ``"江苏"``), or None."""
    t = "".join((text or "").split())
    for name in sorted(PROVINCES, key=len, reverse=True):
        if t.startswith(name):
            return name
    return None


@dataclass(frozen=True, slots=True)
class Zone:
    name: str
    provinces: frozenset[str]
    others: bool  # the zone of every province no other zone lists
    first_weight_grams: int
    first_fen: int
    additional_kg_fen: int


@dataclass(frozen=True, slots=True)
class Tariff:
    carrier: str
    zones: tuple[Zone, ...]
    volumetric_divisor: int  # cm³ per kg; 0: size does not count
    step_grams: int
    insurance_rate_bp: int  # hundredths of a percent of the declared value
    insurance_min_fen: int
    insurance_max_value_fen: int | None
    origin: str = ""
    note: str = ""

    def zone_for(self, province: str) -> Zone:
        short = province_of(province)
        if short is None:
            raise ValidationError(tr_noop("errors", "'{province}' is not a province of China."),
                                  field="province", province=(province or "")[:20])
        for zone in self.zones:
            if short in zone.provinces:
                return zone
        for zone in self.zones:
            if zone.others:
                return zone
        raise ValidationError(tr_noop("errors", "The {carrier} tariff has no price for {province}."),
                              field="province", carrier=self.carrier, province=short)


@dataclass(frozen=True, slots=True)
class Size:
    length_cm: int
    width_cm: int
    height_cm: int

    @property
    def volume_cm3(self) -> int:
        return self.length_cm * self.width_cm * self.height_cm


@dataclass(frozen=True, slots=True)
class Quote:
    carrier: str
    zone: str
    actual_grams: int
    volumetric_grams: int
    chargeable_grams: int  # after rounding up to the step
    first_fen: int
    additional_fen: int
    insured_value_fen: int
    insurance_fen: int

    @property
    def freight_fen(self) -> int:
        return self.first_fen + self.additional_fen

    @property
    def total_fen(self) -> int:
        return self.freight_fen + self.insurance_fen


def volumetric_grams(size: Size | None, divisor: int) -> int:
    if size is None or divisor <= 0:
        return 0
    return -(-size.volume_cm3 * 1000 // divisor)


def check_weight(grams: int) -> int:
    if isinstance(grams, bool) or not isinstance(grams, int) or not 0 < grams <= MAX_WEIGHT_GRAMS:
        raise ValidationError(tr_noop("errors", "A weight is more than 0 and at most {max} kg."),
                              field="weight", max=MAX_WEIGHT_GRAMS // 1000)
    return grams


def check_size(size: Size | None) -> Size | None:
    if size is None:
        return None
    for d in (size.length_cm, size.width_cm, size.height_cm):
        if isinstance(d, bool) or not isinstance(d, int) or not 0 < d <= MAX_DIMENSION_CM:
            raise ValidationError(tr_noop("errors", "Each side is a whole number of cm from 1 to {max}."),
                                  field="size", max=MAX_DIMENSION_CM)
    return size


def half_up_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for non-negative integers."""
    return (2 * numerator + denominator) // (2 * denominator)


def quote(tariff: Tariff, province: str, actual_grams: int, size: Size | None = None,
          insured_value_fen: int = 0) -> Quote:
    check_weight(actual_grams)
    check_size(size)
    if isinstance(insured_value_fen, bool) or not 0 <= insured_value_fen <= MAX_INSURED_FEN:
        raise ValidationError(tr_noop("errors", "An insured value is from ¥0 to ¥{max}."),
                              field="insured_value", max=MAX_INSURED_FEN // 100)
    if tariff.insurance_max_value_fen is not None and insured_value_fen > tariff.insurance_max_value_fen:
        raise ValidationError(tr_noop("errors", "{carrier} insures at most ¥{max}."), field="insured_value",
                              carrier=tariff.carrier, max=tariff.insurance_max_value_fen // 100)
    zone = tariff.zone_for(province)
    vol = volumetric_grams(size, tariff.volumetric_divisor)
    chargeable = -(-max(actual_grams, vol) // tariff.step_grams) * tariff.step_grams
    extra_grams = max(0, chargeable - zone.first_weight_grams)
    additional = half_up_div(zone.additional_kg_fen * extra_grams, 1000)
    insurance = 0
    if insured_value_fen:
        insurance = max(tariff.insurance_min_fen, half_up_div(insured_value_fen * tariff.insurance_rate_bp, 10_000))
    return Quote(tariff.carrier, zone.name, actual_grams, vol, chargeable, zone.first_fen, additional,
                 insured_value_fen, insurance)


# loading ------------------------------------------------------------------------------------------
def load_tariffs(folders: Iterable[Path]) -> dict[str, Tariff]:
    """Every ``<CARRIER>.toml`` of the folders; a later folder's file replaces an earlier one's
    (the shipped examples first, then the data folder's own)."""
    files: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                files[path.stem.upper()] = path
    return {code: load_tariff(path) for code, path in sorted(files.items())}


def load_tariff(path: Path) -> Tariff:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TariffFileError(tr_noop("errors", "The tariff file {file} cannot be read: {problem}."),
                              file=str(path), problem=str(exc)) from exc
    return parse_tariff(text, origin=str(path), expected_carrier=path.stem.upper())


def parse_tariff(text: str, origin: str = "tariff.toml", expected_carrier: str | None = None) -> Tariff:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TariffFileError(tr_noop("errors", "The tariff file {file} cannot be read: {problem}."),
                              file=origin, problem=f"not valid TOML ({exc})") from exc
    return _Parser(origin, text).run(data, expected_carrier)


class _Parser:
    def __init__(self, origin: str, text: str) -> None:
        self.origin = origin
        self.lines = text.splitlines()

    def line_of(self, key: str, zone: int | None = None) -> int | None:
        """Best effort: the line of ``key`` (inside the zone-th [[zones]] table when given)."""
        start, seen = 0, 0
        if zone is not None:
            for i, line in enumerate(self.lines):
                if line.strip().startswith("[[zones]]"):
                    seen += 1
                    if seen == zone:
                        start = i
                        break
            else:
                return None
            if not key:
                return start + 1
        for i in range(start, len(self.lines)):
            if self.lines[i].split("=", 1)[0].strip() == key:
                return i + 1
        return None

    def fail(self, key: str, problem: str, zone: int | None = None) -> TariffFileError:
        where = key if zone is None else f"zones[{zone}]" + (f".{key}" if key else "")
        line = self.line_of(key.split(".")[-1], zone)
        if line is not None:
            where += f" (line {line})"
        return TariffFileError(tr_noop("errors", "The tariff file {file} has a mistake in {key}: {problem}."),
                               file=self.origin, key=where, problem=problem)

    def run(self, data: dict[str, Any], expected_carrier: str | None) -> Tariff:
        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise self.fail(sorted(unknown)[0], f"unknown entries {sorted(unknown)}")
        if data.get("version") != 1:
            raise self.fail("version", "version must be 1")
        carrier = data.get("carrier")
        if carrier not in CARRIER_CODES:
            raise self.fail("carrier", f"use one of {', '.join(CARRIER_CODES)}")
        if expected_carrier is not None and carrier != expected_carrier:
            raise self.fail("carrier", f"the file is named for {expected_carrier} but says {carrier}")
        divisor = data.get("volumetric_divisor", 0)
        if not _is_int(divisor) or not 0 <= divisor <= 100_000 or 0 < divisor < 1000:
            raise self.fail("volumetric_divisor", "a whole number of cm³ per kg such as 6000, 8000 or 12000 "
                            "(0: size does not count)")
        step = self.grams(data.get("rounding_step_kg"), "rounding_step_kg", None)
        if step == 0:
            raise self.fail("rounding_step_kg", "must be more than 0, such as 0.5 or 1")
        rate, minimum, max_value = self.insurance(data.get("insurance", {}))
        note = data.get("note", "")
        if not isinstance(note, str):
            raise self.fail("note", "must be text")
        zones = self.zones(data.get("zones"), step)
        return Tariff(carrier, zones, divisor, step, rate, minimum, max_value, self.origin, note)

    def insurance(self, raw: Any) -> tuple[int, int, int | None]:
        if not isinstance(raw, dict):
            raise self.fail("insurance", "must be a table [insurance]")
        unknown = set(raw) - _INSURANCE_KEYS
        if unknown:
            raise self.fail("insurance", f"unknown entries {sorted(unknown)}")
        rate = _decimal(raw.get("rate_percent", 0))
        if rate is None or not 0 <= rate <= 100 or rate != rate.quantize(Decimal("0.01")):
            raise self.fail("insurance.rate_percent", "a percentage from 0 to 100 with at most two decimals")
        minimum = self.fen(raw.get("minimum", 0), "insurance.minimum")
        max_value = None if "max_value" not in raw else self.fen(raw["max_value"], "insurance.max_value")
        return int(rate * 100), minimum, max_value

    def zones(self, raw: Any, step: int) -> tuple[Zone, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("zones", "there must be at least one [[zones]] table")
        out: list[Zone] = []
        taken: dict[str, str] = {}
        for i, z in enumerate(raw, start=1):
            if not isinstance(z, dict):
                raise self.fail("", "must be a [[zones]] table", i)
            unknown = set(z) - _ZONE_KEYS
            if unknown:
                raise self.fail(sorted(unknown)[0], f"unknown entries {sorted(unknown)}", i)
            name = z.get("name")
            if not isinstance(name, str) or not name.strip():
                raise self.fail("name", "every zone needs a name", i)
            others = z.get("others", False)
            if not isinstance(others, bool):
                raise self.fail("others", "must be true or false", i)
            if others and any(o.others for o in out):
                raise self.fail("others", "only one zone can take the other provinces", i)
            raw_provinces = z.get("provinces", [])
            if not isinstance(raw_provinces, list) or not all(isinstance(p, str) for p in raw_provinces):
                raise self.fail("provinces", "a list of province names in quotes", i)
            if not raw_provinces and not others:
                raise self.fail("provinces", "list the provinces, or say others = true", i)
            provinces = set()
            for p in raw_provinces:
                short = province_of(p)
                if short is None:
                    raise self.fail("provinces", f"{p!r} is not a province of China", i)
                if short in taken:
                    raise self.fail("provinces", f"{short} is already in zone {taken[short]!r}", i)
                taken[short] = name
                provinces.add(short)
            first_weight = self.grams(z.get("first_weight_kg"), "first_weight_kg", i)
            if first_weight == 0 or first_weight % step:
                raise self.fail("first_weight_kg", "must be more than 0 and a whole number of rounding steps", i)
            first = self.fen(z.get("first_price"), "first_price", i)
            additional = self.fen(z.get("additional_kg_price"), "additional_kg_price", i)
            out.append(Zone(name.strip(), frozenset(provinces), others, first_weight, first, additional))
        return tuple(out)

    def grams(self, value: Any, key: str, zone: int | None) -> int:
        kg = _decimal(value)
        if kg is None or not 0 <= kg <= 1000 or kg * 1000 != int(kg * 1000):
            raise self.fail(key, "a weight in kg such as 1 or 0.5 (whole grams)", zone)
        return int(kg * 1000)

    def fen(self, value: Any, key: str, zone: int | None = None) -> int:
        yuan = _decimal(value)
        if yuan is None or not 0 <= yuan <= 1_000_000 or yuan * 100 != int(yuan * 100):
            raise self.fail(key, "an amount in yuan such as 12 or 3.5 (at most two decimals)", zone)
        return int(yuan * 100)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)

