"""A form for one record, built from a connector's target fields: required fields marked, the
platform's help as tooltips, grouped as the connector groups them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.records import FieldValue

#: Harmless values for a test attendee, by the field's concept.
TEST_VALUES = {
    "email": "test.attendee@example.com",
    "full_name": "Test Attendee",
    "first_name": "Test",
    "last_name": "Attendee",
    "company": "Attendee Relay test",
}


def test_values(fields: Sequence[TargetField]) -> dict[str, str]:
    """Values that let a test attendee pass validation (for the required fields we can guess)."""
    return {
        f.name: TEST_VALUES[f.concept] for f in fields if f.required and f.concept in TEST_VALUES
    }


test_values.__test__ = False  # type: ignore[attr-defined]  # not a pytest test despite its name


class RecordForm(QWidget):
    """One line edit per target field (``required_only`` keeps the form short).

    Signals:
        changed: a value changed.
    """

    changed = Signal()

    def __init__(
        self,
        fields: Sequence[TargetField],
        parent: QWidget | None = None,
        *,
        required_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.fields = [f for f in fields if f.required or not required_only]
        self.editors: dict[str, QLineEdit] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        group = None
        for field in self.fields:
            if field.group != group and not required_only:
                group = field.group
                header = QLabel(f"<b>{group}</b>", self)
                layout.addRow(header)
            edit = QLineEdit(self)
            edit.setObjectName(f"field-{field.name}")
            edit.setAccessibleName(field.label)
            tip = field.help or field.label
            edit.setToolTip(tip + (" Required." if field.required else ""))
            edit.setAccessibleDescription(tip)
            if field.type is FieldType.LIST:
                edit.setPlaceholderText("several values, separated by commas")
            elif field.type is FieldType.FLAG:
                edit.setPlaceholderText("yes or no")
            edit.textChanged.connect(self.changed)
            label = QLabel(f"{field.label}{' *' if field.required else ''}:", self)
            label.setBuddy(edit)
            layout.addRow(label, edit)
            self.editors[field.name] = edit

    def set_values(self, values: Mapping[str, str]) -> None:
        for name, value in values.items():
            if name in self.editors:
                self.editors[name].setText(value)

    def values(self) -> dict[str, FieldValue]:
        """The filled-in fields (list fields split at commas)."""
        result: dict[str, FieldValue] = {}
        for field in self.fields:
            text = self.editors[field.name].text().strip()
            if not text:
                continue
            if field.type is FieldType.LIST:
                result[field.name] = [part.strip() for part in text.split(",") if part.strip()]
            else:
                result[field.name] = text
        return result

    def missing_required(self) -> list[str]:
        """Labels of the required fields left empty."""
        return [
            f.label for f in self.fields if f.required and not self.editors[f.name].text().strip()
        ]
