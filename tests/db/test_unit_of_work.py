"""Database.unit_of_work() commits or rolls back as a whole; reader() never writes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pos.db.models import Setting, Station
from pos.db.unit_of_work import Database


def _count(db: Database, model) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_unit_of_work_commits_on_success(any_database: Database):
    with any_database.unit_of_work() as uow:
        uow.add(Station(name="A"))
        uow.add(Setting(key="k", value="1"))
    assert _count(any_database, Station) == 1
    assert _count(any_database, Setting) == 1


def test_unit_of_work_rolls_back_everything_on_error(any_database: Database):
    with pytest.raises(RuntimeError):
        with any_database.unit_of_work() as uow:
            uow.add(Station(name="A"))
            uow.flush()  # already sent to the database ...
            raise RuntimeError("printer on fire")
    assert _count(any_database, Station) == 0  # ... and gone again


def test_objects_stay_readable_after_unit_of_work(any_database: Database):
    with any_database.unit_of_work() as uow:
        st = Station(name="A")
        uow.add(st)
    assert st.name == "A" and st.id is not None and st.updated_at is not None


def test_reader_discards_changes(any_database: Database):
    with any_database.unit_of_work() as uow:
        uow.add(Station(name="A"))
    with any_database.reader() as s:
        s.scalars(select(Station)).one().name = "B"
        s.flush()
        s.add(Setting(key="k", value="1"))
    with any_database.reader() as s:
        assert s.scalars(select(Station.name)).all() == ["A"]
    assert _count(any_database, Setting) == 0


def test_objects_stay_readable_after_reader(any_database: Database):
    with any_database.unit_of_work() as uow:
        uow.add(Station(name="A", address="村口", phone="1"))
    with any_database.reader() as s:
        st = s.scalars(select(Station)).one()
    assert (st.name, st.address, st.phone) == ("A", "村口", "1")
    assert st.created_at.tzinfo is not None
