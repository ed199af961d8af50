"""Staff logins, sessions, CSRF and roles on the county's web pages (through the real app and
PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pos.county.models import StaffUser, Station, WebSession
from pos.county.web import auth
from tests.county_web.conftest import PASSWORD, add_user, csrf_of, log_in

pytestmark = pytest.mark.postgres


def _count(engine, model) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_pages_need_a_login_and_the_login_opens_them(client, county_engine):
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    r = client.get("/stations/x?y=1", follow_redirects=False)
    assert r.headers["location"].startswith("/login?next=%2Fstations%2Fx")
    add_user(county_engine)
    r = log_in(client, next="/?sort=name")
    assert r.status_code == 303 and r.headers["location"] == "/?sort=name"
    cookie = r.headers["set-cookie"]
    assert "county_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = client.get("/")
    assert page.status_code == 200 and "李主任" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    with Session(county_engine) as s:
        stored = s.scalar(select(StaffUser.password_hash))
        ws = s.scalar(select(WebSession))
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert ws.id_hash != client.cookies.get("county_session")  # only its digest is kept


def test_a_wrong_password_says_so_and_a_next_outside_the_site_is_ignored(client, county_engine):
    add_user(county_engine)
    r = log_in(client, password="wrong password")
    assert r.status_code == 401 and "用户名或密码错误" in r.text
    assert _count(county_engine, WebSession) == 0
    r = log_in(client, name="nobody")
    assert r.status_code == 401 and "用户名或密码错误" in r.text  # the same words: names are not told
    r = log_in(client, next="//evil.example/")
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_five_wrong_passwords_lock_the_account_for_15_minutes(client, county_engine, caplog):
    add_user(county_engine)
    with caplog.at_level(logging.WARNING, logger="pos.county"):
        for _ in range(4):
            assert log_in(client, password="nope nope").status_code == 401
        r = log_in(client, password="nope nope")
    assert r.status_code == 401 and "已锁定" in r.text
    assert any("locked for 15 min" in m for m in caplog.messages)
    r = log_in(client)  # the right password does not open a locked account
    assert r.status_code == 401 and "已锁定" in r.text
    with Session(county_engine) as s, s.begin():
        user = s.scalar(select(StaffUser))
        assert user.failed_logins == 5
        user.locked_until = auth.now() - dt.timedelta(seconds=1)  # the 15 minutes have passed
    assert log_in(client).status_code == 303
    with Session(county_engine) as s:
        user = s.scalar(select(StaffUser))
        assert (user.failed_logins, user.locked_until) == (0, None)


def test_an_idle_session_expires_after_8_hours(admin, county_engine):
    assert admin.get("/", follow_redirects=False).status_code == 200
    with Session(county_engine) as s, s.begin():
        s.execute(update(WebSession).values(last_seen_at=auth.now() - dt.timedelta(hours=8, minutes=1)))
    r = admin.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?expired=1"
    assert "会话已过期" in admin.get("/login?expired=1").text
    assert _count(county_engine, WebSession) == 0  # deleted, not merely refused


def test_logout_needs_the_csrf_token_and_ends_the_session(admin, county_engine):
    r = admin.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert r.status_code == 403 and "未做任何更改" in r.text
    assert _count(county_engine, WebSession) == 1
    r = admin.post("/logout", data={}, follow_redirects=False)
    assert r.status_code == 403
    r = admin.post("/logout", data={"csrf_token": csrf_of(admin.get("/").text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?bye=1"
    assert _count(county_engine, WebSession) == 0
    assert admin.get("/", follow_redirects=False).status_code == 303


def test_the_login_form_needs_its_own_token(client, county_engine):
    add_user(county_engine)
    client.get("/login")
    r = client.post("/login", data={"csrf_token": "guess", "name": "李主任", "password": PASSWORD},
                    follow_redirects=False)
    assert r.status_code == 403 and _count(county_engine, WebSession) == 0


def test_an_administrator_adds_a_station_a_viewer_may_not_and_a_forged_form_writes_nothing(
        admin, client, county_engine):
    csrf = csrf_of(admin.get("/").text)
    r = admin.post("/stations", data={"csrf_token": csrf + "x", "name": "东山村"}, follow_redirects=False)
    assert r.status_code == 403 and _count(county_engine, Station) == 0
    r = admin.post("/stations", data={"csrf_token": csrf, "name": "东山村"})
    assert r.status_code == 200 and "东山村" in r.text and 'id="enrolment-code"' in r.text
    assert _count(county_engine, Station) == 1
    r = admin.post("/stations", data={"csrf_token": csrf, "name": "  "})
    assert r.status_code == 400 and _count(county_engine, Station) == 1

    add_user(county_engine, "小王", "viewer")
    admin.cookies.clear()
    assert log_in(admin, "小王").status_code == 303
    page = admin.get("/").text
    assert 'action="/stations"' not in page  # a viewer is not offered the form
    r = admin.post("/stations", data={"csrf_token": csrf_of(page), "name": "西山村"})
    assert r.status_code == 403 and _count(county_engine, Station) == 1


def test_setting_a_password_again_unlocks_and_logs_out_everywhere(admin, county_engine):
    with Session(county_engine) as s, s.begin():
        s.execute(update(StaffUser).values(failed_logins=5, locked_until=auth.now() + dt.timedelta(minutes=9)))
    add_user(county_engine, password="another password")
    assert _count(county_engine, WebSession) == 0
    admin.cookies.clear()
    assert log_in(admin, password="another password").status_code == 303


def test_password_rules():
    assert auth.check_password_rules("short") and auth.check_password_rules("x" * 201)
    assert auth.check_password_rules("long enough") is None
    assert auth.verify_password("long enough", auth.hash_password("long enough"))
    assert not auth.verify_password("long enougH", auth.hash_password("long enough"))
