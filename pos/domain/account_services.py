"""Services with an account (便民服务): phone top-up (话费充值), electricity and water bills
(电费/水费代缴) and the like, paid at the counter into a number or an account.

The service kinds are settings (the owner's, or the county's when the station is linked); each
kind says how its account is checked ("mobile": a mainland mobile number, "account": a bill
account of digits and letters), its providers, the fee the villager pays by default and the
commission rule (basis points of the amount plus fixed fen). The commission is computed once,
when the payment is made, and stored with it: a later rule change never changes a past record.

The shape of a kind, in the station setting ``services.kinds`` and in the county's
``service_kinds`` (docs/county-sync.md)::

    {"code": "phone_topup", "name": "话费充值", "account": "mobile", "enabled": true,
     "commission_bp": 50, "commission_fen": 0, "default_fee_fen": 0, "providers": []}
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.income import MAX_BP, MAX_FEN_EACH
from pos.domain.money import Money
from pos.domain.phone import parse_mobile

PHONE_TOPUP = "phone_topup"
ELECTRICITY = "electricity"
WATER = "water"
GAS = "gas"

MOBILE_ACCOUNT = "mobile"  # the account is a mainland mobile number
BILL_ACCOUNT = "account"  # a bill account: digits and letters
ACCOUNT_TYPES = (MOBILE_ACCOUNT, BILL_ACCOUNT)

# the amounts a partner taps most (yuan)
PRESET_YUAN = (10, 20, 30, 50, 100, 200)

MAX_AMOUNT_FEN = 1_000_000  # ¥10,000: a bigger bill is a typing slip
MAX_FEE_FEN = 10_000  # ¥100
MAX_KINDS = 30
MAX_PROVIDERS = 20
MAX_NAME = 20
MAX_PROVIDER = 40
ACCOUNT_MIN, ACCOUNT_MAX = 4, 30

_CODE = re.compile(r"[a-z][a-z0-9_]{0,29}", re.ASCII)
_ACCOUNT = re.compile(r"[0-9A-Z][0-9A-Z\-]*", re.ASCII)
_SEPARATORS = re.compile(r"[\s]+")

# names of the kinds the app knows, in English for the translation (the setting may name them)
KIND_NAMES = {
    PHONE_TOPUP: tr_noop("account_services", "Phone top-up"),
    ELECTRICITY: tr_noop("account_services", "Electricity bill"),
    WATER: tr_noop("account_services", "Water bill"),
    GAS: tr_noop("account_services", "Gas bill"),
}

# mobile operators; the provider stored is the name in the station's language
CHINA_MOBILE = tr_noop("account_services", "China Mobile")
CHINA_UNICOM = tr_noop("account_services", "China Unicom")
CHINA_TELECOM = tr_noop("account_services", "China Telecom")
CHINA_BROADNET = tr_noop("account_services", "China Broadnet")
OPERATORS = (CHINA_MOBILE, CHINA_UNICOM, CHINA_TELECOM, CHINA_BROADNET)

# Number segments (号段) as the MIIT allotted them; 170/171/162/165/167 are the resellers' (虚拟
# 运营商) segments riding on one of the three networks. A number ported to another operator
# (携号转网, since 2019) keeps its segment, so the guess is only a default the partner may change.
_SEGMENTS: dict[str, str] = {}
for _op, _prefixes in (
    (CHINA_MOBILE, "1340 1341 1342 1343 1344 1345 1346 1347 1348 135 136 137 138 139 147 148 150 151 152 "
                   "157 158 159 165 172 178 182 183 184 187 188 195 197 198 1703 1705 1706"),
    (CHINA_UNICOM, "130 131 132 145 146 155 156 166 167 171 175 176 185 186 196 1704 1707 1708 1709"),
    (CHINA_TELECOM, "133 1349 149 153 162 173 174 177 180 181 189 190 191 193 199 1700 1701 1702"),
    (CHINA_BROADNET, "192"),
):
    for _p in _prefixes.split():
        _SEGMENTS[_p] = _op


@dataclass(frozen=True, slots=True)
class ServiceKind:
    code: str
    name: str = ""  # empty: the app's own name for a known code (KIND_NAMES), translated
    account: str = BILL_ACCOUNT
    enabled: bool = True
    commission_bp: int = 0
    commission_fen: int = 0
    default_fee_fen: int = 0
    providers: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "account": self.account, "enabled": self.enabled,
                "commission_bp": self.commission_bp, "commission_fen": self.commission_fen,
                "default_fee_fen": self.default_fee_fen, "providers": list(self.providers)}


DEFAULT_KINDS: tuple[ServiceKind, ...] = (
    ServiceKind(PHONE_TOPUP, account=MOBILE_ACCOUNT),
    ServiceKind(ELECTRICITY),
    ServiceKind(WATER),
    ServiceKind(GAS, enabled=False),
)


def kinds_to_json(kinds: tuple[ServiceKind, ...] | list[ServiceKind]) -> list[dict[str, Any]]:
    return [k.to_json() for k in kinds]


def _bad(message: str, field: str, **params: Any) -> ValidationError:
    return ValidationError(message, field=field, **params)


def _whole(v: Any, hi: int, field: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= hi:
        raise _bad(tr_noop("errors", "A service's amount is out of range."), field)
    return v


def parse_kind(obj: Any, path: str = "kind") -> ServiceKind:
    """One kind from settings or from the county: every field checked, nothing guessed."""
    if not isinstance(obj, Mapping):
        raise _bad(tr_noop("errors", "A service kind is not in the right form."), path)
    unknown = sorted(set(obj) - {"code", "name", "account", "enabled", "commission_bp", "commission_fen",
                                 "default_fee_fen", "providers"})
    if unknown:
        raise _bad(tr_noop("errors", "A service kind is not in the right form."), f"{path}.{unknown[0]}")
    code = obj.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise _bad(tr_noop("errors", "A service kind's code must be lower-case letters, digits and _ "
                           "(at most 30)."), f"{path}.code")
    name = obj.get("name", "")
    if not isinstance(name, str) or len(name.strip()) > MAX_NAME:
        raise _bad(tr_noop("errors", "A service's name has at most {max} characters."), f"{path}.name",
                   max=MAX_NAME)
    name = " ".join(name.split())
    if not name and code not in KIND_NAMES:
        raise _bad(tr_noop("errors", "Give the service '{code}' a name."), f"{path}.name", code=code)
    account = obj.get("account", BILL_ACCOUNT)
    if account not in ACCOUNT_TYPES:
        raise _bad(tr_noop("errors", "A service kind's account type is 'mobile' or 'account'."), f"{path}.account")
    enabled = obj.get("enabled", True)
    if not isinstance(enabled, bool):
        raise _bad(tr_noop("errors", "A service kind is not in the right form."), f"{path}.enabled")
    bp = _whole(obj.get("commission_bp", 0), MAX_BP, f"{path}.commission_bp")
    fen = _whole(obj.get("commission_fen", 0), MAX_FEN_EACH, f"{path}.commission_fen")
    fee = _whole(obj.get("default_fee_fen", 0), MAX_FEE_FEN, f"{path}.default_fee_fen")
    raw = obj.get("providers", [])
    if not isinstance(raw, list) or len(raw) > MAX_PROVIDERS:
        raise _bad(tr_noop("errors", "A service kind's providers are not in the right form."), f"{path}.providers")
    providers: list[str] = []
    for i, p in enumerate(raw):
        if not isinstance(p, str) or not p.strip() or len(p.strip()) > MAX_PROVIDER:
            raise _bad(tr_noop("errors", "A provider's name is empty or longer than {max} characters."),
                       f"{path}.providers[{i}]", max=MAX_PROVIDER)
        if p.strip() not in providers:
            providers.append(" ".join(p.split()))
    return ServiceKind(code, name, account, enabled, bp, fen, fee, tuple(providers))


def parse_kinds(obj: Any) -> tuple[ServiceKind, ...]:
    """The list of kinds (the setting, or the county's ``service_kinds``); codes are unique."""
    if not isinstance(obj, list) or len(obj) > MAX_KINDS:
        raise _bad(tr_noop("errors", "The list of services is not in the right form."), "service_kinds")
    kinds = tuple(parse_kind(o, f"service_kinds[{i}]") for i, o in enumerate(obj))
    seen: set[str] = set()
    for i, k in enumerate(kinds):
        if k.code in seen:
            raise _bad(tr_noop("errors", "The service '{code}' is listed twice."), f"service_kinds[{i}].code",
                       code=k.code)
        seen.add(k.code)
    return kinds


# --- accounts, amounts, commission, masking ------------------------------------------------------

def parse_bill_account(raw: str, field: str = "account") -> str:
    """A bill account (户号): digits and letters (a dash allowed inside), 4 to 30 of them;
    spaces are dropped, full-width characters and lower case are read as what they mean."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw if isinstance(raw, str) else "")).upper()
    if not text:
        raise _bad(tr_noop("errors", "Enter the account number the bill is paid into."), field)
    if not _ACCOUNT.fullmatch(text) or text.endswith("-"):
        raise _bad(tr_noop("errors", "'{account}' is not an account number: use digits and letters only."),
                   field, account="".join(c if c.isprintable() else "?" for c in text[:30]))
    if not ACCOUNT_MIN <= len(text) <= ACCOUNT_MAX:
        raise _bad(tr_noop("errors", "An account number has {low} to {high} characters."), field,
                   low=ACCOUNT_MIN, high=ACCOUNT_MAX)
    return text


def parse_account(kind: ServiceKind, raw: str) -> str:
    """The number or account paid into, checked the way the kind says."""
    if kind.account == MOBILE_ACCOUNT:
        return parse_mobile(raw, field="account")
    return parse_bill_account(raw)


def guess_operator(number: str) -> str:
    """The mobile operator a number's segment belongs to (untranslated name), or "" when the
    segment is not known. Ported numbers keep their segment: the partner may change it."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", number or "") if c.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return _SEGMENTS.get(digits[:4]) or _SEGMENTS.get(digits[:3], "")


