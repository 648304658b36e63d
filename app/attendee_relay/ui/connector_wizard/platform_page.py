"""Wizard page 1: which platform, with one line on what each is for (from the registry)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWizardPage

from attendee_relay.connectors.registry import PLATFORMS, platform_names

PLATFORM_ROLE = Qt.ItemDataRole.UserRole


class PlatformPage(QWizardPage):
    """A list of the registry's platforms; the choice is ``platform()``."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose the platform")
        self.setSubTitle("Where should Attendee Relay send your attendees?")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Platforms")
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        for name in platform_names():
            cls = PLATFORMS[name]
            item = QListWidgetItem(f"{cls.title}\n{cls.summary}")
            item.setData(PLATFORM_ROLE, name)
            item.setToolTip(f"{cls.summary} (platform name: {name})")
            self.list.addItem(item)
        self.list.currentItemChanged.connect(lambda *_: self.completeChanged.emit())
        self.list.itemActivated.connect(lambda *_: self.wizard().next())
        label = QLabel("&Platform:", self)
        label.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list)

    def platform(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(PLATFORM_ROLE)) if item is not None else None

    def select(self, platform: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(PLATFORM_ROLE) == platform:
                self.list.setCurrentRow(i)

    def initializePage(self) -> None:
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def isComplete(self) -> bool:
        return self.platform() is not None
