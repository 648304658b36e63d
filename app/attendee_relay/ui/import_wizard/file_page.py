"""The file page: choose a CSV/XLSX, see what was detected and the raw first lines, override any of it."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources import Source, open_source
from attendee_relay.ui.import_wizard.session import SAMPLE_ROWS, ImportSession
from attendee_relay.ui.settings import last_choice, remember_choice
from attendee_relay.ui.tasks import run_in_background

#: Raw lines shown in the preview table (header and anything above it included).
PREVIEW_LINES = 25

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "iso-8859-15", "mac-roman")
DELIMITERS: tuple[tuple[str, str], ...] = (
    ("Comma ( , )", "comma"),
    ("Semicolon ( ; )", "semicolon"),
    ("Tab", "tab"),
    ("Pipe ( | )", "pipe"),
)
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True, slots=True)
class _Loaded:
    source: Source
    preview: list[list[str]]
    sample_rows: list[SourceRow]


def _load(
    path: Path, encoding: str | None, delimiter: str | None, sheet: str | None, header: int | None
) -> _Loaded:
    """Open the file and read its first lines (on a worker thread)."""
    source = open_source(
        path, encoding=encoding, delimiter=delimiter, sheet=sheet, header_row=header
    )
    return _Loaded(source, source.preview(PREVIEW_LINES), list(islice(source.rows(), SAMPLE_ROWS)))


class FilePage(QWizardPage):
    """Choose the attendee file. Next stays blocked until the file reads cleanly."""

    def __init__(self, session: ImportSession) -> None:
        super().__init__()
        self._session = session
        self._generation = 0  # results of an older read are ignored
        self._loading = False
        self.setTitle("Choose the attendee file")
        self.setSubTitle(
            "A CSV or Excel file with one attendee per row. Attendee Relay detects how it is "
            "written; change any of it below if the preview looks wrong."
        )

        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File path")
        self.path_edit.setPlaceholderText("Type a path and press Enter, or choose a file")
        self.path_edit.returnPressed.connect(self._path_typed)
        self.browse_button = QPushButton("&Choose file…")
        self.browse_button.setAccessibleName("Choose file")
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.encoding_combo = QComboBox()
        self.encoding_combo.setAccessibleName("Encoding")
        self.encoding_combo.addItem("Detect", None)
        for name in ENCODINGS:
            self.encoding_combo.addItem(name, name)
        self.encoding_combo.setToolTip("How the text is encoded; change it if letters look wrong.")
        self.delimiter_combo = QComboBox()
        self.delimiter_combo.setAccessibleName("Delimiter")
        self.delimiter_combo.addItem("Detect", None)
        for label, key in DELIMITERS:
            self.delimiter_combo.addItem(label, key)
        self.delimiter_combo.setToolTip("The character between cells of a CSV file.")
        self.header_spin = QSpinBox()
        self.header_spin.setAccessibleName("Header row")
        self.header_spin.setRange(0, 1000)
        self.header_spin.setSpecialValueText("Detect")
        self.header_spin.setToolTip(
            "The row that holds the column names, as numbered in the preview."
        )
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Worksheet")
        self.sheet_combo.setToolTip("The worksheet of an Excel file to read.")
        self.sheet_combo.setEnabled(False)
        for combo in (self.encoding_combo, self.delimiter_combo, self.sheet_combo):
            combo.activated.connect(self._reread)
        # Typing "12" must not read the file at "1" first: wait for a pause in the edits.
        self._header_timer = QTimer(self)
        self._header_timer.setSingleShot(True)
        self._header_timer.setInterval(400)
        self._header_timer.timeout.connect(self._reread)
        self.header_spin.valueChanged.connect(self._header_timer.start)

        form = QFormLayout()
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, path_row)
        options = QHBoxLayout()
        for caption, widget in (
            ("&Encoding:", self.encoding_combo),
            ("&Delimiter:", self.delimiter_combo),
            ("&Header row:", self.header_spin),
            ("&Sheet:", self.sheet_combo),
        ):
            buddy = QLabel(caption)
            buddy.setBuddy(widget)
            options.addWidget(buddy)
            options.addWidget(widget, 1)
        form.addRow(options)

        self.detected_label = QLabel()
        self.detected_label.setAccessibleName("What was detected")
        self.detected_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setAccessibleName("Problem with the file")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.preview_table = QTableWidget()
        self.preview_table.setAccessibleName("First lines of the file")
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview_table.setAlternatingRowColors(True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.detected_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.preview_table, 1)

    # ----- choosing ---------------------------------------------------------------------------

    def set_file(self, path: Path) -> None:
        """Read ``path`` with everything detected (the overrides go back to Detect)."""
        self.path_edit.setText(str(path))
        for combo in (self.encoding_combo, self.delimiter_combo):
            combo.setCurrentIndex(0)
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(0)
        self.header_spin.blockSignals(False)
        self.sheet_combo.clear()
        self._read()

    @Slot()
    def _browse(self) -> None:
        start = last_choice("import/folder", str(Path.home()))
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the attendee file",
            start,
            "Attendee lists (*.csv *.txt *.tsv *.xlsx *.xlsm);;All files (*)",
        )
        if chosen:
            remember_choice("import/folder", str(Path(chosen).parent))
            self.set_file(Path(chosen))

    @Slot()
    def _path_typed(self) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.set_file(Path(text).expanduser())

    @Slot()
    def _reread(self) -> None:
        if self.path_edit.text().strip():
            self._read()

    def _read(self) -> None:
        path = Path(self.path_edit.text().strip()).expanduser()
        encoding = self.encoding_combo.currentData()
        delimiter = self.delimiter_combo.currentData()
        sheet = self.sheet_combo.currentData() if self.sheet_combo.count() else None
        header = self.header_spin.value() or None
        self._generation += 1
        generation = self._generation
        self._loading = True
        self._session.source = None
        self.detected_label.setText(f"Reading {path.name}…")
        self.error_label.hide()
        self.completeChanged.emit()
        run_in_background(
            lambda: _load(path, encoding, delimiter, sheet, header),
            lambda loaded: self._loaded(generation, path, loaded),
            lambda error: self._failed(generation, error),
            owner=self,
        )

    # ----- results (GUI thread) ---------------------------------------------------------------

    def _loaded(self, generation: int, path: Path, loaded: _Loaded) -> None:
        if generation != self._generation:
            return
        self._loading = False
        s = self._session
        s.path, s.source, s.preview, s.sample_rows = path, loaded.source, loaded.preview, []
        s.sample_rows = loaded.sample_rows
        info = loaded.source.info
        remember_choice("import/folder", str(path.parent))
        self._show_detected()
        self._fill_preview(loaded.preview, info.header_row)
        self.completeChanged.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._session.source = None
        self.detected_label.setText("")
        self.error_label.setText(str(error))
        self.error_label.show()
        self.preview_table.clear()
        self.preview_table.setRowCount(0)
        self.preview_table.setColumnCount(0)
        self.completeChanged.emit()

    def _show_detected(self) -> None:
        source = self._session.source
        assert source is not None
        info = source.info
        if info.kind == "xlsx":
            what = f"Excel workbook, sheet “{info.sheet}”"
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.clear()
            for name in info.sheets:
                self.sheet_combo.addItem(name, name)
            self.sheet_combo.setCurrentIndex(max(0, info.sheets.index(info.sheet or "")))
            self.sheet_combo.blockSignals(False)
        else:
            delimiter = _DELIMITER_NAMES.get(info.delimiter or "", repr(info.delimiter))
            what = f"CSV text in {info.encoding}, cells separated by {delimiter}"
            self.encoding_combo.setItemText(0, f"Detect ({info.encoding})")
            self.delimiter_combo.setItemText(0, f"Detect ({delimiter})")
        self.header_spin.setSpecialValueText(f"Detect ({info.header_row})")
        self.sheet_combo.setEnabled(info.kind == "xlsx")
        self.encoding_combo.setEnabled(info.kind == "csv")
        self.delimiter_combo.setEnabled(info.kind == "csv")
        self.detected_label.setText(
            f"{what}; column names on row {info.header_row}: {len(info.headers)} columns "
            f"({', '.join(info.headers[:6])}{'…' if len(info.headers) > 6 else ''})."
        )

    def _fill_preview(self, lines: list[list[str]], header_row: int) -> None:
        table = self.preview_table
        width = max((len(line) for line in lines), default=0)
        table.clear()
        table.setRowCount(len(lines))
        table.setColumnCount(width)
        table.setHorizontalHeaderLabels([_column_letter(i) for i in range(width)])
        table.setVerticalHeaderLabels([str(i + 1) for i in range(len(lines))])
        bold = QFont(table.font())
        bold.setBold(True)
        for r, line in enumerate(lines):
            for c, cell in enumerate(line):
                item = QTableWidgetItem(cell)
                if r + 1 == header_row:
                    item.setFont(bold)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()

    # ----- QWizardPage ------------------------------------------------------------------------

    def isComplete(self) -> bool:
        return not self._loading and self._session.source is not None

    @property
    def error_text(self) -> str:
        """The message shown for an unreadable file ('' when the file is fine)."""
        return self.error_label.text() if not self.error_label.isHidden() else ""


def _column_letter(index: int) -> str:
    """Spreadsheet column name: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name
