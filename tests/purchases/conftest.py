import datetime as dt
import json
import uuid
from pathlib import Path

import pytest

from pos.db.models import Villager
from pos.db.models.parcel import Parcel
from pos.domain.users import Operator, Role
from pos.services.clock import ManualClock


@pytest.fixture
def clock():
    return ManualClock(dt.datetime(2026, 11, 22, 2, 30, tzinfo=dt.timezone.utc))


@pytest.fixture(autouse=True)
def shift_open(request):
    """Money is taken only inside an open shift (issue 14): these tests are about purchases."""
    from pos.services.shifts import drawer as shifts

    for name in ("database", "any_database"):
        if name in request.fixturenames:
            db = request.getfixturevalue(name)
            opened = request.getfixturevalue("clock")() - dt.timedelta(hours=1)
            shifts.open_shift(db, Operator(uuid.uuid4(), "李芳", Role.ASSISTANT), lambda opened=opened: opened, 20000)


@pytest.fixture
def boss():
    return Operator(uuid.uuid4(), "王小明", Role.OWNER)


@pytest.fixture
def helper():
    return Operator(uuid.uuid4(), "李芳", Role.ASSISTANT)


def add_villager(db, name="张桂英", phone="13812345678", initials="zgy", balance=0):
    with db.unit_of_work() as s:
        v = Villager(name=name, name_initials=initials, phone=phone, phone_tail=phone[-4:], balance_fen=balance)
        s.add(v)
        s.flush()
        return v.id


@pytest.fixture
def villager_id(database):
    return add_villager(database)


def check_in_parcel(db, waybill, at, status="in_stock", hook=None, operator="李芳", clock=None, code=None):
    """A Parcel row as check-in would make it; ``hook`` is called in the same unit of work."""
    with db.unit_of_work() as s:
        p = Parcel(waybill=waybill, carrier="ZTO", status=status, phone="13812345678", phone_tail="5678",
                   pickup_code=code or f"A-1-{waybill[-4:]}", checked_in_at=at, checked_in_by=operator)
        s.add(p)
        s.flush()
        order = hook(s, p, operator, clock) if hook else None
        return p.id, (order.number if order else None)


PENDING = Path(__file__).resolve().parents[2] / "resources" / "translations" / "pending" / "purchases.json"


def pending_translations() -> dict:
    """This feature's Chinese until scripts/i18n.py merges it into the .ts (then the file is gone)."""
    return json.loads(PENDING.read_text(encoding="utf-8")) if PENDING.exists() else {}


@pytest.fixture
def zh(qapp):
    """translate(context, text) in Chinese: the compiled .qm, else this feature's pending JSON."""
    from PySide6.QtCore import QCoreApplication

    from pos.i18n import Translations

    tr = Translations(qapp)
    tr.use("zh_CN")
    table = pending_translations()

    def translate(context: str, text: str) -> str:
        done = QCoreApplication.translate(context, text)
        return done if done != text else table.get(text, text)

    yield translate
    tr.use("zh_CN")


@pytest.fixture(scope="session")
def pending_qm(tmp_path_factory):
    """This feature's Chinese compiled the way scripts/i18n.py will, so screens show it before the
    merge (and keep showing it after: the .qm then has the same text)."""
    import ast
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("i18n_script", root / "scripts" / "i18n.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    table = pending_translations()
    strings: dict[str, list[str]] = {}
    for path in sorted((root / "pos").rglob("*.py")):
        if "purchase" in str(path.relative_to(root)):
            finder = script._Finder()
            finder.visit(ast.parse(path.read_text(encoding="utf-8")))
            for c, t in finder.found:
                if t in table and t not in strings.setdefault(c, []):
                    strings[c].append(t)
    out = tmp_path_factory.mktemp("qm")
    ts, qm = out / "purchases.ts", out / "purchases.qm"
    script.write_ts(ts, strings, {}, table)
    script.lrelease(ts, qm)
    return qm


@pytest.fixture
def ctx(qapp, database, tmp_path, pending_qm):
    from pos.i18n import Translations
    from pos.paths import DataPaths
    from pos.services.station.auth import AuthService
    from pos.ui.context import AppContext
    from pos.ui.fonts import load_app_font
    from pos.wiring import wire_station

    load_app_font(qapp)
    from PySide6.QtCore import QTranslator

    tr = Translations(qapp)
    tr.use("zh_CN")
    mine = QTranslator(qapp)
    assert mine.load(str(pending_qm))
    qapp.installTranslator(mine)  # installed last: asked first
    yield AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                     wiring=wire_station())
    qapp.removeTranslator(mine)
    tr.use("zh_CN")


@pytest.fixture
def owner(ctx):
    from pos.domain.station import StationDetails
    from pos.services.station import setup as station

    op = station.set_up_station(ctx.db, StationDetails("清水村服务站", "清水村村委会旁", "0578-8123456"), "王小明", "1234")
    ctx.session.set_operator(op)
    return op


@pytest.fixture
def assistant(ctx, owner):
    view = ctx.auth.add_assistant(owner, "李芳", "5678")
    op = Operator(view.id, view.name, Role.ASSISTANT)
    ctx.session.set_operator(op)
    return op


@pytest.fixture
def hub(ctx, tmp_path):
    """A device hub that queues receipts but never starts a printer: the queue is what we check."""
    from pos.devices.hub import DeviceHub
    from pos.services.hardware import device_settings
    from pos.paths import DataPaths

    paths = DataPaths(tmp_path / "devices")
    paths.ensure()
    ctx.devices = DeviceHub(ctx.db, paths, load_config=device_settings.loader(ctx.db), printer_spec="preview")
    return ctx.devices


def printed(db):
    """(reference, Document) of every receipt queued, oldest first."""
    from sqlalchemy import select

    from pos.db.models import PrintJob
    from pos.domain.receipt import Document

    with db.reader() as s:
        jobs = s.scalars(select(PrintJob).order_by(PrintJob.created_at)).all()
        return [(j.reference, Document.from_json(j.document)) for j in jobs]


def drive(monkeypatch, dialog_class, steps):
    """Run ``steps(dialog)`` where the dialog would wait for the partner (exec)."""
    def fake_exec(self):
        from PySide6.QtWidgets import QApplication

        self.show()
        self.activateWindow()
        QApplication.processEvents()
        steps(self)
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
