import json

import pytest
from PySide6.QtCore import QTranslator

from pos.resources import resource
from tests.reports import dataset




@pytest.fixture
def report_db(database, shanghai):
    dataset.build(database)
    return database


class PendingTranslator(QTranslator):
    """zh_CN from resources/translations/pending/reports.json, so these tests see Chinese
    before the lead merges the file into the .ts (afterwards the .qm has the same text)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = json.loads(resource("translations", "pending", "reports.json").read_text(encoding="utf-8"))

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.table.get(source) if context in ("reports", "ReportsPage", "SummaryView", "Dashboard",
                                                     "ChartWidget", "errors") else None

    def isEmpty(self):  # noqa: N802
        return False


@pytest.fixture
def chinese(qapp):
    """Chinese Qt translations: the app's .qm plus this feature's pending strings."""
    from pos.i18n import Translations

    tr = Translations(qapp)
    tr.use("zh_CN")
    pending = PendingTranslator(qapp) if resource("translations", "pending", "reports.json").exists() else None
    if pending is not None:
        qapp.installTranslator(pending)
    yield tr
    if pending is not None:
        qapp.removeTranslator(pending)
    tr.use("zh_CN")