def mask_account(kind_account: str, account: str) -> str:
    """What a receipt and the county show: a mobile as 138****1234, any other account as ****
    and its last 4 characters (the length is not told)."""
    if kind_account == MOBILE_ACCOUNT and len(account) == 11 and account.isdigit():
        return f"{account[:3]}****{account[7:]}"
    return "****" + account[-4:] if len(account) > 4 else "****"


def check_amount(fen: int, field: str = "amount") -> int:
    if isinstance(fen, bool) or not isinstance(fen, int) or fen <= 0:
        raise _bad(tr_noop("errors", "The amount must be more than zero."), field)
    if fen > MAX_AMOUNT_FEN:
        raise _bad(tr_noop("errors", "An amount above {limit} is not accepted; check the amount."), field,
                   limit=str(Money(MAX_AMOUNT_FEN)))
    return fen


def check_fee(fen: int, field: str = "fee") -> int:
    if isinstance(fen, bool) or not isinstance(fen, int) or fen < 0:
        raise _bad(tr_noop("errors", "The fee cannot be negative."), field)
    if fen > MAX_FEE_FEN:
        raise _bad(tr_noop("errors", "A fee above {limit} is not accepted; check the amount."), field,
                   limit=str(Money(MAX_FEE_FEN)))
    return fen


