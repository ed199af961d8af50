"""`village-pos server` and `village-pos pair`: the main PC's PostgreSQL and pairing a counter."""

from __future__ import annotations

import argparse
import os
import stat

import pytest
from sqlalchemy import create_engine, text

from pos.cli import main
from pos.server import pairing
from pos.server.pairing import PairingFailed
from pos.server.saved_url import read_url, save_url
from pos.server.station_server import ServerError, StationServer

pytestmark = pytest.mark.postgres


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_server_runs_from_the_data_folder_with_private_files(wheel_server):
    st = wheel_server.status()
    assert st.initialised and st.running and st.port
    assert _mode(wheel_server.pgdata) == 0o700
    assert _mode(wheel_server.config_file) == 0o600
    hba = (wheel_server.pgdata / "pg_hba.conf").read_text()
    assert "samenet scram-sha-256" in hba and "trust" not in hba
    conf = (wheel_server.pgdata / "postgresql.conf").read_text()
    assert "listen_addresses = '*'" in conf


def test_a_wrong_password_is_refused(wheel_server):
    url = wheel_server.app_url().replace(wheel_server.config().app_password, "wrong")
    engine = create_engine(url)
    try:
        with pytest.raises(Exception, match="password authentication failed"):
            engine.connect()
    finally:
        engine.dispose()


def test_a_counter_pairs_once_with_the_code(wheel_server, tmp_path):
    code = wheel_server.new_pairing_code()
    assert len(code) == 9 and code[4] == "-"
    address = f"127.0.0.1:{wheel_server.config().port}"
    url = pairing.pair(tmp_path / "counter2", address, code.lower().replace("-", " "), default_port=5433)
    assert read_url(tmp_path / "counter2") == url
    assert _mode(tmp_path / "counter2" / "station-db.url") == 0o600
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            assert c.execute(text("SELECT current_user")).scalar_one() == "pos"
    finally:
        engine.dispose()
    with pytest.raises(PairingFailed, match="not accepted"):
        pairing.claim(address, code, default_port=5433)


def test_a_new_code_replaces_the_old_one(wheel_server):
    old = wheel_server.new_pairing_code()
    new = wheel_server.new_pairing_code()
    address = f"127.0.0.1:{wheel_server.config().port}"
    with pytest.raises(PairingFailed, match="not accepted"):
        pairing.claim(address, old if old != new else "2222-2222", default_port=5433)
    assert pairing.claim(address, new, default_port=5433).startswith("postgresql+psycopg://pos:")


@pytest.mark.parametrize("code", ["1234", "K7QM-4XP0", "K7QM-4XPA-EXTRA", ""])
def test_a_malformed_code_is_refused_before_connecting(code):
    with pytest.raises(PairingFailed, match="not a pairing code"):
        pairing.claim("127.0.0.1:1", code, default_port=5433)


def test_a_main_pc_that_is_off_is_said_plainly():
    with pytest.raises(PairingFailed, match="main PC is on"):
        pairing.claim("127.0.0.1:1", "K7QM-4XPA", default_port=5433)


def test_a_bad_address_is_refused():
    with pytest.raises(PairingFailed, match="not an address"):
        pairing.claim("host:port", "K7QM-4XPA", default_port=5433)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="root only")
def test_root_is_told_to_use_the_station_user(tmp_path):
    with pytest.raises(ServerError, match="does not run as root"):
        StationServer(tmp_path).initialise(port=55999)


def test_status_of_a_pc_without_a_server(tmp_path, capsys):
    assert main(["server", "status", "--data-dir", str(tmp_path / "d"), "--lang", "en"]) == 1
    assert "village-pos server start" in capsys.readouterr().out


def test_pair_command_reports_a_refused_code(tmp_path, capsys):
    assert main(["pair", "127.0.0.1:1", "K7QM-4XPA", "--data-dir", str(tmp_path / "d"), "--lang", "en"]) == 2
    assert "main PC is on" in capsys.readouterr().err
    assert read_url(tmp_path / "d") is None


def test_commands_use_the_saved_server_and_never_the_local_file(tmp_path):
    from pos.commands.common import CommandContext

    save_url(tmp_path / "d", "postgresql+psycopg://pos:x@127.0.0.1:1/station")
    ctx = CommandContext(argparse.Namespace(data_dir=tmp_path / "d", db=None, lang="en"))
    assert ctx.url.startswith("postgresql+psycopg://pos:x@127.0.0.1:1/")


