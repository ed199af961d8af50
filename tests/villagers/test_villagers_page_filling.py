"""The villagers page with a full list and a long history: what the operator sees is as before
(rows, texts, column modes and widths, selection, focus), and each refill measures the fitted
columns a few times, not once per cell (that cost 6.6 s on a five-year station)."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QHeaderView, QTableWidget

from pos.db.models import Parcel
from pos.domain.villager_fields import VillagerInput
from pos.services.villagers import register as vs
from pos.ui.pages.villagers import VillagersPage
from pos.ui.pages.villagers import villagers_page
from pos.ui.pages.villagers.history_table import HistoryTable
from pos.ui.pages.villagers.villagers_page import LIST_LIMIT

from .conftest import NOW

FIT, STRETCH = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
HISTORY = 300
measured: list[int] = []


def counting_size_hint(self, column: int) -> int:
    measured.append(column)
    return QTableWidget.sizeHintForColumn(self, column)


class CountingTable(QTableWidget):
    sizeHintForColumn = counting_size_hint  # noqa: N815 - Qt's name


@pytest.fixture
def counted(monkeypatch):
    """Count Qt's measuring of a column's cells, in the list and in the history."""
    monkeypatch.setattr(villagers_page, "QTableWidget", CountingTable)
    monkeypatch.setattr(HistoryTable, "sizeHintForColumn", counting_size_hint)
    measured.clear()
    return measured


@pytest.fixture
def big_register(ctx, staff):
    owner, _ = staff
    for i in range(LIST_LIMIT + 20):
        vs.create(ctx.db, owner, VillagerInput(f"村民{i:03d}", f"138{i:08d}", f"{i % 9 + 1}组", f"家{i}"))
    first = vs.search(ctx.db, owner, "", include_inactive=False, limit=1)[0]
    with ctx.db.unit_of_work() as s:
        for k in range(HISTORY):
            s.add(Parcel(waybill=f"ZT{k:08d}", carrier="ZTO", status="picked_up", villager_id=first.id,
                         checked_in_at=NOW - dt.timedelta(hours=k + 2), picked_up_at=NOW - dt.timedelta(hours=k + 1)))
    return first


@pytest.fixture
def page(qtbot, ctx, staff, big_register, counted):
    ctx.session.set_operator(staff[0])
    p = VillagersPage(ctx)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    with qtbot.waitActive(p):
        p.show()
        p.activateWindow()
    p.activated()
    return p


def modes(table: QTableWidget) -> list[QHeaderView.ResizeMode]:
    header = table.horizontalHeader()
    return [header.sectionResizeMode(c) for c in range(header.count())]


def fitted_as_qt_fits(table: QTableWidget) -> bool:
    header = table.horizontalHeader()
    return all(header.sectionSize(c) == max(header.minimumSectionSize(),
                                            min(header.maximumSectionSize(),
                                                max(table.sizeHintForColumn(c), header.sectionSizeHint(c))))
               for c in range(header.count()) if header.sectionResizeMode(c) == FIT)


def assert_as_before(page, first):
    assert page.table.rowCount() == LIST_LIMIT
    assert [page.table.item(0, c).text() for c in range(5)] == ["村民000", "1组", "家0", "13800000000", ""]
    assert str(LIST_LIMIT) in page.count.text()
    assert page.table.currentRow() == 0 and page.selected().id == first.id
    assert page.history.rowCount() == HISTORY
    days = [page.history.row_texts(r)[0] for r in range(HISTORY)]
    assert all(days) and days == sorted(days, reverse=True)
    assert "ZT00000000" in page.history.row_texts(0)[2]
    assert modes(page.table) == [STRETCH, FIT, FIT, FIT, FIT]
    assert modes(page.history) == [FIT, FIT, STRETCH, FIT]
    assert fitted_as_qt_fits(page.table) and fitted_as_qt_fits(page.history)


def test_opening_shows_the_full_list_and_history_with_the_search_focused(page, big_register):
    assert_as_before(page, big_register)
    assert QApplication.focusWidget() is page.search


def test_refills_measure_per_column_not_per_cell(page, big_register, counted, qtbot):
    cells = LIST_LIMIT * 5 + HISTORY * 4
    for refill in (page.activated, lambda: page.show_inactive.setChecked(True),
                   lambda: page.show_inactive.setChecked(False)):
        counted.clear()
        refill()
        # a few passes over the fitted columns; measuring per cell written would be thousands
        assert 0 < len(counted) < 100 < cells
        assert_as_before(page, big_register)
    page.search.setText(big_register.name)
    counted.clear()
    page.search.clear()
    assert 0 < len(counted) < 100
    assert_as_before(page, big_register)
    page.activated()
    assert QApplication.focusWidget() is page.search
