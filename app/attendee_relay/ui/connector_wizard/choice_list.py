"""One of a platform's lists in the connector wizard: a titled box whose entries load in the
background, ticked (several) or selected (one) to fill a setting, or listed for reference."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attendee_relay.connectors.ivvy_lists import Choice
from attendee_relay.ui.connector_wizard.platform_lists import ListSpec

ID_ROLE = Qt.ItemDataRole.UserRole
NONE_TEXT = "(none)"


def reference_name(spec: ListSpec, choice: Choice) -> str:
    """What to copy for a reference entry: the mapping target of a custom field, else the id."""
    return f"customFields[{choice.id}]" if spec.kind == "custom_fields" else choice.id


class ChoiceList(QGroupBox):
    """The entries of ``spec``'s list.

    Signals:
        chosen: the user changed what is ticked or selected.
    """

    chosen = Signal()

    def __init__(self, spec: ListSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec.label, parent)
        self.spec = spec
        self.setObjectName(f"list-{spec.kind}")
        self.help = QLabel(spec.help, self)
        self.help.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(spec.label)
        self.list.setToolTip(spec.help)
        self._fit_rows(2)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setAccessibleName(f"{spec.label} state")
        self._copy_text = "Copy field name" if spec.kind == "custom_fields" else "Copy id"
        self.copy_button = QPushButton(self._copy_text, self)
        self.copy_button.setAccessibleName(f"Copy the id of the selected {spec.label.lower()}")
        self.copy_button.setToolTip("Copy what to type in the mapping for the selected entry.")
        self.copy_button.setVisible(not spec.setting)
        self.copy_button.setEnabled(False)
        self.extra = QHBoxLayout()  # room for the page to add e.g. "create a category"
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addLayout(self.extra)
        self.list.itemChanged.connect(self._changed)
        self.list.currentItemChanged.connect(self._current_changed)
        self.copy_button.clicked.connect(self.copy_selected)
        self._filling = False
        self._wanted: list[str] = []
        #: The platform's entries are shown (not loading, not failed).
        self.ready = False

    # ----- filling ----------------------------------------------------------------------------

    def loading(self) -> None:
        self.ready = False
        self.list.clear()
        self.list.setEnabled(False)
        self.state.setText("Loading…")

    def failed(self, message: str) -> None:
        self.ready = False
        self.list.clear()
        self.list.setEnabled(False)
        self.state.setText(f"⚠ {message}")

    def fill(self, choices: Sequence[Choice], wanted: Sequence[str]) -> None:
        """Show ``choices``; tick or select those whose id is in ``wanted``."""
        self._filling = True
        self.list.clear()
        self._wanted = [w for w in wanted if w]
        if self.spec.setting and not self.spec.multiple:
            none = QListWidgetItem(NONE_TEXT)
            none.setData(ID_ROLE, "")
            self.list.addItem(none)
        for choice in choices:
            item = QListWidgetItem(self._text(choice))
            item.setData(ID_ROLE, choice.id)
            item.setToolTip(choice.detail or choice.name)
            if self.spec.multiple:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = choice.id in self._wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
            if not self.spec.multiple and self.spec.setting and choice.id in self._wanted:
                self.list.setCurrentItem(item)
        if self.spec.setting and not self.spec.multiple and self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        self.list.setEnabled(True)
        known = {c.id for c in choices}
        unknown = [w for w in self._wanted if w not in known]
        count = f"{len(choices)} {'entry' if len(choices) == 1 else 'entries'}"
        self.state.setText(
            count + (f"; not in the list: {', '.join(unknown)}" if unknown else "")
            if choices
            else "The list is empty."
        )
        self._filling = False
        self.ready = True
        self._fit_rows(self.list.count())

    def _fit_rows(self, rows: int) -> None:
        """As tall as the entries (2 to 6 rows; more scroll), so short lists take little room."""
        row = self.list.sizeHintForRow(0) if self.list.count() else self.fontMetrics().height() + 4
        frame = 2 * self.list.frameWidth() + 4
        self.list.setFixedHeight(row * max(2, min(rows, 6)) + frame)

    def _text(self, choice: Choice) -> str:
        text = f"{choice.name}  (id {choice.id})"
        if self.spec.kind == "custom_fields":
            text = f"{choice.name}  → {reference_name(self.spec, choice)}"
        return text + (f" — {choice.detail}" if choice.detail else "")

    # ----- choices ----------------------------------------------------------------------------

    def chosen_ids(self) -> list[str]:
        """Ticked ids (several), or the selected one ("" for none)."""
        if self.spec.multiple:
            ids = [
                str(self.list.item(i).data(ID_ROLE))
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked
            ]
            # Ids the setting has but the platform did not list stay: never drop them silently.
            listed = {str(self.list.item(i).data(ID_ROLE)) for i in range(self.list.count())}
            return [w for w in self._wanted if w not in listed] + ids
        item = self.list.currentItem()
        return [str(item.data(ID_ROLE))] if item is not None else []

    def _changed(self, _item: QListWidgetItem) -> None:
        if not self._filling:
            self.chosen.emit()

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.copy_button.setEnabled(current is not None and bool(current.data(ID_ROLE)))
        self.copy_button.setText(self._copy_text)
        if not self._filling and self.spec.setting and not self.spec.multiple:
            self.chosen.emit()

    @Slot()
    def copy_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        choice = Choice(str(item.data(ID_ROLE)), item.text())
        QGuiApplication.clipboard().setText(reference_name(self.spec, choice))
        self.copy_button.setText("Copied ✔")
