"""Demo villagers: five 村民小组 of a mountain village in Lishui, with the mix a real register has.

Some phones are known only as a waybill's mask, a few elderly villagers have none, some agreed to
delivery by the station, and some owe the shop money (赊账) or have paid part of it back.
"""

from __future__ import annotations

import datetime as dt
import random

from pos.db.unit_of_work import Database
from pos.domain.users import Operator
from pos.domain.villager_fields import VillagerInput
from pos.services.villagers import register as villagers
from pos.services.clock import Clock
from pos.demo.shifts import open_history_shift

# name, group, household, notes; the phones are made up by a fixed random sequence below
_PEOPLE = [
    ("王建国", "一组", "王建国户", ""), ("王秀英", "一组", "王建国户", "建国的妻子"),
    ("李德明", "一组", "李德明户", ""), ("张桂兰", "一组", "张桂兰户", "独居老人，耳背，说话要大声"),
    ("周伟", "一组", "周永福户", "在杭州打工，过年回来"), ("毛小芳", "一组", "毛水根户", ""),
    ("雷金花", "一组", "雷金花户", "腿脚不便，可送货上门"), ("陈志强", "一组", "陈志强户", ""),
    ("刘春燕", "二组", "刘春燕户", ""), ("刘海涛", "二组", "刘春燕户", ""),
    ("单小红", "二组", "单福生户", ""), ("吴国平", "二组", "吴国平户", "开农家乐，常有大件快递"),
    ("徐丽娟", "二组", "徐丽娟户", ""), ("蓝玉珍", "二组", "蓝玉珍户", ""),
    ("叶根土", "二组", "叶根土户", "没有手机，有事找儿子叶军"), ("叶军", "二组", "叶根土户", ""),
    ("曾国强", "三组", "曾国强户", ""), ("胡美玲", "三组", "胡美玲户", "网购多"),
    ("郑荣华", "三组", "郑荣华户", ""), ("孙桂芳", "三组", "孙桂芳户", ""),
    ("朱红梅", "三组", "朱红梅户", ""), ("钟水生", "三组", "钟水生户", "种茶大户，农资代购"),
    ("黄晓东", "三组", "黄晓东户", ""), ("杨梅英", "三组", "杨梅英户", ""),
    ("解春生", "四组", "解春生户", ""), ("何翠花", "四组", "何翠花户", ""),
    ("罗永红", "四组", "罗永红户", ""), ("程小兵", "四组", "程小兵户", ""),
    ("潘爱莲", "四组", "潘爱莲户", "腿脚不便，可送货上门"), ("傅家宝", "四组", "傅家宝户", ""),
    ("林秀珍", "四组", "林秀珍户", ""), ("方志刚", "四组", "方志刚户", ""),
    ("应小燕", "五组", "应小燕户", ""), ("蒋大伟", "五组", "蒋大伟户", ""),
    ("廖红英", "五组", "廖红英户", ""), ("邱金福", "五组", "邱金福户", "独居老人"),
    ("俞晓丽", "五组", "俞晓丽户", ""), ("华建军", "五组", "华建军户", ""),
    ("季彩云", "五组", "季彩云户", ""), ("卢小龙", "五组", "卢小龙户", "在外读书，寒暑假回村"),
]
_ADDRESS = {"一组": "上村", "二组": "溪边", "三组": "茶园坑", "四组": "下村", "五组": "岭头"}
_PREFIXES = ("134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
             "177", "180", "181", "182", "187", "188", "189", "198")
# (index in _PEOPLE, owed in fen, later paid back in fen)
_ACCOUNTS = [(2, 8650, 0), (3, 4200, 2000), (11, 126000, 50000), (14, 3580, 0), (17, 21500, 21500),
             (21, 238000, 100000), (26, 6000, 0), (29, 15800, 5800), (35, 2450, 0)]


def _phone(rng: random.Random) -> str:
    return rng.choice(_PREFIXES) + f"{rng.randrange(10 ** 8):08d}"


def add_demo_villagers(db: Database, owner: Operator, clock: Clock) -> list[villagers.VillagerView]:
    rng = random.Random(20261122)  # the same demo every time
    open_history_shift(db, owner, clock)  # the repayments and deposits below are money
    now = clock()
    made = []
    for i, (name, group, household, notes) in enumerate(_PEOPLE):
        number = _phone(rng)
        if "没有手机" in notes:
            phone = ""
        elif i % 5 == 3:  # known only from a waybill label
            phone = f"{number[:3]}****{number[7:]}"
        else:
            phone = number
        consent = "送货上门" in notes or i % 4 == 0
        when = now - dt.timedelta(days=rng.randrange(5, 400)) if consent else None
        street = f"{_ADDRESS[group]}{rng.randrange(1, 60)}号"
        made.append(villagers.create(db, owner, VillagerInput(
            name, phone, group, household, street, notes, consent, when), clock))
    for index, owed, paid in _ACCOUNTS:
        v = made[index]
        carried = now - dt.timedelta(days=rng.randrange(40, 90))
        villagers.adjust_balance(db, owner, v.id, owed, "旧账本结转（2024年账本）", lambda at=carried: at)
        if paid:
            paid_at = now - dt.timedelta(days=rng.randrange(1, 30), hours=rng.randrange(8))
            villagers.record_payment(db, owner, v.id, paid, "cash", "还部分欠款", lambda at=paid_at: at)
    return [villagers.get(db, owner, v.id) for v in made]
