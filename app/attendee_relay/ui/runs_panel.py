"""The main window's recent runs: what was sent where, and how it went."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from attendee_relay.core.glossary import run_status_of
from attendee_relay.ui.overview import Overview, when_text

RUN_ROLE = Qt.ItemDataRole.UserRole


class RecentRunsPanel(QWidget):
    """Recent runs, newest first; activating one opens it in the history browser."""

    runActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Recent runs")
        self.tree.setHeaderLabels(
            ["Run", "When", "Connector", "Source", "Status", "Delivered", "Refused", "Failed"]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemActivated.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

    def show_overview(self, overview: Overview) -> None:
        self.tree.clear()
        for run in overview.runs:
            c = run.counts
            item = QTreeWidgetItem(
                [
                    str(run.run_id),
                    when_text(run.created_at),
                    run.connector,
                    run.source_name,
                    run_status_of(run),
                    str(c.delivered),
                    str(c.refused),
                    str(c.failed),
                ]
            )
            item.setData(0, RUN_ROLE, run.run_id)
            for col in (0, 5, 6, 7):
                item.setTextAlignment(
                    col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            if run.message:
                item.setToolTip(4, run.message)
            self.tree.addTopLevelItem(item)

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.runActivated.emit(int(item.data(0, RUN_ROLE)))
