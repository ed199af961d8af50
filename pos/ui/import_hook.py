"""Keep PySide6's import hook from filling memory with the source of every module.

Importing PySide6 replaces ``__import__`` (for ``from __feature__ import snake_case``). After every
import the hook asks whether the new module mentions PySide6, by ``inspect.getsource(module)``,
which reads the whole file into ``linecache`` and keeps it there. Run from source, every module
imported after Qt stays cached line by line: some 25 MB for SQLAlchemy, escpos and the app (the
PyInstaller build has no sources, so it never paid). The same question is answered here by
reading the file's bytes, which leaves nothing behind (and takes no longer).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import PySide6  # noqa: F401 - loads shiboken's feature support, the module changed below

_FEATURE_MODULE = "shibokensupport.feature"


def _lighter(original: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def _mod_uses_pyside(module: Any) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as f:
                    return b"PySide6" in f.read()
            except OSError:
                pass
        return original(module)  # no plain source file: PySide6's own answer (usually False)

    _mod_uses_pyside.pos_lighter = True  # type: ignore[attr-defined]
    return _mod_uses_pyside


def lighten_pyside_import_hook() -> bool:
    """Install the lighter check; False when this PySide6 has no such hook (nothing to do)."""
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or not callable(original):
        return False
    if not getattr(original, "pos_lighter", False):
        feature._mod_uses_pyside = _lighter(original)
    return True
