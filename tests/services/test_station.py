import pytest
from sqlalchemy import func, select

from pos.db.models import Station, User
from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.station import StationDetails
from pos.services.station import setup as station
from pos.services.station.auth import AuthService
from pos.services.station.setup import StationExists


def test_set_up_once(database):
    assert not station.has_station(database)
    owner = station.set_up_station(database, StationDetails("清水村服务站", "村委会旁", "0578-8123456"), "王小明", "1234")
    assert owner.is_owner
    assert station.get_station(database).name == "清水村服务站"
    with pytest.raises(StationExists):
        station.set_up_station(database, StationDetails("别的站"), "张三", "4321")
    with database.reader() as s:
        assert s.scalar(select(func.count()).select_from(Station)) == 1
        assert s.scalar(select(func.count()).select_from(User)) == 1


def test_bad_input_writes_nothing(database):
    for details, name, pin in [
        (StationDetails(""), "王小明", "1234"),
        (StationDetails("站"), "", "1234"),
        (StationDetails("站"), "王小明", "12"),
    ]:
        with pytest.raises(ValidationError):
            station.set_up_station(database, details, name, pin)
    assert not station.has_station(database)


def test_update_station_owner_only(database):
    owner = station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")
    auth = AuthService(database)
    auth.add_assistant(owner, "李芳", "5678")
    assistant = auth.login("5678")
    with pytest.raises(PermissionDenied):
        station.update_station(database, assistant, StationDetails("改名"))
    station.update_station(database, owner, StationDetails("清水村电商服务站", "新地址", "13800138000"))
    assert station.get_station(database).name == "清水村电商服务站"
