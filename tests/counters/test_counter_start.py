"""Start-up: which counter this PC is (pos.app.attach_counter, ``--counter``)."""

import argparse

from pos.app import attach_counter
from pos.cli import build_parser
from pos.paths import DataPaths
from pos.services.station import counters


def test_the_command_line_takes_a_counter_name():
    assert build_parser().parse_args(["--counter", "收银台2"]).counter == "收银台2"
    assert build_parser().parse_args([]).counter is None


def test_a_named_counter_is_set_on_the_database_and_remembered(qapp, any_database, tmp_path):
    paths = DataPaths(tmp_path)
    counter = attach_counter(any_database, paths, argparse.Namespace(counter="收银台2"))
    assert counter.name == "收银台2" and any_database.counter_id == counter.id
    assert counters.read_identity(paths.counter_file).id == counter.id
    again = attach_counter(any_database, paths, argparse.Namespace(counter=None))
    assert again.id == counter.id


def test_without_a_name_sqlite_is_its_own_counter_and_a_shared_database_asks(qapp, any_database, tmp_path, capsys):
    counter = attach_counter(any_database, DataPaths(tmp_path), argparse.Namespace(counter=None))
    if any_database.engine.dialect.name == "sqlite":
        assert counter is not None and counter.name == counters.default_name()
    else:  # offscreen: nobody to ask, so the start stops and says how to name it
        assert counter is None and "--counter" in capsys.readouterr().err


def test_a_bad_name_stops_the_start_with_a_message(qapp, any_database, tmp_path, capsys):
    assert attach_counter(any_database, DataPaths(tmp_path), argparse.Namespace(counter="  ")) is None
    assert "name" in capsys.readouterr().err
