"""A form built from a connector's settings model: one editor per field, labelled, with the field's
description as tooltip and an inline message under any field the model refuses."""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from pydantic_core import ValidationError as CoreValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from attendee_relay.connectors.settings_errors import settings_error_sentence

#: Settings most people never change: shown under *Advanced*.
ADVANCED = frozenset(
    {
        "max_concurrency",
        "rate_limit_per_minute",
        "timeout_s",
        "max_attempts",
        "max_attendees_per_request",
        "setup_error_fragments",
        "already_registered_fragments",
        "verify_hash",
    }
)

_LABELS = {
    "base_url": "Base URL",
    "max_concurrency": "Requests at once",
    "rate_limit_per_minute": "Rate limit (per minute)",
    "timeout_s": "Timeout (seconds)",
    "max_attempts": "Attempts per request",
    "event": "Event ID",
    "add_to_lists": "Add to lists",
    "remove_from_lists": "Remove from lists",
    "add_tags": "Add tags",
    "remove_tags": "Remove tags",
    "custom_variables": "Custom variables",
    "auth_header": "Auth header",
    "auth_prefix": "Auth prefix",
    "max_attendees_per_request": "Attendees per request",
    "notify_attendees": "E-mail the attendees",
    "setup_error_fragments": "Answers that mean the settings are wrong",
    "already_registered_fragments": "Answers that mean already registered",
}

Editor = QLineEdit | QSpinBox | QDoubleSpinBox | QCheckBox | QComboBox


def field_label(name: str) -> str:
    """A setting's name as a label (``add_tags`` -> ``Add tags``)."""
    return _LABELS.get(name, name.replace("_", " ").capitalize())


def _bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    low = high = None
    for meta in info.metadata:
        if isinstance(meta, annotated_types.Ge):
            low = float(meta.ge)  # type: ignore[arg-type]
        elif isinstance(meta, annotated_types.Gt):
            low = float(meta.gt)  # type: ignore[arg-type]
        elif isinstance(meta, annotated_types.Le):
            high = float(meta.le)  # type: ignore[arg-type]
    return low, high


def _default(info: FieldInfo) -> Any:
    if info.default is not PydanticUndefined:
        return info.default
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


