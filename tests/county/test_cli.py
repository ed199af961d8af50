"""`village-pos county ...` from the shell."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import make_url
from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.cli import main
from pos.county.database import DB_ENV, make_county_engine
from pos.county.models import ManifestLine, Station, StationKey

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _qt(qapp):
    # the CLI translates its messages through Qt; share the test session's application (a bare
    # QCoreApplication made by the CLI would break later widget tests)
    return qapp


def county(*args: str) -> int:
    return main(["--lang", "en", "county", *args])


def test_init_add_station_revoke_and_import(county_url, tmp_path, capsys, monkeypatch):
    assert county("init", "--db", county_url) == 0
    out = capsys.readouterr().out
    assert "ready" in out and re.search(r"vct_\S+", out)
    assert county("init", "--db", county_url) == 0  # again: an upgrade that finds nothing to do
    assert "vct_" not in capsys.readouterr().out  # the staff token is printed only the first time

    monkeypatch.setenv(DB_ENV, county_url)  # `add-station NAME` as the issue writes it
    assert county("add-station", "清水村服务站") == 0
    out = capsys.readouterr().out
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", out).group(0)
    assert "清水村服务站 added" in out
    assert county("add-station", "清水村服务站") == 0
    assert "exists" in capsys.readouterr().out
    assert county("add-station", "bad\x00name") == 2
    assert county("add-station", "  ") == 2
    assert "station name is empty" in capsys.readouterr().err

    from fastapi.testclient import TestClient

    from pos.county.app import create_app

    engine = make_county_engine(county_url, pool_size=1)
    try:
        with TestClient(create_app(engine)) as client:
            assert client.post("/api/enrol", json={"code": code}).status_code == 200
        assert county("revoke-station", "清水村服务站") == 0
        assert "revoked (1 key(s))" in capsys.readouterr().out
        assert county("revoke-station", "无此站") == 2
        assert "no station called 无此站" in capsys.readouterr().err
        with Session(engine) as s:
            assert s.scalar(select(StationKey.revoked_at)) is not None

        bad = tmp_path / "bad.csv"
        bad.write_text("waybill,recipient_phone\nSF1,13812341234\nSF2,999\n", encoding="utf-8")
        assert county("import-manifest", "清水村服务站", str(bad)) == 1
        err = capsys.readouterr().err
        assert "nothing imported" in err and "line 3: '999' is not a mobile number" in err
        good = tmp_path / "good.csv"
        good.write_text("waybill,carrier,recipient_phone,recipient_name\nSF1,SF,13812341234,王小明\n", encoding="utf-8")
        assert county("import-manifest", "清水村服务站", str(good), "--truck", "1号车") == 0
        assert "1 waybills dispatched" in capsys.readouterr().out
        assert county("import-manifest", "无此站", str(good)) == 2
        with Session(engine) as s:
            assert s.scalars(select(ManifestLine.waybill)).all() == ["SF1"]
            assert s.scalar(select(Station.name)) == "清水村服务站"
    finally:
        engine.dispose()


def test_the_database_url_is_checked(county_url, capsys, monkeypatch):
    monkeypatch.delenv(DB_ENV, raising=False)
    assert county("add-station", "S") == 2
    assert DB_ENV in capsys.readouterr().err
    assert county("init", "--db", "sqlite:///county.sqlite3") == 2
    assert "PostgreSQL only" in capsys.readouterr().err
    # a database `county init` has not made is not served nor written
    assert county("add-station", "S", "--db", county_url) == 2
    assert "county init" in capsys.readouterr().err
    wrong = make_url(county_url).set(password="wrong-password")
    assert county("init", "--db", wrong.render_as_string(hide_password=False)) == 2
    assert "Cannot reach" in capsys.readouterr().err


def test_chinese_messages(county_url, capsys):
    assert main(["county", "init", "--db", county_url]) == 0
    assert "县级中心数据库已就绪" in capsys.readouterr().out
