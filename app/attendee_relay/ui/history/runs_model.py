"""The runs of the history as a sortable, filterable table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from attendee_relay.core.glossary import run_status_of
from attendee_relay.core.history.models import RunInfo
from attendee_relay.ui.overview import when_text

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    "Run",
    "When",
    "Connector",
    "Kind",
    "Source",
    "Status",
    "Total",
    "Delivered",
    "Refused",
    "Failed",
)
_NUMERIC = {0, 6, 7, 8, 9}
RUN_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class RunsModel(QAbstractTableModel):
    """One row per run (the list is short: runs, not rows)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.runs: list[RunInfo] = []

    def set_runs(self, runs: list[RunInfo]) -> None:
        self.beginResetModel()
        self.runs = runs
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.runs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _values(self, run: RunInfo) -> tuple[Any, ...]:
        c = run.counts
        return (
            run.run_id,
            run.created_at,
            run.connector,
            run.kind,
            run.source_name,
            run.status,
            c.total,
            c.delivered,
            c.refused,
            c.failed,
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        run = self.runs[index.row()]
        col = index.column()
        value = self._values(run)[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 1:
                return when_text(run.created_at)
            if col == 5:
                return run_status_of(run)
            return str(value)
        if role == SORT_ROLE:
            return value
        if role == RUN_ROLE:
            return run.run_id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 5 and run.message:
            return run.message
        return None


class RunsFilter(QSortFilterProxyModel):
    """Filters runs by connector, status and a first date; sorts by the raw values."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.connector = ""
        self.status = ""
        self.since: QDate | None = None

    def set_filters(self, connector: str, status: str, since: QDate | None) -> None:
        self.beginFilterChange()
        self.connector, self.status, self.since = connector, status, since
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RunsModel)
        run = model.runs[source_row]
        if self.connector and run.connector != self.connector:
            return False
        if self.status and run.status != self.status:
            return False
        if self.since is not None and self.since.isValid():
            return when_text(run.created_at)[:10] >= self.since.toString("yyyy-MM-dd")
        return True
