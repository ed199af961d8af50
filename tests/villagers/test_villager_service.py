"""The register's use cases, on SQLite and PostgreSQL."""

import json

import pytest
from sqlalchemy import select

from pos.db.models import AccountEntry, AuditEntry, Payment, Villager
from pos.domain.errors import NotFound, PermissionDenied, ValidationError
from pos.domain.villager_fields import VillagerInput
from pos.services.shifts import drawer as shifts
from pos.services.villagers import register as vs

from .conftest import NOW


def make(db, op, clock, name="张三", phone="13812345678", group="三组", **kw):
    return vs.create(db, op, VillagerInput(name, phone, group, **kw), clock)


def names(rows):
    return [v.name for v in rows]


def test_create_and_search_every_way(any_database, any_people, clock):
    db, (owner, _) = any_database, any_people
    make(db, owner, clock)
    make(db, owner, clock, "单小红", "139****4321", "一组")
    make(db, owner, clock, "李四", "", "二组", household="李德明户")
    assert names(vs.search(db, owner, "zs")) == ["张三"]
    assert names(vs.search(db, owner, "ZS")) == ["张三"]
    assert names(vs.search(db, owner, "sxh")) == names(vs.search(db, owner, "dxh")) == ["单小红"]
    assert names(vs.search(db, owner, "小红")) == ["单小红"]
    assert names(vs.search(db, owner, "5678")) == ["张三"]
    assert names(vs.search(db, owner, "4321")) == ["单小红"]
    assert names(vs.search(db, owner, "138 1234 5678")) == ["张三"]
    assert names(vs.search(db, owner, "138****5678")) == ["张三"]
    assert names(vs.search(db, owner, "13900004321")) == ["单小红"]  # fits the mask
    assert names(vs.search(db, owner, "13800004321")) == []
    assert names(vs.search(db, owner, "二组")) == ["李四"]
    assert names(vs.search(db, owner, "%")) == [] and names(vs.search(db, owner, "_")) == []
    assert names(vs.search(db, owner, "")) == ["单小红", "李四", "张三"]  # 一组, 二组, 三组


def test_full_phone_is_unique_and_the_message_names_the_holder(any_database, any_people, clock):
    db, (owner, _) = any_database, any_people
    make(db, owner, clock)
    with pytest.raises(ValidationError) as e:
        make(db, owner, clock, "张三丰", "+86 13812345678", "")
    assert "already registered to 张三 (三组)" in str(e.value) and e.value.field == "phone"
    make(db, owner, clock, "王五", "139****4321")
    make(db, owner, clock, "赵六", "139****4321")  # masked numbers may repeat
    assert len(vs.search(db, owner, "4321")) == 2


def test_assistants_see_masked_phones(database, people, clock):
    owner, assistant = people
    v = make(database, owner, clock)
    seen = vs.get(database, assistant, v.id)
    assert seen.phone == "" and seen.phone_shown == "138****5678" and seen.has_full_phone
    assert [x.phone_shown for x in vs.search(database, assistant, "zs")] == ["138****5678"]
    assert vs.get(database, owner, v.id).phone_shown == "13812345678"


def test_saving_the_mask_keeps_the_full_number(database, people, clock):
    owner, assistant = people
    v = make(database, owner, clock)
    vs.update(database, assistant, v.id, VillagerInput("张三", "138****5678", "三组", notes="耳背"), clock)
    after = vs.get(database, owner, v.id)
    assert after.phone == "13812345678" and after.notes == "耳背"
    with database.reader() as s:
        assert not s.scalars(select(AuditEntry).where(AuditEntry.action == vs.VILLAGER_PHONE_CHANGED)).all()
    vs.update(database, assistant, v.id, VillagerInput("张三", "13987654321", "三组"), clock)
    with database.reader() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == vs.VILLAGER_PHONE_CHANGED)).one()
    assert json.loads(entry.details)["before"] == "138****5678" and entry.operator == "李芳"


def test_update_refuses_another_villagers_number(database, people, clock):
    owner, _ = people
    make(database, owner, clock)
    other = make(database, owner, clock, "李四", "13900001111")
    with pytest.raises(ValidationError, match="already registered to 张三"):
        vs.update(database, owner, other.id, VillagerInput("李四", "13812345678"), clock)
    vs.update(database, owner, other.id, VillagerInput("李四二", "13900001111"), clock)  # own number is fine
    assert names(vs.search(database, owner, "ls")) == ["李四二"]


def test_consent_date_is_kept_when_saving_again(database, people, clock):
    owner, _ = people
    v = make(database, owner, clock, delivery_consent=True)
    assert v.delivery_consent_at == NOW
    clock.advance(days=30)
    again = vs.update(database, owner, v.id, VillagerInput("张三", "13812345678", "三组", delivery_consent=True), clock)
    assert again.delivery_consent_at == NOW
    off = vs.update(database, owner, v.id, VillagerInput("张三", "13812345678", "三组"), clock)
    assert off.delivery_consent_at is None and not off.delivery_consent


