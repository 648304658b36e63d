"""The mapping page: a row per platform field, filled from a column, a fixed value or a transform.

Sample values come from compiling the mapping (the core's ``compile_mapping``) and running it on
the first rows of the file, so what is shown is exactly what would be sent.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from attendee_relay.core.errors import InputError
from attendee_relay.core.fields import TargetField
from attendee_relay.core.mapping.automatch import unmapped_columns
from attendee_relay.core.mapping.compile import compile_mapping
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry, Transform
from attendee_relay.core.mapping.report import FieldMatch, MatchHow, MatchReport
from attendee_relay.core.mapping.suggest import explain_chosen, suggest_mapping
from attendee_relay.core.mapping.templates import list_templates, load_template, save_template
from attendee_relay.ui.import_wizard.session import ImportSession
from attendee_relay.ui.tasks import run_in_background

#: Rows whose mapped values are shown as samples.
SAMPLE_COUNT = 3

#: Unmapped columns listed by name under the table (a wide export has hundreds).
UNMAPPED_SHOWN = 12

COL_FIELD, COL_SOURCE, COL_CONSTANT, COL_TRANSFORM, COL_SAMPLE, COL_MATCH = range(6)
HEADERS = ("Platform field", "Fill from", "Fixed value", "Transform", "Sample values", "Match")

TRANSFORM_LABELS = {
    Transform.TRIM: "tidy spaces",
    Transform.LOWER: "lower case",
    Transform.UPPER: "UPPER CASE",
    Transform.JOIN: "join columns",
    Transform.FIRST_NAME: "first name of a full name",
    Transform.LAST_NAME: "last name of a full name",
    Transform.PHONE_E164: "phone as +countrycode…",
    Transform.COUNTRY_ALPHA2: "country as 2-letter code",
    Transform.SPLIT_LIST: "split into a list",
}

# The "Fill from" choices carry plain strings: Qt variants do not compare Python tuples.
_UNMAPPED = "none"
_CONSTANT = "constant"
_COLUMNS = "columns"  # several columns joined, as auto-match makes a full name
_COLUMN = "column:"  # + the header


class MappingPage(QWizardPage):
    """Edit the mapping. Next stays blocked, with a message, while a required field is unmapped."""

    def __init__(self, session: ImportSession) -> None:
        super().__init__()
        self._session = session
        self._fields: list[TargetField] = []
        self._key: tuple[object, ...] | None = None  # what the table was built for
        self._building = False
        self._problem = ""
        self._matches: dict[str, tuple[FieldMatch, MappingEntry]] = {}  # as matched, for badges
        self._fresh = False  # "Match afresh" asked to ignore the remembered mapping
        self.setTitle("Match the columns to the platform's fields")
        self.setSubTitle(
            "Fields marked * are required. Match says how each field was found and how sure "
            "that is (point at it for why). Sample values show what will be sent for the "
            "first rows."
        )
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Field mapping")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes to the next control, not the next cell
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_SAMPLE, QHeaderView.ResizeMode.Stretch)

        self.message_label = QLabel()
        self.message_label.setAccessibleName("Mapping problem")
        self.message_label.setWordWrap(True)

        self.remembered_label = QLabel(
            "Mapped as last time: these same columns were imported with this mapping before."
        )
        self.remembered_label.setAccessibleName("Remembered mapping")
        self.remembered_label.setWordWrap(True)
        self.fresh_button = QPushButton("Match a&fresh")
        self.fresh_button.setToolTip("Ignore last time's mapping and match the columns again.")
        self.fresh_button.clicked.connect(self._match_afresh)
        self.unmapped_label = QLabel()
        self.unmapped_label.setAccessibleName("Unmapped columns")
        self.unmapped_label.setWordWrap(True)
        self.unmapped_label.setTextFormat(Qt.TextFormat.PlainText)

        self.country_edit = QLineEdit()
        self.country_edit.setAccessibleName("Default country")
        self.country_edit.setMaxLength(2)
        self.country_edit.setPlaceholderText("e.g. DE")
        self.country_edit.setToolTip(
            "Two-letter country for phone numbers written without +countrycode."
        )
        self.country_edit.setMaximumWidth(60)
        self.country_edit.editingFinished.connect(self._country_changed)

        self.extra_edit = QLineEdit()
        self.extra_edit.setAccessibleName("Extra platform field")
        self.extra_edit.setPlaceholderText("e.g. response[123]")
        self.extra_edit.setToolTip(
            "A field the platform accepts beyond the list, such as the answers to a custom "
            "question of a 10times event: response[<question id>]."
        )
        self.extra_edit.returnPressed.connect(self._add_extra)
        self.add_extra_button = QPushButton("&Add field")
        self.add_extra_button.setAccessibleName("Add extra field")
        self.add_extra_button.clicked.connect(self._add_extra)

        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName("Saved templates")
        self.template_combo.setMinimumContentsLength(12)
        self.load_template_button = QPushButton("&Load template")
        self.load_template_button.setAccessibleName("Load template")
        self.load_template_button.clicked.connect(self._load_template)
        self.template_name_edit = QLineEdit()
        self.template_name_edit.setAccessibleName("Template name")
        self.template_name_edit.setPlaceholderText("Template name")
        self.save_template_button = QPushButton("&Save as template")
        self.save_template_button.setAccessibleName("Save template")
        self.save_template_button.clicked.connect(self._save_template)
        self.template_status = QLabel()
        self.template_status.setAccessibleName("Template status")

        extras = QHBoxLayout()
        country_label = QLabel("Default &country:")
        country_label.setBuddy(self.country_edit)
        extras.addWidget(country_label)
        extras.addWidget(self.country_edit)
        extras.addSpacing(12)
        extra_label = QLabel("Add &field:")
        extra_label.setBuddy(self.extra_edit)
        extras.addWidget(extra_label)
        extras.addWidget(self.extra_edit, 1)
        extras.addWidget(self.add_extra_button)
        templates = QHBoxLayout()
        template_label = QLabel("&Templates:")
        template_label.setBuddy(self.template_combo)
        templates.addWidget(template_label)
        templates.addWidget(self.template_combo, 1)
        templates.addWidget(self.load_template_button)
        templates.addSpacing(12)
        templates.addWidget(self.template_name_edit, 1)
        templates.addWidget(self.save_template_button)
        remembered = QHBoxLayout()
        remembered.addWidget(self.remembered_label, 1)
        remembered.addWidget(self.fresh_button)
        self.remembered_label.hide()
        self.fresh_button.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(remembered)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.unmapped_label)
        layout.addWidget(self.message_label)
        layout.addLayout(extras)
        layout.addLayout(templates)
        layout.addWidget(self.template_status)

    # ----- building ---------------------------------------------------------------------------

    def initializePage(self) -> None:
        s = self._session
        assert s.source is not None and s.loaded is not None
        key = (s.loaded.name, s.path, tuple(s.source.info.headers))
        if key == self._key and s.mapping is not None:
            return  # back and forth keeps the user's edits
        self._key = key
        connector = s.loaded.connector
        fields = self._fields = connector.target_fields()
        headers, rows = s.source.info.headers, s.sample_rows[:SAMPLE_COUNT]
        values = [row.values for row in s.sample_rows]
        mapping = s.mapping
        if mapping is not None and mapping.platform != connector.platform:
            mapping = None
        fresh, self._fresh = self._fresh, False
        self._refresh_templates()
        self.table.setRowCount(0)
        s.mapping = None
        self._show_problem("Matching the columns to the fields…")

        def guess() -> MatchReport:  # on a worker thread: matching is tens of milliseconds
            if mapping is not None:
                report = explain_chosen(mapping, headers, values, MatchHow.TEMPLATE)
            else:
                report = suggest_mapping(
                    headers,
                    fields,
                    connector.platform,
                    rows=values,
                    fresh=fresh,
                    accepts_extra=connector.accepts_extra_field,
                )
            try:  # a first run loads the phone and country tables off the GUI thread
                guessed = report.mapping
                mapper = compile_mapping(guessed, headers, fields, connector.accepts_extra_field)
                for row in rows:
                    mapper(row)
            except InputError:
                pass  # shown once the table is there
            return report

        run_in_background(guess, lambda m: self._guessed(key, m), self._guess_failed, owner=self)

    def _guessed(self, key: tuple[object, ...], report: MatchReport) -> None:
        if key == self._key:
            self._apply_report(report)

    def _guess_failed(self, error: BaseException) -> None:
        self._show_problem(str(error))

    def _apply_report(self, report: MatchReport) -> None:
        """Show a matched mapping with a badge per field saying how it was matched."""
        mapping = report.mapping
        self._matches = {
            name: (match, mapping.fields[name]) for name, match in report.matches.items()
        }
        self.remembered_label.setVisible(report.remembered)
        self.fresh_button.setVisible(report.remembered)
        self._apply_mapping(mapping)
        self._order_tabs()
        self._take_focus()

    def _order_tabs(self) -> None:
        """Tab in the order things are drawn: the rows' controls are made after the controls
        below the table, so by default Tab would jump from the last of those back up."""
        cells = [
            widget
            for row in range(self.table.rowCount())
            for column in (COL_SOURCE, COL_CONSTANT, COL_TRANSFORM)
            if (widget := self.table.cellWidget(row, column)) is not None
        ]
        order = [
            self.fresh_button,
            self.table,
            *cells,
            self.country_edit,
            self.extra_edit,
            self.add_extra_button,
            self.template_combo,
            self.load_template_button,
            self.template_name_edit,
            self.save_template_button,
        ]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    def _take_focus(self) -> None:
        """The keyboard to the first field once the match is in: it was still on the page
        before (hidden now), and Tab from a hidden widget never comes back round."""
        focus = QApplication.focusWidget()
        if not self.isVisible() or (focus is not None and focus.isVisible()):
            return
        first = self.table.cellWidget(0, COL_SOURCE) if self.table.rowCount() else None
        (first or self.table).setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _match_afresh(self) -> None:
        self._fresh = True
        self._key = None
        self._session.mapping = None
        self.initializePage()

    def _apply_mapping(self, mapping: FieldMapping) -> None:
        """Show ``mapping``: one row per declared field, plus its extra targets."""
        self._session.mapping = mapping
        self._building = True
        self.table.setRowCount(0)
        self.country_edit.setText(mapping.default_country or "")
        names = [f.name for f in self._fields]
        for field in self._fields:
            self._add_row(field)
        for target in mapping.fields:
            if target not in names:
                self._add_row(TargetField(name=target, label=target, help="Added by hand."))
        self._building = False
        self.table.resizeColumnsToContents()
        self._show_constant_column()
        self._refresh()

    def _add_row(self, field: TargetField) -> None:
        mapping = self._session.mapping
        assert mapping is not None and self._session.source is not None
        entry = mapping.fields.get(field.name)
        row = self.table.rowCount()
        self.table.insertRow(row)
        label = QTableWidgetItem(f"{field.label} *" if field.required else field.label)
        label.setData(Qt.ItemDataRole.UserRole, field.name)
        label.setToolTip(field.help or field.label)
        if field.required:
            font = QFont(label.font())
            font.setBold(True)
            label.setFont(font)
        self.table.setItem(row, COL_FIELD, label)

        source = QComboBox()
        source.setAccessibleName(f"Fill {field.label} from")
        source.setToolTip(field.help or field.label)
        source.addItem("— not mapped —", _UNMAPPED)
        source.addItem("Fixed value", _CONSTANT)
        for header in self._session.source.info.headers:
            source.addItem(f"Column: {header}", _COLUMN + header)
        if entry is not None and entry.columns is not None:
            source.addItem("Columns: " + " + ".join(entry.columns), _COLUMNS)
        constant = QLineEdit()
        constant.setAccessibleName(f"Fixed value for {field.label}")
        transform = QComboBox()
        transform.setAccessibleName(f"Transform for {field.label}")
        transform.addItem("none", [])
        for step, text in TRANSFORM_LABELS.items():
            transform.addItem(text, [step.value])
        if entry is not None:
            if entry.constant is not None:
                source.setCurrentIndex(1)
                constant.setText(entry.constant)
            elif entry.column is not None:
                source.setCurrentIndex(max(0, source.findData(_COLUMN + entry.column)))
            else:
                source.setCurrentIndex(source.count() - 1)
            if len(entry.transforms) == 1:
                only = entry.transforms[0]
                transform.setCurrentIndex(max(0, transform.findText(TRANSFORM_LABELS[only])))
            elif entry.transforms:
                text = " + ".join(TRANSFORM_LABELS[t] for t in entry.transforms)
                transform.addItem(text, [t.value for t in entry.transforms])
                transform.setCurrentIndex(transform.count() - 1)
        constant.setEnabled(source.currentData() == _CONSTANT)
        self.table.setCellWidget(row, COL_SOURCE, source)
        self.table.setCellWidget(row, COL_CONSTANT, constant)
        self.table.setCellWidget(row, COL_TRANSFORM, transform)
        self.table.setItem(row, COL_SAMPLE, QTableWidgetItem(""))
        match = QTableWidgetItem()
        self.table.setItem(row, COL_MATCH, match)
        self._show_badge(row, field.name, entry)
        source.currentIndexChanged.connect(self._edited)
        transform.currentIndexChanged.connect(self._edited)
        constant.textEdited.connect(self._edited)

    # ----- editing ----------------------------------------------------------------------------

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every row gets all its items when it is added
        return item

    def _name_at(self, row: int) -> str:
        return str(self._item(row, COL_FIELD).data(Qt.ItemDataRole.UserRole))

    def row_of(self, field_name: str) -> int:
        """The table row of ``field_name`` (for tests and screenshots)."""
        for row in range(self.table.rowCount()):
            if self._name_at(row) == field_name:
                return row
        raise KeyError(field_name)

    def source_combo(self, field_name: str) -> QComboBox:
        widget = self.table.cellWidget(self.row_of(field_name), COL_SOURCE)
        assert isinstance(widget, QComboBox)
        return widget

    @Slot()
    def _edited(self) -> None:
        if self._building:
            return
        mapping = self._session.mapping
        assert mapping is not None
        fields: dict[str, MappingEntry] = {}
        for row in range(self.table.rowCount()):
            name = self._name_at(row)
            source = self.table.cellWidget(row, COL_SOURCE)
            constant = self.table.cellWidget(row, COL_CONSTANT)
            transform = self.table.cellWidget(row, COL_TRANSFORM)
            assert isinstance(source, QComboBox) and isinstance(constant, QLineEdit)
            assert isinstance(transform, QComboBox)
            choice = str(source.currentData())
            constant.setEnabled(choice == _CONSTANT)
            steps = [Transform(t) for t in transform.currentData() or []]
            entry = self._entry(choice, constant.text(), steps, mapping.fields.get(name))
            if entry is not None:
                fields[name] = entry
            self._show_badge(row, name, entry)
        self._session.mapping = mapping.model_copy(update={"fields": fields})
        self._show_constant_column()
        self._refresh()

    def _show_constant_column(self) -> None:
        """The "Fixed value" column only while a field is filled with one: empty, it took the
        room the sample values need (they were cut to "Amelia Clark…")."""
        used = any(
            isinstance(widget := self.table.cellWidget(row, COL_SOURCE), QComboBox)
            and widget.currentData() == _CONSTANT
            for row in range(self.table.rowCount())
        )
        self.table.setColumnHidden(COL_CONSTANT, not used)

    @staticmethod
    def _entry(
        choice: str, constant: str, steps: list[Transform], old: MappingEntry | None
    ) -> MappingEntry | None:
        if choice == _UNMAPPED:
            return None
        if choice == _CONSTANT:
            new = MappingEntry(constant=constant, transforms=steps)
        elif choice.startswith(_COLUMN):
            new = MappingEntry(column=choice.removeprefix(_COLUMN), transforms=steps)
        else:
            assert old is not None and old.columns is not None  # the item exists only then
            new = MappingEntry(columns=old.columns, transforms=steps, separator=old.separator)
        if old is not None and old.auto and old.model_copy(update={"auto": False}) == new:
            return old  # untouched guess: keep its "auto" mark and its badge
        return new

    @Slot()
    def _country_changed(self) -> None:
        mapping = self._session.mapping
        if mapping is None:
            return
        text = self.country_edit.text().strip().upper() or None
        try:
            self._session.mapping = FieldMapping.model_validate(
                {**mapping.model_dump(), "default_country": text}
            )
        except ValueError:
            self._show_problem("The default country must be a two-letter code such as DE or US.")
            return
        self._refresh()

    @Slot()
    def _add_extra(self) -> None:
        s = self._session
        assert s.loaded is not None
        name = self.extra_edit.text().strip()
        if not name or s.mapping is None:
            return
        known = {self._name_at(r) for r in range(self.table.rowCount())}
        if name in known:
            self.table.setCurrentCell(self.row_of(name), COL_SOURCE)
            return
        if not s.loaded.connector.accepts_extra_field(name):
            self.template_status.setText(
                f"{s.loaded.connector.title} has no field called “{name}”; check the spelling "
                "(10times custom questions are written response[<question id>])."
            )
            return
        self.template_status.setText("")
        self._building = True
        self._add_row(TargetField(name=name, label=name, help="Added by hand."))
        self._building = False
        self.extra_edit.clear()
        row = self.table.rowCount() - 1
        self.table.scrollToItem(self._item(row, COL_FIELD))
        self.table.cellWidget(row, COL_SOURCE).setFocus()

    # ----- templates --------------------------------------------------------------------------

    def _refresh_templates(self) -> None:
        assert self._session.loaded is not None
        names = list_templates(self._session.loaded.connector.platform)
        self.template_combo.clear()
        self.template_combo.addItems(names)
        self.template_combo.setEnabled(bool(names))
        self.load_template_button.setEnabled(bool(names))

    @Slot()
    def _save_template(self) -> None:
        mapping = self._session.mapping
        if mapping is None:
            return  # still matching
        name = self.template_name_edit.text().strip()
        if not name:
            self.template_status.setText("Type a name for the template, then save it.")
            return
        try:
            save_template(name, mapping)
        except InputError as err:
            self.template_status.setText(str(err))
            return
        self.template_status.setText(f"Saved the template “{name}”.")
        self._refresh_templates()
        self.template_combo.setCurrentText(name)

    @Slot()
    def _load_template(self) -> None:
        s = self._session
        assert s.loaded is not None and s.source is not None
        name = self.template_combo.currentText()
        try:
            mapping = load_template(s.loaded.connector.platform, name)
            compile_mapping(
                mapping,
                s.source.info.headers,
                self._fields,
                s.loaded.connector.accepts_extra_field,
            )
        except InputError as err:
            self.template_status.setText(str(err))
            return
        self.template_status.setText(f"Loaded the template “{name}”.")
        assert s.source is not None
        values = [row.values for row in s.sample_rows]
        self._apply_report(
            explain_chosen(mapping, s.source.info.headers, values, MatchHow.TEMPLATE)
        )

    # ----- samples and completeness -----------------------------------------------------------

    def _refresh(self) -> None:
        s = self._session
        assert s.mapping is not None and s.source is not None and s.loaded is not None
        try:
            mapper = compile_mapping(
                s.mapping,
                s.source.info.headers,
                self._fields,
                s.loaded.connector.accepts_extra_field,
            )
        except InputError as err:
            self._show_problem(str(err))
            return
        records = [mapper(row) for row in s.sample_rows[:SAMPLE_COUNT]]
        self._show_unmapped_columns()
        for row in range(self.table.rowCount()):
            name = self._name_at(row)
            values = [_shown(r.fields.get(name, "")) for r in records]
            cell = self._item(row, COL_SAMPLE)
            cell.setText(" | ".join(values) if any(values) else "")
            cell.setToolTip("\n".join(values))
        missing = self.unmapped_required()
        if missing:
            self._show_problem(
                "Map these required fields before going on: " + ", ".join(missing) + "."
            )
        else:
            self._show_problem("")

    def _show_badge(self, row: int, name: str, entry: MappingEntry | None) -> None:
        """The Match cell: how the field was matched and how sure, while the entry is untouched."""
        cell = self._item(row, COL_MATCH)
        matched = self._matches.get(name)
        if entry is None or matched is None or matched[1] != entry:
            cell.setText("")
            cell.setToolTip("")
            return
        match = matched[0]
        cell.setText(badge_text(match))
        tip = match.reason + (f"\n\n{match.question}" if match.question else "")
        cell.setToolTip(tip)

    def _show_unmapped_columns(self) -> None:
        s = self._session
        assert s.mapping is not None and s.source is not None
        values = [row.values for row in s.sample_rows]
        lines = [
            f"{u.column}: " + (", ".join(f"“{v}”" for v in u.samples) if u.samples else "empty")
            for u in unmapped_columns(s.mapping, s.source.info.headers, values)
        ]
        shown = "; ".join(lines[:UNMAPPED_SHOWN])
        if len(lines) > UNMAPPED_SHOWN:
            shown += f"; and {len(lines) - UNMAPPED_SHOWN} more"
        self.unmapped_label.setText(f"Columns not sent: {shown}." if lines else "")
        self.unmapped_label.setVisible(bool(lines))

    def unmapped_required(self) -> list[str]:
        """Labels of required fields that nothing fills."""
        mapping = self._session.mapping
        if mapping is None:
            return [f.label for f in self._fields if f.required]
        missing = []
        for field in self._fields:
            entry = mapping.fields.get(field.name)
            if field.required and (entry is None or entry.constant == ""):
                missing.append(field.label)
        return missing

    def _show_problem(self, text: str) -> None:
        self._problem = text
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        self.completeChanged.emit()

    @property
    def problem(self) -> str:
        """Why Next is blocked ('' when it is not)."""
        return self._problem

    def isComplete(self) -> bool:
        return self._session.mapping is not None and not self._problem


def badge_text(match: FieldMatch) -> str:
    """The short text of a Match cell: "synonym 90%", "as last time", "check!"."""
    if match.question:
        return "check: values disagree"
    if match.how is MatchHow.REMEMBERED:
        return "as last time"
    if match.how is MatchHow.TEMPLATE:
        return "your mapping"
    return f"{match.how.value} {round(match.confidence * 100)}%"


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
