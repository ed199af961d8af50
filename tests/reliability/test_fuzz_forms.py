"""The main forms typed into with junk (pytest-qt, offscreen, Chinese loaded): the set-up page,
the login, the check-in phone and name fields, the villager form and the payment dialog.

Each submission either saves (one more record, exactly what was typed, cleaned) or shows a
message and saves nothing: the row counts before and after prove there is never half a record.
Nothing may raise out of a Qt slot, which would be the crash dialog at the counter.
"""

from __future__ import annotations

import itertools
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import upgrade
from pos.db.models import AuditEntry, Parcel, Station, User, Villager
from pos.db.unit_of_work import Database
from pos.domain.station import StationDetails
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.station import setup as station
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.login_page import LoginPage
from pos.ui.pages.checkin import CheckinPage
from pos.ui.pages.sales.tender_dialog import TenderDialog
from pos.ui.pages.villagers.villager_form import VillagerForm
from pos.ui.setup_page import SetupPage
from pos.wiring import wire_station

from .fuzz_text import junk_for

FORMS = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
waybills = (f"SF1{n:012d}" for n in itertools.count(700_000))


def count(db, model) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A migrated, empty database file to copy: a fresh one per example costs a file copy."""
    path = tmp_path_factory.mktemp("pristine") / "station.sqlite3"
    engine = make_engine(sqlite_url(path))
    upgrade(engine, "head")
    engine.dispose()
    return path


@pytest.fixture
def make_ctx(qapp, tmp_path, pristine):
    made = []
    translations = Translations(qapp)
    translations.use("zh_CN")

    def make(with_station: bool = True) -> AppContext:
        path = tmp_path / f"db{len(made)}.sqlite3"
        shutil.copy(pristine, path)
        db = Database(make_engine(sqlite_url(path)))
        made.append(db)
        ctx = AppContext(db=db, paths=DataPaths(tmp_path), auth=AuthService(db), translations=translations,
                         wiring=wire_station())
        if with_station:
            ctx.session.set_operator(station.set_up_station(db, StationDetails("清水村服务站"), "王小明", "1234"))
        return ctx

    yield make
    for db in made:
        db.dispose()


@FORMS
@given(name=junk_for(["清水村服务站"]), address=junk_for(["清水村3组"]), phone=junk_for(["0571-8888 6666", ""]),
       owner=junk_for(["王小明"]), pin=junk_for(["1234", "12345678"]), again=st.booleans())
def test_setup_page_creates_the_station_whole_or_not_at_all(qtbot, make_ctx, name, address, phone, owner, pin, again):
    ctx = make_ctx(with_station=False)
    page = SetupPage(ctx)
    qtbot.addWidget(page)
    created = []
    page.station_created.connect(created.append)
    for edit, text in ((page.name, name), (page.address, address), (page.phone, phone), (page.owner, owner),
                       (page.pin, pin), (page.pin_again, pin if again else pin + "9")):
        edit.insert(text)
    page.submit()
    stations, users = count(ctx.db, Station), count(ctx.db, User)
    if created:
        assert (stations, users) == (1, 1) and not page.error.isVisible()
    else:
        assert (stations, users) == (0, 0) and page.error.text().strip()


@FORMS
@given(pin=junk_for(["1234", "5678", "12345678"]))
def test_login_takes_junk_pins_calmly(qtbot, make_ctx, pin):
    ctx = make_ctx()
    page = LoginPage(ctx)
    qtbot.addWidget(page)
    logged = []
    page.logged_in.connect(logged.append)
    page.pin.insert(pin)
    typed = page.pin.text()  # what the PIN field let in
    qtbot.keyClick(page.pin, Qt.Key.Key_Return)
    assert bool(logged) == (typed == "1234")


@pytest.fixture
def checkin_page(qtbot, make_ctx):
    ctx = make_ctx()
    page = CheckinPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


@FORMS
@given(phone=junk_for(["13812345678", "138****5678", "5678"]), name=junk_for(["张桂芳", ""]))
def test_check_in_phone_and_name_check_in_or_say_why(qtbot, checkin_page, phone, name):
    page, db = checkin_page, checkin_page.ctx.db
    before = count(db, Parcel)
    page.handle_scan(next(waybills))
    assert page.current is not None
    page.form.phone.insert(phone)
    page.form.name.insert(name)
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)
    if page.current is not None and page.form.name.hasFocus():
        qtbot.keyClick(page.form.name, Qt.Key.Key_Return)
    if page.dialog is not None:  # several villagers fit: not with an empty register
        page.dialog.reject()
    if page.current is None:
        assert count(db, Parcel) == before + 1
    else:
        assert count(db, Parcel) == before
        page.cancel_current()


@FORMS
@given(name=junk_for(["王小明"]), phone=junk_for(["13812345678", "138****5678", ""]), group=junk_for(["三组"]),
       household=junk_for(["王家"]), address=junk_for(["清水村3组12号"]), notes=junk_for(["腿脚不便"]),
       consent=st.booleans())
def test_villager_form_saves_whole_or_shows_why(qtbot, make_ctx, name, phone, group, household, address, notes,
                                                consent):
    ctx = make_ctx()
    form = VillagerForm(ctx)
    qtbot.addWidget(form)
    form.show_villager(None)
    form.name.insert(name)
    form.phone.insert(phone)
    form.group.lineEdit().insert(group)
    form.household.insert(household)
    form.address.insert(address)
    form.notes.insertPlainText(notes)
    form.consent.setChecked(consent)
    audits = count(ctx.db, AuditEntry)
    saved = form.save()
    if saved is not None:
        assert count(ctx.db, Villager) == 1 and not form.error.isVisible()
        with ctx.db.reader() as s:
            stored = s.get(Villager, saved.id)
        assert stored.name == saved.name and saved.name.strip()
    else:
        assert count(ctx.db, Villager) == 0 and count(ctx.db, AuditEntry) == audits
        assert form.error.text().strip()


@FORMS
@given(cash=junk_for(["12.50", "20", ""]), mobile=junk_for(["12.50", ""]), reference=junk_for(["4200001234", ""]),
       account=junk_for(["", "5"]), total=st.integers(1, 100_000_00))
def test_payment_dialog_accepts_what_pays_or_says_why(qtbot, make_ctx, cash, mobile, reference, account, total):
    ctx = make_ctx()
    dlg = TenderDialog(ctx, total)
    qtbot.addWidget(dlg)
    for edit, text in ((dlg.cash, cash), (dlg.mobile, mobile), (dlg.reference, reference), (dlg.account, account)):
        edit.clear()
        edit.insert(text)
    dlg.confirm()
    if dlg.result() == dlg.DialogCode.Accepted:
        assert sum(t.amount_fen for t in dlg.result_tenders) >= total
    else:
        assert dlg.error.text().strip() and not dlg.result_tenders
