"""The shelf label of a parcel, built from what was stored (so a reprint is the same call).

Worded like receipts: the caller passes a translate function (the UI passes Qt's translate for
context "parcel_documents") and the language carrier names are shown in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.domain.carriers import RuleSet
from pos.domain.parcel_documents import LabelData, Translate, build_shelf_label
from pos.domain.receipt import Document


def no_translation(text: str) -> str:
    return text


@dataclass(frozen=True)
class LabelWording:
    translate: Translate = no_translation
    language: str = "zh_CN"


def carrier_name(rules: RuleSet, code: str, lang: str) -> str:
    c = rules.carriers.get(code)
    if c is None:
        return code
    return c.name_zh if lang == "zh_CN" else c.name_en


def shelf_label(rules: RuleSet, wording: LabelWording, *, pickup_code: str, phone_display: str,
                recipient_name: str, carrier: str, checked_in_at: dt.datetime, waybill: str,
                station: str) -> Document:
    data = LabelData(pickup_code, phone_display, recipient_name, carrier_name(rules, carrier, wording.language),
                     checked_in_at, waybill, station)
    return build_shelf_label(data, wording.translate)
