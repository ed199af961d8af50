"""pos.ui's lighter PySide6 import hook: the same answer as PySide6's, without keeping every
module's source in linecache."""

from __future__ import annotations

import linecache
import sys

import pos.ui  # noqa: F401 - installs the lighter hook
from pos.ui.import_hook import lighten_pyside_import_hook


def test_modules_imported_after_qt_leave_no_source_behind(tmp_path, monkeypatch):
    (tmp_path / "uses_qt_probe.py").write_text("# needs PySide6 for its widgets\nVALUE = 1\n", encoding="utf-8")
    (tmp_path / "plain_probe.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    feature = sys.modules["shibokensupport.feature"]
    assert lighten_pyside_import_hook() is True
    try:
        for name in ("uses_qt_probe", "plain_probe"):
            __import__(name)  # through builtins.__import__, where PySide6 hooks in
        # what PySide6 itself records: 0 for a module that mentions PySide6, -1 for others
        assert feature.pyside_feature_dict.get("uses_qt_probe") == 0
        assert feature.pyside_feature_dict.get("plain_probe") == -1
        assert not [k for k in linecache.cache if str(tmp_path) in k]
    finally:
        for name in ("uses_qt_probe", "plain_probe"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)


def test_installing_twice_wraps_once():
    feature = sys.modules["shibokensupport.feature"]
    first = feature._mod_uses_pyside
    assert lighten_pyside_import_hook() is True
    assert feature._mod_uses_pyside is first
