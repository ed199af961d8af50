"""Chinese for this feature's strings before they are merged into the compiled .qm.

scripts/i18n.py merges resources/translations/pending/villagers.json into the .ts and .qm (and
then deletes the JSON); until then the tests read the JSON through this translator, so they
check the Chinese the partner will see either way.
"""

import json

from PySide6.QtCore import QLocale, QTranslator

from pos.resources import resource

PENDING = resource("translations", "pending", "villagers.json")


class PendingTranslator(QTranslator):
    def __init__(self, table: dict[str, str]) -> None:
        super().__init__()
        self.table = table

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 - Qt's signature
        # only while the interface is Chinese (the CLI tests switch to English with --lang en)
        # None is Qt's null string: "not here, ask the next translator"
        if QLocale().language() != QLocale.Language.Chinese:
            return None
        return self.table.get(source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install(app) -> QTranslator | None:
    if not PENDING.exists():
        return None
    tr = PendingTranslator(json.loads(PENDING.read_text(encoding="utf-8")))
    app.installTranslator(tr)
    return tr
