"""The owner's audit log tab reads through the audit service (no transaction of its own)."""

from pos.services import audit
from pos.ui.pages.settings import audit_tab
from pos.ui.pages.settings.audit_tab import AuditTab


def test_reveal_lists_the_entries_for_the_owner_and_hides_them_again(qtbot, ctx, owner, monkeypatch):
    ctx.session.set_operator(owner)
    audit.record_action(ctx.db, owner, "settings.changed", "k")
    monkeypatch.setattr(audit_tab, "require_owner", lambda *_a: owner)
    tab = AuditTab(ctx)
    qtbot.addWidget(tab)
    tab.reveal()
    actions = [tab.table.item(r, 2).text() for r in range(tab.table.rowCount())]
    assert "settings.changed" in actions
    tab.hide_entries()
    assert tab.table.rowCount() == 0


def test_reveal_shows_nothing_without_the_owner(qtbot, ctx, owner, monkeypatch):
    audit.record_action(ctx.db, owner, "settings.changed", "k")
    monkeypatch.setattr(audit_tab, "require_owner", lambda *_a: None)
    tab = AuditTab(ctx)
    qtbot.addWidget(tab)
    tab.reveal()
    assert tab.table.rowCount() == 0 and tab.table.isHidden()
