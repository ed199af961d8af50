"""PySide6 screens. They call services and show results; no storage or device code here."""