def test_payment_on_account(any_database, any_people, clock):
    db, (owner, assistant) = any_database, any_people
    v = make(db, owner, clock)
    vs.adjust_balance(db, owner, v.id, 5000, "旧账本结转", clock)
    with pytest.raises(shifts.NoOpenShift):  # money is taken only inside an open shift (issue 14)
        vs.record_payment(db, assistant, v.id, 1230, "mobile", "微信", clock)
    shifts.open_shift(db, assistant, clock, 20000)
    after = vs.record_payment(db, assistant, v.id, 1230, "mobile", "微信", clock)
    assert after.balance_fen == 3770
    with db.reader() as s:
        entries = s.scalars(select(AccountEntry).order_by(AccountEntry.amount_fen)).all()
        pay = s.scalars(select(Payment)).one()
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("villager.%"))).all()
    assert [(e.kind, e.amount_fen) for e in entries] == [("payment", -1230), ("adjustment", 5000)]
    assert (pay.purpose, pay.method, pay.amount_fen, pay.villager_id) == ("account_payment", "mobile", 1230, v.id)
    assert sorted(actions) == [vs.VILLAGER_BALANCE_ADJUSTED, vs.VILLAGER_PAYMENT]


@pytest.mark.parametrize("amount, words", [(0, "more than ¥0.00"), (-5, "more than ¥0.00"),
                                           (200_000_000, "more than the register allows")])
def test_bad_payments(database, people, clock, amount, words):
    owner, _ = people
    v = make(database, owner, clock)
    with pytest.raises(ValidationError, match=words):
        vs.record_payment(database, owner, v.id, amount, "cash", "", clock)
    assert vs.get(database, owner, v.id).balance_fen == 0


def test_adjustments_are_the_owners_with_a_reason(database, people, clock):
    owner, assistant = people
    v = make(database, owner, clock)
    with pytest.raises(PermissionDenied):
        vs.adjust_balance(database, assistant, v.id, 100, "x", clock)
    with pytest.raises(ValidationError, match="say why"):
        vs.adjust_balance(database, owner, v.id, 100, "  ", clock)
    with pytest.raises(ValidationError, match="must not be ¥0.00"):
        vs.adjust_balance(database, owner, v.id, 0, "x", clock)
    vs.adjust_balance(database, owner, v.id, 99_000_000, "大额", clock)
    with pytest.raises(ValidationError, match="more than the register allows"):
        vs.adjust_balance(database, owner, v.id, 2_000_000, "再加", clock)
    assert vs.adjust_balance(database, owner, v.id, -99_000_000, "更正", clock).balance_fen == 0


def test_deactivate_reactivate_delete(any_database, any_people, clock):
    db, (owner, assistant) = any_database, any_people
    v = make(db, owner, clock)
    with pytest.raises(PermissionDenied):
        vs.deactivate(db, assistant, v.id, clock)
    vs.deactivate(db, owner, v.id, clock)
    assert vs.search(db, owner, "zs") == []
    assert names(vs.search(db, owner, "zs", include_inactive=True)) == ["张三"]
    with pytest.raises(ValidationError, match="deactivated"):
        make(db, owner, clock, "张三", "13812345678")
    vs.set_active(db, owner, v.id, True, clock)
    vs.adjust_balance(db, owner, v.id, 100, "测试", clock)
    with pytest.raises(ValidationError, match="must stay"):
        vs.delete(db, owner, v.id, clock)
    mistake = make(db, owner, clock, "错误", "")
    with pytest.raises(PermissionDenied):
        vs.delete(db, assistant, mistake.id, clock)
    vs.delete(db, owner, mistake.id, clock)
    with pytest.raises(NotFound):
        vs.get(db, owner, mistake.id)
    with db.reader() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("villager.%"))).all()
    assert {vs.VILLAGER_DEACTIVATED, vs.VILLAGER_REACTIVATED, vs.VILLAGER_DELETED} <= set(actions)


def test_groups_in_counting_order(database, people, clock):
    owner, _ = people
    for i, g in enumerate(["十二组", "二组", "3组", "一组", "茶园", ""]):
        make(database, owner, clock, f"村民{i}", "", g)
    assert vs.village_groups(database) == ["一组", "二组", "3组", "十二组", "茶园"]


def test_initials_are_stored(database, people, clock):
    owner, _ = people
    v = make(database, owner, clock, "单小红", "")
    with database.reader() as s:
        # the surname's readings (Shàn, dān, chán), then 红's rare gōng as well
        assert s.get(Villager, v.id).name_initials == "sxh dxh cxh sxg dxg cxg"
