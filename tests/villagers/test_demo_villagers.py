"""The demo register looks like a real village's."""

from pos.services.villagers import history as vh
from pos.services.villagers import register as vs
from pos.demo.villagers import add_demo_villagers
from pos.wiring import wire_station


def test_demo_villagers(database, people, clock):
    owner, assistant = people
    made = add_demo_villagers(database, owner, clock)
    assert len(made) == 40
    assert vs.village_groups(database) == ["一组", "二组", "三组", "四组", "五组"]
    assert sum(1 for v in made if v.phone_masked and not v.phone) >= 5  # known only from a waybill
    assert any(not v.phone_masked for v in made)  # an old man without a phone
    assert sum(1 for v in made if v.delivery_consent) >= 8
    owing = [v for v in made if v.balance_fen > 0]
    assert len(owing) >= 6
    assert [v.name for v in vs.search(database, assistant, "sxh")] == ["单小红"]
    kinds = {e.description for v in owing for e in vh.history(database, owner, v.id, vh.providers(wire_station().rules))}
    assert len(kinds) == 2  # owed from the old book, some paid back
