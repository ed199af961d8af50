"""pos.ui.table_filling: a refill measures each fitted column once, not once per cell written,
and leaves the table as a plain fill would (texts, modes, widths, sorting)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from pos.ui.table_filling import filling

FIT, STRETCH, INTERACTIVE = (QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                             QHeaderView.ResizeMode.Interactive)
MODES = [FIT, STRETCH, FIT, INTERACTIVE]
ROWS = 300


class CountingTable(QTableWidget):
    """Counts Qt's measuring of a column's cells (what ResizeToContents asks for)."""

    def __init__(self) -> None:
        super().__init__(0, len(MODES))
        self.measured = 0
        for c, mode in enumerate(MODES):
            self.horizontalHeader().setSectionResizeMode(c, mode)

    def sizeHintForColumn(self, column: int) -> int:  # noqa: N802 - Qt's name
        self.measured += 1
        return super().sizeHintForColumn(column)


def cells(rows: int, tag: str) -> list[list[str]]:
    return [[f"{tag}{r}", "张三 " * (r % 5 + 1), f"13{r:09d}", str(r)] for r in range(rows)]


def write(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(text))


def on_screen(qtbot, table: QTableWidget) -> QTableWidget:
    qtbot.addWidget(table)
    table.resize(700, 400)
    table.show()
    qtbot.waitExposed(table)
    return table


def texts(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_a_refill_measures_once_and_ends_as_a_plain_fill(qtbot, qapp):
    table, plain = on_screen(qtbot, CountingTable()), on_screen(qtbot, CountingTable())
    for t in (table, plain):
        write(t, cells(ROWS, "a"))  # rows already laid out: the refill below is the costly case
        qapp.processEvents()
    table.measured = 0
    header = table.horizontalHeader()
    with filling(table):
        assert [header.sectionResizeMode(c) for c in range(4)] == [INTERACTIVE, STRETCH, INTERACTIVE, INTERACTIVE]
        write(table, cells(ROWS, "b"))
        assert table.measured == 0
    # once per fitted column (two), not once per cell (without the helper: thousands)
    assert 0 < table.measured <= 2 * 2
    write(plain, cells(ROWS, "b"))
    qapp.processEvents()
    assert [header.sectionResizeMode(c) for c in range(4)] == MODES
    assert texts(table) == texts(plain)
    assert [table.columnWidth(c) for c in range(4)] == [plain.columnWidth(c) for c in range(4)]


def test_fitted_columns_still_follow_later_changes(qtbot, qapp):
    table = on_screen(qtbot, CountingTable())
    with filling(table):
        write(table, cells(3, "a"))
    before = table.columnWidth(0)
    table.item(0, 0).setText("a much longer text than before, so the column must grow")
    qapp.processEvents()
    assert table.columnWidth(0) > before


def test_sorting_waits_for_the_whole_row(qtbot):
    table = on_screen(qtbot, QTableWidget(0, 2))
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    with filling(table):
        assert not table.isSortingEnabled()
        write(table, [["b", "2"], ["c", "3"], ["a", "1"]])
    assert table.isSortingEnabled()
    assert texts(table) == [["a", "1"], ["b", "2"], ["c", "3"]]


def test_rows_sized_to_contents_may_be_fewer_after(qtbot):
    table = on_screen(qtbot, QTableWidget(0, 2))
    rows = table.verticalHeader()
    rows.setSectionResizeMode(FIT)
    write(table, [["x", "y"]] * 10)
    with filling(table):
        assert rows.sectionResizeMode(9) == INTERACTIVE
        write(table, [["one\ntwo", "y"]] * 3)
    assert table.rowCount() == 3
    assert [rows.sectionResizeMode(r) for r in range(3)] == [FIT] * 3
    assert table.rowHeight(0) >= table.sizeHintForRow(0)
