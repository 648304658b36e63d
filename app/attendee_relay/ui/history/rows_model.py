"""A run's rows as a table model that pages lazily from SQLite, off the GUI thread.

Only the rows scrolled into view are loaded: ``fetchMore`` asks a worker for the next page and
inserts it when it arrives, so a 100,000-row run opens at once and scrolls smoothly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from attendee_relay.core.glossary import row_status
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.models import RowView
from attendee_relay.core.records import RowStatus
from attendee_relay.ui.tasks import run_in_background

_Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
COLUMNS = ("Row", "Status", "Attendee", "Attempts", "Reason")
PAGE_SIZE = 500


def with_store(fn: Callable[[HistoryStore], T]) -> Callable[[], T]:
    """``fn`` wrapped to open (and close) its own HistoryStore on the worker thread."""

    def work() -> T:
        store = HistoryStore()
        try:
            return fn(store)
        finally:
            store.close()

    return work


def row_email(row: RowView) -> str:
    """A refused row has no identity yet: show the e-mail it was read with, if any."""
    for key, value in row.record.items():
        if "email" in key.lower() and isinstance(value, str):
            return value
    return ""


class RowsModel(QAbstractTableModel):
    """The rows of one run matching a status filter and a search text.

    Signals:
        totalChanged(int): how many rows match (known before they are all loaded).
        pageLoaded(): a page arrived.
        loadFailed(str): the history could not be read (one sentence).
    """

    totalChanged = Signal(int)
    pageLoaded = Signal()
    loadFailed = Signal(str)

    def __init__(self, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.rows: list[RowView] = []
        self.total: int | None = None
        self._query: tuple[int, tuple[RowStatus, ...], str] | None = None
        self._generation = 0
        self._loading = False

    # ----- query ------------------------------------------------------------------------------

    def set_query(
        self, run_id: int | None, statuses: Sequence[RowStatus] = (), search: str = ""
    ) -> None:
        """Show ``run_id``'s rows matching ``statuses`` (any if empty) and ``search``."""
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self.total = None
        self._loading = False
        self._query = None if run_id is None else (run_id, tuple(statuses), search.strip())
        self.endResetModel()
        if self._query is None:
            self.totalChanged.emit(0)
            return
        generation = self._generation
        run, wanted, text = self._query
        self._loading = True
        run_in_background(
            with_store(lambda s: s.count_rows(run, statuses=wanted, search=text)),
            lambda n: self._counted(generation, n),
            self._failed,
            owner=self,
        )

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.total = total
        self._loading = False
        self.totalChanged.emit(total)
        if total:
            self.fetchMore(QModelIndex())
        else:
            self.pageLoaded.emit()

    def _failed(self, err: BaseException) -> None:
        self._loading = False
        self.loadFailed.emit(str(err))

    # ----- lazy paging ------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and not self._loading
            and self.total is not None
            and len(self.rows) < self.total
        )

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._query is None:
            return
        self._loading = True
        generation = self._generation
        run, wanted, text = self._query
        offset, limit = len(self.rows), self.page_size
        run_in_background(
            with_store(
                lambda s: s.rows(run, statuses=wanted, search=text, offset=offset, limit=limit)
            ),
            lambda page: self._page(generation, page),
            self._failed,
            owner=self,
        )

    def _page(self, generation: int, page: list[RowView]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        if page:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()
        if not page and self.total is not None:
            self.total = len(self.rows)  # rows vanished meanwhile: stop asking
        self.pageLoaded.emit()

    def is_loading(self) -> bool:
        return self._loading

    # ----- table ------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(row.row_number),
                row_status(row.status.value),
                row.identity or row_email(row),
                str(row.attempts),
                row.reason,
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 and row.reason:
            return row.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_at(self, position: int) -> RowView | None:
        return self.rows[position] if 0 <= position < len(self.rows) else None