def parse_yuan(text: str, field: str) -> int:
    """A typed amount in yuan (``50``, ``49.5``, ``¥100``) as fen."""
    try:
        return Money.parse((text or "").strip()).fen
    except ValidationError as e:
        raise ValidationError(e.message, field=field, **e.params) from None


def commission(kind: ServiceKind, amount_fen: int) -> int:
    """The partner's commission on one payment: bp of the amount (half up) plus the fixed fen."""
    return (amount_fen * kind.commission_bp + MAX_BP // 2) // MAX_BP + kind.commission_fen


def parse_percent(text: str, field: str = "commission_bp") -> int:
    """A commission typed as a percentage (``0.5``, ``1.25%``) as basis points (50, 125)."""
    raw = unicodedata.normalize("NFKC", text or "").strip().rstrip("%").strip()
    if not raw:
        return 0
    m = re.fullmatch(r"(\d{1,3})(?:\.(\d{1,2}))?", raw, re.ASCII)
    bp = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0")) if m else -1
    if not 0 <= bp <= MAX_BP:
        raise _bad(tr_noop("errors", "A commission is a percentage from 0 to 100 with at most two decimals."),
                   field)
    return bp


def percent_text(bp: int) -> str:
    """50 -> ``0.50``: basis points as the partner reads them."""
    return f"{bp // 100}.{bp % 100:02d}"
