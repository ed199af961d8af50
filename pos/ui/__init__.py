"""PySide6 screens. They call services and show results; no storage or device code here."""

from pos.ui.import_hook import lighten_pyside_import_hook

# here, because pos.app imports pos.ui right after Qt and before the heavy libraries
lighten_pyside_import_hook()