class SettingsForm(QWidget):
    """Editors for every field of ``model``; ``values()`` gives what to validate and save.

    Signals:
        changed: any editor changed (the page revalidates).
    """

    changed = Signal()

    def __init__(self, model: type[BaseModel], title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = title
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._show_all = False
        main = QFormLayout()
        advanced = QFormLayout()
        for name, info in model.model_fields.items():
            editor = self._editor(name, info)
            editor.setObjectName(f"setting-{name}")
            label_text = field_label(name) + (" *" if info.is_required() else "")
            label = QLabel(f"{label_text}:", self)
            label.setBuddy(editor)
            description = (info.description or "").strip()
            tip = description[:1].upper() + description[1:] if description else ""
            editor.setToolTip(tip + (" Required." if info.is_required() else ""))
            editor.setAccessibleName(field_label(name))
            editor.setAccessibleDescription(tip)
            error = QLabel(self)
            error.setWordWrap(True)
            error.setObjectName(f"error-{name}")
            error.setAccessibleName(f"{field_label(name)} problem")
            error.hide()
            self.errors[name] = error
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            (advanced if name in ADVANCED else main).addRow(label, box)
            self.editors[name] = editor
            self._watch(name, editor)

        self.advanced_toggle = QToolButton(self)
        self.advanced_toggle.setText("Advanced settings")
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(
            self.advanced_toggle.toolButtonStyle().ToolButtonTextBesideIcon
        )
        self.advanced_toggle.setArrowType(self.advanced_toggle.arrowType().RightArrow)
        self.advanced_toggle.setAccessibleName("Show advanced settings")
        self.advanced_toggle.setToolTip("Concurrency, rate limit, timeout and attempts")
        self.advanced_box = QWidget(self)
        self.advanced_box.setLayout(advanced)
        self.advanced_box.setVisible(False)
        self.advanced_toggle.toggled.connect(self._toggle_advanced)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(main)
        if advanced.rowCount():
            layout.addWidget(self.advanced_toggle)
            layout.addWidget(self.advanced_box)
        else:
            self.advanced_toggle.hide()
        layout.addStretch(1)

    def _watch(self, name: str, editor: Editor) -> None:
        # Problems show under a field once it was touched (or Next was pressed), not on arrival.
        def touched(*_args: object) -> None:
            self._touched.add(name)

        if isinstance(editor, QCheckBox):
            editor.toggled.connect(touched)
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.valueChanged.connect(touched)
        elif isinstance(editor, QComboBox):
            editor.currentTextChanged.connect(touched)
        else:
            editor.textEdited.connect(touched)

    def show_all_problems(self) -> None:
        """From now on, show every field's problem (the user pressed Next)."""
        self._show_all = True
        self.validate()

    def _toggle_advanced(self, shown: bool) -> None:
        self.advanced_box.setVisible(shown)
        arrow = self.advanced_toggle.arrowType()
        self.advanced_toggle.setArrowType(arrow.DownArrow if shown else arrow.RightArrow)

    def _editor(self, name: str, info: FieldInfo) -> Editor:
        annotation = info.annotation
        default = _default(info)
        if annotation is bool:
            box = QCheckBox(self)
            box.setChecked(bool(default))
            box.toggled.connect(self.changed)
            return box
        if annotation is int:
            spin = QSpinBox(self)
            low, high = _bounds(info)
            spin.setRange(
                int(low if low is not None else 0), int(high if high is not None else 1_000_000)
            )
            spin.setValue(int(default or 0))
            spin.valueChanged.connect(self.changed)
            return spin
        if annotation is float:
            dspin = QDoubleSpinBox(self)
            low, high = _bounds(info)
            dspin.setDecimals(1)
            dspin.setRange(max(low or 0.0, 0.1), high if high is not None else 1_000_000.0)
            dspin.setValue(float(default or 0.0))
            dspin.valueChanged.connect(self.changed)
            return dspin
        if typing.get_origin(annotation) is Literal:
            combo = QComboBox(self)
            combo.addItems([str(a) for a in typing.get_args(annotation)])
            if default is not None:
                combo.setCurrentText(str(default))
            combo.currentTextChanged.connect(self.changed)
            return combo
        edit = QLineEdit(self)
        edit.setText(_as_text(default))
        origin = typing.get_origin(annotation)
        if origin is list or (isinstance(annotation, types.GenericAlias) and origin is list):
            edit.setPlaceholderText("several values, separated by commas")
        elif origin is dict:
            edit.setPlaceholderText("name=value, name=value")
        elif info.is_required() and info.description:
            edit.setPlaceholderText(info.description)
        edit.textChanged.connect(self.changed)
        return edit

    # ----- values -----------------------------------------------------------------------------

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show saved settings (e.g. when editing a connector)."""
        for name, value in values.items():
            editor = self.editors.get(name)
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            elif isinstance(editor, QDoubleSpinBox):
                editor.setValue(float(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentText(str(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(_as_text(value))

    def values(self) -> dict[str, Any]:
        """The editors' values, as the settings model accepts them (text for text fields; an
        empty optional text field is left out so its default applies)."""
        result: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                result[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox | QDoubleSpinBox):
                result[name] = editor.value()
            elif isinstance(editor, QComboBox):
                result[name] = editor.currentText()
            else:
                text = editor.text().strip()
                info = self.model.model_fields[name]
                if typing.get_origin(info.annotation) is dict and text.startswith("{"):
                    try:
                        result[name] = json.loads(text)
                        continue
                    except ValueError:
                        pass
                if text or info.is_required() or typing.get_origin(info.annotation) in (list, dict):
                    result[name] = text
        return result

    def validate(self) -> dict[str, str]:
        """Check the values with the model; show each problem under its field.

        Returns:
            Field name -> one sentence, empty when every value is accepted.
        """
        problems: dict[str, str] = {}
        try:
            self.model.model_validate(self.values())
        except ValidationError as err:
            for detail in err.errors(include_url=False):
                name = str(detail["loc"][0]) if detail["loc"] else ""
                if name in problems or name not in self.editors:
                    continue
                one = CoreValidationError.from_exception_data(
                    err.title,
                    [
                        {
                            "type": detail["type"],
                            "loc": detail["loc"],
                            "input": detail["input"],
                            "ctx": detail.get("ctx", {}),
                        }
                    ],
                )
                if detail["input"] in ("", None) or detail["type"] == "missing":
                    problems[name] = "Required."
                    continue
                problems[name] = self._inline(
                    name, settings_error_sentence(one, self.model, self.title)
                )
        for name, label in self.errors.items():
            message = problems.get(name, "") if self._show_all or name in self._touched else ""
            label.setText(f"⚠ {message}" if message else "")
            label.setVisible(bool(message))
        if self._show_all and any(name in ADVANCED for name in problems):
            self.advanced_toggle.setChecked(True)
        return problems

    def _inline(self, name: str, sentence: str) -> str:
        prefix = f"Setting '{name}' "
        if sentence.startswith(prefix):
            rest = sentence[len(prefix) :]
            return rest[:1].upper() + rest[1:]
        if sentence.startswith(f"Missing setting '{name}'"):
            return "Required."
        return sentence
