"""Refused and failed rows in an editable grid, fixed in place like a spreadsheet.

Each row shows the file's columns as read, then the reason; the cells at fault are marked. An edit
re-runs the row's mapping and validation (``core.fixes.RowChecker``, the run's own) at once, so the
reason updates or clears as the person goes. Edits can be undone until they are sent; ``edits()``
hands the rows that now pass to ``prepare_resume(edits=...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFocusEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from attendee_relay.core.fixes import RowCheck, RowChecker
from attendee_relay.core.history.models import RowView

Index = QModelIndex | QPersistentModelIndex

#: The cells at fault: a vermillion tint (Okabe-Ito), with the reason in words beside it.
_FAULT = QColor(213, 94, 0, 90)
#: A row that now passes: a bluish-green tint.
_PASSES = QColor(0, 158, 115, 60)


@dataclass(slots=True)
class FixRow:
    """One row being fixed: its cells as read, as edited, and its verdict now."""

    row_number: int
    original: dict[str, str]
    cells: dict[str, str]
    check: RowCheck
    status: str
    edited: set[str] = field(default_factory=set)

    @property
    def passes(self) -> bool:
        return self.cells != self.original and not self.check.reasons


class FixRowsModel(QAbstractTableModel):
    """Columns: Row, the file's columns, Reason. Only the file's columns are editable.

    Signals:
        fixedChanged(int): how many rows pass now (and can be sent).
    """

    fixedChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[FixRow] = []
        self.undo_stack = QUndoStack(self)
        self._checker: RowChecker | None = None

    def load(self, checker: RowChecker | None, headers: list[str], rows: list[RowView]) -> None:
        """Show ``rows`` (refused and failed) of a run, checked by ``checker``."""
        self.beginResetModel()
        self._checker = checker
        self.headers = list(headers)
        self.rows = [
            FixRow(
                r.row_number,
                dict(r.source),
                dict(r.source),
                self._check(r.row_number, r.source, r.reason),
                r.status.value,
            )
            for r in rows
        ]
        self.undo_stack.clear()
        self.endResetModel()
        self.fixedChanged.emit(self.fixed_count())

    def _check(self, row_number: int, cells: dict[str, str], reason: str) -> RowCheck:
        if self._checker is None:
            return RowCheck([reason] if reason else [], [])
        found = self._checker.check(row_number, cells)
        if not found.reasons and reason:  # failed at the platform: its reason stands until edited
            return RowCheck([reason], [])
        return found

    def fixed_count(self) -> int:
        return sum(1 for r in self.rows if r.passes)

    def edits(self) -> dict[int, dict[str, str]]:
        """The rows that pass now, by row number: what "Send fixed rows" sends."""
        return {r.row_number: dict(r.cells) for r in self.rows if r.passes}

    # ----- the model --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers) + 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Row"
        if section == len(self.headers) + 1:
            return "Reason"
        return self.headers[section - 1]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if 0 < index.column() <= len(self.headers):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        column = self.headers[col - 1] if 0 < col <= len(self.headers) else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return str(row.row_number)
            if column is None:
                return (
                    " ".join(row.check.reasons)
                    if row.check.reasons
                    else ("Fixed: sent with “Send fixed rows”." if row.passes else "")
                )
            return row.cells.get(column, "")
        if role == Qt.ItemDataRole.BackgroundRole:
            if column is not None and column in row.check.offending:
                return QBrush(_FAULT)
            if row.passes and col in (0, len(self.headers) + 1):
                return QBrush(_PASSES)
        if role == Qt.ItemDataRole.ToolTipRole and column in row.check.offending:
            return " ".join(row.check.reasons)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (0 < index.column() <= len(self.headers)):
            return False
        row = self.rows[index.row()]
        column = self.headers[index.column() - 1]
        text = str(value)
        if row.cells.get(column, "") == text:
            return False
        self.undo_stack.push(_EditCell(self, index.row(), column, text))
        return True

    def set_cell(self, row_index: int, column: str, text: str) -> None:
        """Put ``text`` in a cell and check its row again (the undo commands' one way in)."""
        row = self.rows[row_index]
        row.cells[column] = text
        row.check = self._check(row.row_number, row.cells, "")
        first = self.index(row_index, 0)
        last = self.index(row_index, self.columnCount() - 1)
        self.dataChanged.emit(first, last)
        self.fixedChanged.emit(self.fixed_count())


class _EditCell(QUndoCommand):
    """One cell edited: undo puts back what it held."""

    def __init__(self, model: FixRowsModel, row_index: int, column: str, text: str) -> None:
        row = model.rows[row_index]
        super().__init__(f"Edit {column} of row {row.row_number}")
        self._model = model
        self._row = row_index
        self._column = column
        self._before = row.cells.get(column, "")
        self._after = text

    def redo(self) -> None:
        self._model.set_cell(self._row, self._column, self._after)

    def undo(self) -> None:
        self._model.set_cell(self._row, self._column, self._before)


class FixGrid(QTableView):
    """The grid, spreadsheet-like: typing replaces a cell, Enter or Tab keeps it and moves on,
    F2 edits a cell as it is, Ctrl+Z undoes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fix_model = FixRowsModel(self)
        self.setModel(self.fix_model)
        self.setAccessibleName("Rows to fix")
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)  # Tab moves from cell to cell, as in a spreadsheet
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.setWordWrap(False)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.currentIndex().column() < 1 and self.fix_model.rowCount():
            self.setCurrentIndex(self.fix_model.index(0, 1))  # the first editable cell

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab go from one editable cell to the next, row after row; past the
        last (or first) there is none, and the keyboard leaves the grid."""
        step = {
            QAbstractItemView.CursorAction.MoveNext: 1,
            QAbstractItemView.CursorAction.MovePrevious: -1,
        }.get(cursorAction)
        if step is None:
            return super().moveCursor(cursorAction, modifiers)
        width = len(self.fix_model.headers)
        current = self.currentIndex()
        at = current.row() * width + max(current.column(), 1) - 1 if current.isValid() else -1
        at += step
        if not width or not 0 <= at < width * self.fix_model.rowCount():
            return QModelIndex()
        return self.fix_model.index(at // width, at % width + 1)

    def focusNextPrevChild(self, next: bool) -> bool:
        action = (
            QAbstractItemView.CursorAction.MoveNext
            if next
            else QAbstractItemView.CursorAction.MovePrevious
        )
        if (
            self.state() != QAbstractItemView.State.EditingState
            and not self.moveCursor(action, Qt.KeyboardModifier.NoModifier).isValid()
        ):
            return QWidget.focusNextPrevChild(self, next)  # out of the grid
        return super().focusNextPrevChild(next)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: down one row
            below = self.currentIndex().siblingAtRow(self.currentIndex().row() + 1)
            if below.isValid():
                self.setCurrentIndex(below)
