"""The main window's list of connectors: name, platform, test state and last run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendee_relay.core.glossary import run_status_of
from attendee_relay.ui.icons import icon
from attendee_relay.ui.overview import Overview, when_text
from attendee_relay.ui.words import count

if TYPE_CHECKING:
    from attendee_relay.core.history.models import RunInfo
    from attendee_relay.core.profiles import ConnectorProfile

NAME_ROLE = Qt.ItemDataRole.UserRole


def test_state(profile: ConnectorProfile, last_run: RunInfo | None = None) -> tuple[str, str]:
    """(icon name, words) for the connector's last connection test, or, never tested, for what
    its last run delivered (a connector that delivers works, tested or not)."""
    if profile.last_test_ok is None:
        if last_run is not None and last_run.counts.delivered:
            delivered = count(last_run.counts.delivered, "row")
            return "ok", f"Delivered {delivered} {when_text(last_run.created_at)}".strip()
        return "untested", "Never tested"
    when = when_text(profile.last_test_at.isoformat()) if profile.last_test_at else ""
    if profile.last_test_ok:
        return "ok", f"Tested OK {when}".strip()
    return "failing", f"Failing since {when}".strip() if when else "Failing"


test_state.__test__ = False  # type: ignore[attr-defined]  # not a pytest test despite its name


class ConnectorsPanel(QWidget):
    """Connectors, one row each. Double-click (or Enter) edits; the selection drives actions."""

    editRequested = Signal(str)
    selectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Connectors")
        self.tree.setHeaderLabels(["Connector", "Platform", "Connection", "Last run"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemSelectionChanged.connect(self.selectionChanged)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

    def show_overview(self, overview: Overview) -> None:
        """Fill the list, keeping the selected connector selected."""
        from attendee_relay.connectors.registry import PLATFORMS

        keep = self.selected_name()
        self.tree.clear()
        for profile in overview.profiles:
            cls = PLATFORMS.get(profile.platform)
            platform = cls.title if cls is not None else profile.platform
            last = overview.last_run.get(profile.name)
            icon_name, state = test_state(profile, last)
            last_text = (
                f"{when_text(last.created_at)} — {run_status_of(last)}" if last else "None yet"
            )
            item = QTreeWidgetItem([profile.name, platform, state, last_text])
            item.setIcon(2, icon(icon_name))
            item.setData(0, NAME_ROLE, profile.name)
            if profile.last_test_message:
                item.setToolTip(2, profile.last_test_message)
            item.setToolTip(1, cls.summary if cls is not None else "")
            self.tree.addTopLevelItem(item)
            if profile.name == keep:
                item.setSelected(True)
                self.tree.setCurrentItem(item)
        first = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and first is not None:
            self.tree.setCurrentItem(first)

    def names(self) -> list[str]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [str(item.data(0, NAME_ROLE)) for item in items if item is not None]

    def selected_name(self) -> str | None:
        item = self.tree.currentItem()
        return str(item.data(0, NAME_ROLE)) if item is not None else None

    def select(self, name: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, NAME_ROLE) == name:
                self.tree.setCurrentItem(item)

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.editRequested.emit(str(item.data(0, NAME_ROLE)))
