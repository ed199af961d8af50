"""The county staff's web pages, mounted on the API's app (pos.county.app.create_app).

Every page needs a live session (else a redirect to /login); every form POST carries the
session's CSRF token (the login form a cookie-bound one) and is refused with 403, nothing
written, without it. Pages are plain HTML that work without JavaScript; the charts need it.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker

from pos.county import income, keys, statements
from pos.county.models import Station
from pos.county.rollup import LOCAL_TZ
from pos.county.web import auth, dashboard
from pos.county.web.i18n import COOKIE as LANG_COOKIE
from pos.county.web.i18n import LANGUAGES, language, month_label, translator

log = logging.getLogger("pos.county")

HERE = Path(__file__).parent
SESSION_COOKIE = "county_session"
LOGIN_CSRF_COOKIE = "county_login_csrf"
MAX_FORM_BYTES = 16 * 1024
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def _safe_next(target: str | None) -> str:
    """Only a path of this site (no //host, no scheme): a login link cannot send anyone away."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def add_web_pages(app: FastAPI, Sessions: sessionmaker, *, clock: Callable[[], dt.datetime] = keys.now) -> None:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.filters["yuan"] = _yuan
    env.globals["static"] = lambda name: f"/static/{name}"
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = language(request.cookies.get(LANG_COOKIE))
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        html = env.get_template(template).render(lang=lang, _=translator(lang), here=here, **context)
        return HTMLResponse(html, status_code=status, headers=_HEADERS)

    def message(request: Request, status: int, heading: str, text: str, *, user=None, csrf: str = "",
                error: bool = True, back: str = "/", code: str = "") -> HTMLResponse:
        return render(request, "message.html", status, heading=heading, message=text, user=user, csrf=csrf,
                      error=error, back=back, code=code)

    def tr(request: Request) -> Callable[[str], str]:
        return translator(language(request.cookies.get(LANG_COOKIE)))

    def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
        response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")

    def to_login(request: Request, expired: bool = False) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        q = {"next": target} if target != "/" else {}
        if expired:
            q["expired"] = "1"
        r = RedirectResponse("/login" + (f"?{urllib.parse.urlencode(q)}" if q else ""), status_code=303)
        r.delete_cookie(SESSION_COOKIE, path="/")
        return r

    def page(work: Callable[[Session, auth.SignedIn], Response]) -> Callable[[Request], Response]:
        """A page for a signed-in user: one transaction (its idle time renewed)."""
        def run(request: Request) -> Response:
            token = request.cookies.get(SESSION_COOKIE)
            with Sessions() as s, s.begin():
                who = auth.session_for(s, token)
                if who is None:
                    return to_login(request, expired=bool(token))
                return work(s, who)
        return run

    async def form_of(request: Request) -> dict[str, str]:
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            return {}
        parsed = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in parsed.items()}

    def forged(request: Request, who: auth.SignedIn | None) -> HTMLResponse:
        client = request.client.host if request.client else "?"
        log.warning("web form refused from %s: %s without a valid CSRF token (%s)", client, request.url.path,
                    who.user.name if who else "not signed in")
        _ = tr(request)
        return message(request, 403, _("Not allowed"), _("This form has expired or did not come from this site; "
                       "nothing was changed. Reload the page and try again."),
                       user=who.user if who else None, csrf=who.session.csrf if who else "")

    # --- login and out ---------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/", expired: str = "", bye: str = ""):
        _ = tr(request)
        token = secrets.token_urlsafe(24)
        notice = _("Your session has expired: please log in again.") if expired else (
            _("You have logged out.") if bye else "")
        r = render(request, "login.html", user=None, login_csrf=token, next=_safe_next(next), name="",
                   message="", notice=notice)
        set_cookie(request, r, LOGIN_CSRF_COOKIE, token, 3600)
        return r

    @app.post("/login", include_in_schema=False)
    async def login(request: Request):
        form = await form_of(request)
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
        if not cookie or not auth.csrf_ok(cookie, form.get("csrf_token")):
            return forged(request, None)
        client = request.client.host if request.client else "?"
        name, password = form.get("name", "")[:50], form.get("password", "")

        def work():
            with Sessions() as s, s.begin():
                try:
                    user = auth.check_login(s, name, password, client)
                except auth.LoginRefused as e:
                    return e
                return auth.start_session(s, user)
        got = await run_in_threadpool(work)
        if isinstance(got, auth.LoginRefused):
            _ = tr(request)
            text = _("Wrong name or password.") if got.reason == "wrong" else _(
                "Too many wrong passwords: this account is locked until {time}.").format(
                time=got.until.astimezone(LOCAL_TZ).strftime("%H:%M") if got.until else "")
            r = render(request, "login.html", 401, user=None, login_csrf=cookie, next=_safe_next(form.get("next")),
                       name=name, message=text, notice="")
            return r
        token, _csrf = got
        r = RedirectResponse(_safe_next(form.get("next")), status_code=303)
        set_cookie(request, r, SESSION_COOKIE, token, None)
        r.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return r

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request):
        form = await form_of(request)
        token = request.cookies.get(SESSION_COOKIE)

        def work():
            with Sessions() as s, s.begin():
                who = auth.session_for(s, token)
                if who is None:
                    return None
                if not auth.csrf_ok(who.session.csrf, form.get("csrf_token")):
                    return forged(request, who)
                log.info("web logout: %s", who.user.name)
                auth.end_session(s, token)
                return True
        got = await run_in_threadpool(work)
        if isinstance(got, Response):
            return got
        r = RedirectResponse("/login?bye=1", status_code=303)
        r.delete_cookie(SESSION_COOKIE, path="/")
        return r

    @app.get("/lang/{code}", include_in_schema=False)
    def switch_language(request: Request, code: str, next: str = "/"):
        r = RedirectResponse(_safe_next(next), status_code=303)
        if code in LANGUAGES:
            set_cookie(request, r, LANG_COOKIE, code, 365 * 24 * 3600)
        return r

    # --- the pages --------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard_page(request: Request):
        def work(s: Session, who: auth.SignedIn) -> Response:
            now = clock()
            today = now.astimezone(LOCAL_TZ).date()
            view = dashboard.View.from_query(request.query_params)
            all_rows = dashboard.station_rows(s, now)
            rows = view.apply(all_rows)
            totals = {"stations": len(all_rows), "stale": sum(r.stale for r in all_rows),
                      "in_stock": sum(r.in_stock for r in all_rows), "overdue": sum(r.overdue for r in all_rows),
                      "missing": sum(r.missing for r in all_rows), "income_month": sum(r.income for r in all_rows)}
            _ = tr(request)
            days, months = dashboard.day_series(s, today), dashboard.month_series(s, today, now=now)
            charts = {
                "days": {"labels": days["labels"], "datasets": [
                    {"label": _("Parcels checked in"), "data": days["checkins"]},
                    {"label": _("Assisted purchases"), "data": days["purchases"]},
                    {"label": _("Sales"), "data": days["sales"]}]},
                "months": {"labels": months["labels"], "datasets": [
                    {"label": _("Parcels checked in"), "data": months["checkins"]},
                    {"label": _("Assisted purchases"), "data": months["purchases"]},
                    {"label": _("Sales (yuan)"), "data": [f / 100 for f in months["sales_fen"]],
                     "type": "line", "axis": "y2"}]},
            }
            return render(request, "dashboard.html", user=who.user, csrf=who.session.csrf, rows=rows,
                          totals=totals, view=view, charts=charts)
        return page(work)(request)

    def station_or_404(request: Request, s: Session, who: auth.SignedIn, station_id: str) -> Station | Response:
        try:
            st = s.get(Station, uuid.UUID(station_id))
        except ValueError:
            st = None
        if st is None:
            _ = tr(request)
            return message(request, 404, _("Not found"), _("There is no such station."), user=who.user,
                           csrf=who.session.csrf)
        return st

    @app.get("/stations/{station_id}", response_class=HTMLResponse, include_in_schema=False)
    def station_page(request: Request, station_id: str):
        def work(s: Session, who: auth.SignedIn) -> Response:
            st = station_or_404(request, s, who, station_id)
            if isinstance(st, Response):
                return st
            now = clock()
            today = now.astimezone(LOCAL_TZ).date()
            row = dashboard.station_rows(s, now, st.id)[0]
            lang = language(request.cookies.get(LANG_COOKIE))
            _ = translator(lang)
            months_income = income.monthly_income(s, st.id, 12, today=today) if not row.never_synced else []
            by_month = {(y, m): fen for y, m, fen in months_income}
            statement_months = [{"key": f"{y}-{m:02d}", "label": month_label(lang, y, m), "fen": by_month.get((y, m), 0)}
                                for y, m in dashboard.months_with_data(s, st.id)] if not row.never_synced else []
            days = dashboard.day_series(s, today, station_id=st.id)
            charts = {
                "days": {"labels": days["labels"], "datasets": [
                    {"label": _("Parcels checked in"), "data": days["checkins"]},
                    {"label": _("Assisted purchases"), "data": days["purchases"]},
                    {"label": _("Sales"), "data": days["sales"]}]},
                "months": {"labels": [f"{y}-{m:02d}" for y, m, _f in months_income], "money": True, "datasets": [
                    {"label": _("Income (yuan)"), "data": [f / 100 for _y, _m, f in months_income]}]},
            }
            return render(request, "station.html", user=who.user, csrf=who.session.csrf, row=row, charts=charts,
                          statement_months=statement_months,
                          manifests=dashboard.recent_manifests(s, st.id, now))
        return page(work)(request)

    @app.get("/stations/{station_id}/statements/{year}-{month}.{fmt}", include_in_schema=False)
    def statement(request: Request, station_id: str, year: int, month: int, fmt: str):
        def work(s: Session, who: auth.SignedIn) -> Response:
            st = station_or_404(request, s, who, station_id)
            if isinstance(st, Response):
                return st
            lang = language(request.cookies.get(LANG_COOKIE))
            _ = translator(lang)
            if fmt not in ("pdf", "csv") or not (2000 <= year <= 2100 and 1 <= month <= 12):
                return message(request, 404, _("Not found"), _("There is no such station."), user=who.user,
                               csrf=who.session.csrf, back=f"/stations/{st.id}")
            try:
                make = statements.statement_pdf if fmt == "pdf" else statements.statement_csv
                body = make(s, st.id, year, month)
            except statements.NoData:
                text = (_("{station} has never synced: it has no statements yet.") if st.last_sync_at is None
                        else _("There is no data for {station} in {month}: no statement for that month."))
                return message(request, 404, _("No statement"), text.format(
                    station=st.name, month=month_label(lang, year, month)), user=who.user, csrf=who.session.csrf,
                    back=f"/stations/{st.id}")
            filename = f"statement-{st.name}-{year}-{month:02d}.{fmt}"
            ascii_name = f"statement-{year}-{month:02d}.{fmt}"
            media = "application/pdf" if fmt == "pdf" else "text/csv; charset=utf-8"
            return Response(body, media_type=media, headers={
                "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                                       f"filename*=UTF-8''{urllib.parse.quote(filename)}",
                "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
        return page(work)(request)

    @app.post("/stations", include_in_schema=False)
    async def add_station(request: Request):
        form = await form_of(request)
        token = request.cookies.get(SESSION_COOKIE)

        def work() -> Response:
            with Sessions() as s, s.begin():
                who = auth.session_for(s, token)
                if who is None:
                    return to_login(request, expired=bool(token))
                if not auth.csrf_ok(who.session.csrf, form.get("csrf_token")):
                    return forged(request, who)
                _ = tr(request)
                if who.user.role != "administrator":
                    log.warning("web: viewer %s may not add a station", who.user.name)
                    return message(request, 403, _("Not allowed"), _("Only an administrator may do this; nothing "
                                   "was changed."), user=who.user, csrf=who.session.csrf)
                try:
                    station, code, created = keys.add_station(s, form.get("name", ""))
                except ValueError:
                    return message(request, 400, _("Cannot add the station"), _(
                        "The station name is empty, longer than 100 characters or has control characters; "
                        "nothing was added."), user=who.user, csrf=who.session.csrf)
                log.info("web: %s added station %s", who.user.name, station.name)
                text = _("Station {name} added. Its enrolment code (one use, valid {days} days):") if created else _(
                    "Station {name} exists; a new enrolment code for it (one use, valid {days} days):")
                return message(request, 200, _("Station added"), text.format(
                    name=station.name, days=keys.CODE_LIFETIME.days), user=who.user, csrf=who.session.csrf,
                    error=False, code=code, back=f"/stations/{station.id}")
        return await run_in_threadpool(work)
