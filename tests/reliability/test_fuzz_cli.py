"""The command line fed a grammar of its real options and junk values: `village-pos` ends with
0, 1, 2 or 3 (or argparse's SystemExit 0/2 for --help, --version and usage errors) and a
message, never a traceback. Runs in-process (pos.cli.main); the window's event loop is replaced
by an immediate return, and every path stays inside the test's folder (also the default data
folder, through XDG_DATA_HOME).
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from pos import app as app_module
from pos.cli import main

from .fuzz_text import junk_for
from .helpers import init_station

COMMANDS = ("init", "export", "report", "import")
BASE: Path | None = None  # the test's folder, set by the fixture (hypothesis reuses the function)


@pytest.fixture
def base(tmp_path, monkeypatch, qapp):
    global BASE
    BASE = tmp_path
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    # offscreen a question box would wait forever; "no" is what these answers mean here
    monkeypatch.setattr(app_module, "ask_restore_corrupt", lambda *a: False)
    monkeypatch.setattr(app_module, "ask_restore_missing", lambda *a: False)
    init_station(tmp_path / "station")
    (tmp_path / "not-a-folder").write_text("x")
    (tmp_path / "junk.sqlite3").write_bytes(b"garbage" * 100)
    (tmp_path / "villagers.csv").write_text("姓名,手机\n李四,13912345678\n", encoding="utf-8")
    yield tmp_path
    gc.unfreeze()


def in_base(name: str) -> str:
    return str(BASE / name)


@st.composite
def path_value(draw, suffix: str = "") -> str:
    choice = draw(st.sampled_from(["station", "new", "nested", "file", "junk", "empty"]))
    if choice == "station":
        return in_base("station")
    if choice == "new":
        return in_base("fresh" + suffix)
    if choice == "nested":
        return in_base("not-a-folder/x" + suffix)
    if choice == "file":
        return in_base("villagers.csv")
    if choice == "empty":
        return ""
    junk = draw(junk_for(["out.csv", "报表.pdf"])).replace("\x00", "").replace("/", "_")
    return in_base("j-" + junk[:40] + suffix)


def db_value(draw) -> str:
    return draw(st.sampled_from([
        "sqlite:///" + in_base("other.sqlite3"), "sqlite:///" + in_base("junk.sqlite3"), "sqlite://",
        "sqlite:///" + in_base("not-a-folder/x.sqlite3"), "postgresql+psycopg://pos@127.0.0.1:1/none",
        "mysql://nobody@localhost/x", "not a url", "", "sqlite:///:memory:",
    ]))


@st.composite
def argv(draw) -> list[str]:
    args: list[str] = []

    def option(name: str, value: st.SearchStrategy[str] | None = None, p: float = 0.5) -> None:
        if draw(st.floats(0, 1)) < p:
            if value is None or draw(st.sampled_from([False] * 19 + [True])):  # now and then the value is missing
                args.append(name)
                return
            text = draw(value)
            # "--date=-5": a value starting with a dash would otherwise be read as an option
            args.extend([f"{name}={text}"] if text.startswith("-") else [name, text])

    common = [("--data-dir", path_value()), ("--db", st.composite(lambda d: db_value(d))(), 0.15),
              ("--lang", st.sampled_from(["zh_CN", "en"] * 8 + ["fr", "", "ZH_cn"]))]
    command = draw(st.sampled_from(["gui", "gui", "init", "init", "export", "export", "report", "report", "import",
                                    "import", "junk", "help", "version"]))
    for name, value, *p in common:
        option(name, value, *(p or [0.7]))
    if command == "gui":
        option("--demo", None, 0.05)  # the demo station takes seconds to build: rarely
        option("--scanner", junk_for(["wedge", "serial:loop://", "serial:COM3@9600"]), 0.4)
        option("--printer", junk_for(["preview", "file:" + in_base("printer.bin"), "net:127.0.0.1:1"]), 0.4)
    elif command == "init":
        args.append("init")
        option("--station-name", junk_for(["清水村服务站"]), 0.9)
        option("--owner-name", junk_for(["王小明"]), 0.9)
        option("--owner-pin", junk_for(["1234", "12345678"]), 0.9)
        option("--address", junk_for(["清水村"]), 0.3)
        option("--phone", junk_for(["0571-8888 6666"]), 0.3)
    elif command == "export":
        args += ["export", draw(st.sampled_from(
            ["parcels", "sales", "villagers", "purchases", "parcel-reconciliation"] * 2 + ["nothing"]))]
        option("--out", path_value(".csv"), 0.9)
        option("--from", junk_for(["2026-11-01"]), 0.4)
        option("--to", junk_for(["2026-11-30"]), 0.4)
    elif command == "report":
        args += ["report", draw(st.sampled_from(["daily", "monthly"] * 3 + ["yearly"]))]
        option("--date", junk_for(["2026-11-22"]), 0.4)
        option("--month", junk_for(["2026-11"]), 0.4)
        option("--out", path_value(".pdf"), 0.9)
    elif command == "import":
        args += ["import", draw(st.sampled_from(["villagers", "products"] * 3 + ["parcels"]))]
        args.append(draw(st.sampled_from([in_base("villagers.csv"), in_base("junk.sqlite3"), in_base("none.csv"),
                                          in_base("station")])))
        option("--skip-bad-rows", None, 0.3)
    elif command == "junk":
        args += draw(st.lists(junk_for(["--data-dir", "-x", "init", "--", "-"]), max_size=4))
    elif command == "help":
        args.append(draw(st.sampled_from(["--help", "-h", "init --help", "export -h"])))
    else:
        args.append("--version")
    if draw(st.booleans()):  # global options after the subcommand work too
        for name, value, *_ in common[:1]:
            option(name, value, 0.3)
    return [a for part in args for a in (part.split(" ") if part in ("init --help", "export -h") else [part])]


@settings(max_examples=45, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(args=argv())
def test_command_line_ends_with_an_exit_code_never_a_traceback(base, args):
    try:
        code = main(args)
    except SystemExit as e:  # argparse (usage error 2, --help/--version 0), or a command's own exit
        assert e.code in (0, 1, 2, 3), args
        event(f"SystemExit {e.code}")
        return
    finally:
        gc.unfreeze()
        for w in QApplication.topLevelWidgets():
            w.close()
            w.deleteLater()
    assert code in (0, 1, 2, 3), (args, code)
    event(f"{(args + ['gui'])[next((i for i, a in enumerate(args) if a in COMMANDS), len(args))]} exit {code}")


@pytest.mark.parametrize("extra", [["--out", "."], ["--db", "not a url", "--out", "x.csv"]])
def test_reconciliation_export_refuses_with_a_message(base, extra):
    argv = ["--data-dir", str(base / "station"), "--lang", "en", "export", "parcel-reconciliation", *extra]
    assert main(argv) in (1, 2)