def test_a_paired_counter_does_not_start_when_the_main_pc_is_off(tmp_path, monkeypatch, qapp):
    import pos.app as app
    from pos.i18n import Translations
    from pos.paths import DataPaths

    told = []
    monkeypatch.setattr(app, "tell", lambda title, body: told.append(body))
    paths = DataPaths(tmp_path / "d")
    paths.ensure()
    save_url(paths.root, "postgresql+psycopg://pos:x@127.0.0.1:1/station")
    args = argparse.Namespace(db=None, lang="en", demo=False, scanner=None, printer=None)
    station = app.Station(args, paths, Translations(qapp))
    try:
        assert station.start() == 1
    finally:
        station.stop()
    assert "main PC is on" in told[0]
    assert not paths.database.exists()  # no fresh local station instead


def test_a_paired_counter_never_starts_on_an_empty_station_database(tmp_path, monkeypatch, qapp, wheel_db_url):
    import pos.app as app
    from pos.i18n import Translations
    from pos.paths import DataPaths

    told = []
    monkeypatch.setattr(app, "tell", lambda title, body: told.append(body))
    paths = DataPaths(tmp_path / "d")
    paths.ensure()
    save_url(paths.root, wheel_db_url)
    args = argparse.Namespace(db=None, lang="en", demo=False, scanner=None, printer=None)
    station = app.Station(args, paths, Translations(qapp))
    try:
        assert station.start() == 1
    finally:
        station.stop()
    assert "holds no station yet" in told[0]


def test_the_service_definitions_name_the_real_programs_and_folder(wheel_server):
    from pos.server import service

    unit = service.systemd_unit(wheel_server, user="station")
    assert f"-D {wheel_server.pgdata}" in unit and "User=station" in unit and "/postgres " in unit
    assert "KillSignal=SIGINT" in unit
    line = service.windows_register_command(wheel_server)
    assert "register -N VillagePosDB" in line and str(wheel_server.pgdata) in line


def test_service_action_without_a_server_says_how_to_create_it(tmp_path, capsys):
    assert main(["server", "service", "--data-dir", str(tmp_path / "d"), "--lang", "en"]) == 2
    assert "village-pos server start" in capsys.readouterr().err


def test_a_set_up_cut_short_is_finished_at_the_next_start(wheel_server):
    cfg = wheel_server.config()
    cfg.ready = False
    wheel_server.save_config(cfg)
    wheel_server.start()  # running already: only the missing set-up is done, idempotently
    assert wheel_server.config().ready


def test_autostart_failure_does_not_stop_a_station_on_its_own_file(tmp_path, monkeypatch):
    import pos.app as app
    from pos.paths import DataPaths
    from pos.server import station_server

    def refuse(self):
        raise ServerError("no")

    monkeypatch.setattr(station_server.StationServer, "initialised", property(lambda self: True))
    monkeypatch.setattr(station_server.StationServer, "config",
                        lambda self: station_server.ServerConfig(5433, "a", "b", autostart=True, ready=True))
    monkeypatch.setattr(station_server.StationServer, "start", refuse)
    app.start_own_server(DataPaths(tmp_path))  # logged, not raised


def test_the_main_pc_moves_its_station_onto_its_own_server(wheel_server, capsys):
    from pos.db.engine import sqlite_url
    from pos.db.opening import open_database
    from pos.demo.build import create_demo
    from pos.paths import DataPaths
    from pos.services.station.setup import has_station
    from pos.wiring import wire_station

    paths = DataPaths(wheel_server.root.parent)
    paths.ensure()
    paths.root.chmod(0o711)  # ensure() made it private; the server's OS user (tests as root) must pass
    db = open_database(sqlite_url(paths.database), paths.backups)
    try:
        create_demo(db, wire_station().rules)
    finally:
        db.dispose()
    assert main(["move-to", "local", "--data-dir", str(paths.root), "--lang", "en"]) == 0
    paths.root.chmod(0o711)
    assert read_url(paths.root) == wheel_server.app_url()
    db = open_database(read_url(paths.root), paths.backups)
    try:
        assert has_station(db)
    finally:
        db.dispose()
