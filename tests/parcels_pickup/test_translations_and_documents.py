import ast
import datetime as dt
import importlib.util
import json
import re
import uuid
from pathlib import Path

from pos.domain.pickup_documents import delivery_run_sheet, pickup_receipt, reconciliation_sheet, return_slip
from pos.services.pickup.delivery import DeliveryParcel, RunSheet, Stop
from pos.services.pickup.handover import HandoverResult, ParcelCard
from pos.services.pickup.dues import DueLine
from pos.services.parcels.reconciliation import CarrierLine, DailySheet
from pos.services.parcels.returns import BatchParcel, BatchView

from .docs_text import doc_text

ROOT = Path(__file__).resolve().parents[2]
PENDING = ROOT / "resources" / "translations" / "pending" / "parcels_pickup.json"
# strings added when the parcels were wired to purchases and the drawer ledger
INTEGRATION = ROOT / "resources" / "translations" / "pending" / "parcels_integration.json"
MINE = [
    "pos/services/pickup/settings.py", "pos/services/pickup/handover.py", "pos/services/pickup/dues.py",
    "pos/services/pickup/numbers.py", "pos/services/parcels/reminders.py", "pos/services/parcels/returns.py",
    "pos/services/parcels/reconciliation.py", "pos/services/pickup/delivery.py", "pos/services/parcels/search.py",
    "pos/domain/pickup_documents.py", "pos/ui/pages/settings/pickup_tab.py",
    *[str(p.relative_to(ROOT)) for d in ("pos/ui/pages/pickup", "pos/ui/pages/parcel_widgets", "pos/ui/pages/parcels_admin")
      for p in sorted((ROOT / d).glob("*.py"))],
]
NAMES = {"ZTO": "中通快递", "YTO": "圆通速递", "SF": "顺丰速运"}
AT = dt.datetime(2026, 3, 10, 4, 0, tzinfo=dt.timezone.utc)


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _chinese():
    """Pending JSON, or (once merged by scripts/i18n.py) the .ts file."""
    known = {}
    script = _script()
    for (_ctx, src), tr in script.read_ts(script.TS).items():
        if tr:
            known[src] = tr if isinstance(tr, str) else src
    for pending in (PENDING, INTEGRATION):
        if pending.exists():
            known.update(json.loads(pending.read_text(encoding="utf-8")))
    return known


def test_every_string_of_the_pickup_side_has_chinese_with_the_same_placeholders():
    script = _script()
    zh = _chinese()
    missing, broken = [], []
    for rel in MINE:
        finder = script._Finder()
        finder.visit(ast.parse((ROOT / rel).read_text(encoding="utf-8")))
        for _ctx, text in finder.found:
            if text not in zh:
                missing.append(text)
            elif set(re.findall(r"\{\w*\}", text)) != set(re.findall(r"\{\w*\}", zh[text])):
                broken.append(text)
    assert missing == [] and broken == []


ZH = _chinese()


def zh_translate(_context, text):
    return ZH.get(text, text)


def card(code, waybill, dues=()):
    return ParcelCard(uuid.uuid4(), waybill, "ZTO", code, code[0], 3, "张三", "138****5678", AT, 2, False, dues)


def test_pickup_receipt_says_everything_the_villager_signs_for():
    a = card("A-3-0127", "73100118865046", (DueLine("storage", "Storage fee, {days} day(s)", 150, (("days", 3),)),))
    b = card("A-3-0128", "73100118869999")
    res = HandoverResult("Q20260310-0001", AT, "李芳", "张三", "138****5678", "张小明", "儿子", (a, b), (b.id,),
                         "面单破损", 150, 150, 0, "cash")
    for cols in (32, 48):
        text = doc_text(pickup_receipt(res, "清水村服务站", NAMES, zh_translate), cols)
        for part in ("取件凭条", "清水村服务站", "Q20260310-0001", "李芳", "138****5678", "代取人", "张小明 (儿子)", "中通快递 尾号5046", "A-3-0127", "A-3-0128", "未扫描交付：面单破损",
                     "保管费 3 天", "￥1.50", "实收（现金）", "签名"):
            assert part in text, (part, text)
        assert "13812345678" not in text
    local = AT.astimezone().strftime("%Y-%m-%d %H:%M")
    assert local in doc_text(pickup_receipt(res, "", NAMES, zh_translate), 48)


def test_return_slip_lists_full_waybills_for_the_courier():
    batch = BatchView(uuid.uuid4(), "T20260310-0001", "ZTO", "李芳", AT, AT, (
        BatchParcel(uuid.uuid4(), "73100118865046", "ZTO", "A-1-0001", "张三", AT - dt.timedelta(days=8), 8),))
    text = doc_text(return_slip(batch, "清水村服务站", NAMES, zh_translate))
    for part in ("退件交接单", "T20260310-0001", "中通快递", "73100118865046", "8 天", "退回件数", "快递员签名"):
        assert part in text


def test_reconciliation_sheet_has_each_carrier_and_the_total():
    sheet = DailySheet(dt.date(2026, 3, 10), AT, (CarrierLine("YTO", 3, 2, 0, 5), CarrierLine("ZTO", 10, 7, 1, 20)))
    text = doc_text(reconciliation_sheet(sheet, "清水村服务站", NAMES, zh_translate))
    for part in ("快递对账单", "2026-03-10", "圆通速递", "中通快递", "全部快递", "当日结束在库", "快递员签名"):
        assert part in text
    assert "13" in text and "25" in text  # received and in stock over all carriers


def test_delivery_run_sheet_groups_by_village_group_with_amounts():
    def stop(name, group, address, due):
        return Stop(name, name, "139****1111", group, address,
                    (DeliveryParcel(uuid.uuid4(), "73100118865046", "ZTO", "C-1-0001", "out_for_delivery",
                                    (DueLine("fee", "Fee on the parcel", due),)),), 300, "out")

    run = RunSheet(uuid.uuid4(), "D20260310-0001", "李芳", AT, None, 300,
                   (stop("赵大爷", "一组", "一组3号", 0), stop("王奶奶", "三组", "", 500)))
    text = doc_text(delivery_run_sheet(run, "清水村服务站", NAMES, zh_translate))
    assert text.index("一组") < text.index("赵大爷") < text.index("三组") < text.index("王奶奶")
    for part in ("送货上门单", "D20260310-0001", "地址未知", "￥8.00", "￥3.00", "合计应收", "￥11.00", "签收"):
        assert part in text


def test_documents_fit_the_paper():
    from pos.domain.textwidth import width

    sheet = DailySheet(dt.date(2026, 3, 10), AT, (CarrierLine("ZTO", 10, 7, 1, 20),))
    for cols in (32, 48):
        for line in doc_text(reconciliation_sheet(sheet, "一个名字很长很长很长的村级电商服务站", NAMES, zh_translate),
                             cols).splitlines():
            assert width(line) <= cols


def test_english_pickup_receipt_says_tail_with_a_space_and_no_dash_for_a_missing_name():
    a = card("A-3-0127", "73100118865046")
    res = HandoverResult("Q20260310-0001", AT, "李芳", "", "138****5678", "", "", (a,), (), "", 0, 0, 0, "")
    text = doc_text(pickup_receipt(res, "清水村服务站", NAMES, lambda _c, t: t), 48)
    assert "tail 5046" in text and "(no name)" in text
    zh = doc_text(pickup_receipt(res, "清水村服务站", NAMES, zh_translate), 48)
    assert "尾号5046" in zh and "（无姓名）" in zh
