"""The source page: a CSV/XLSX file (what was detected, the raw first lines, overrides) or a
platform's list fetched through a connector that can pull (see ``platform_panel``)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from attendee_relay.core import paths
from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources import Source, open_source
from attendee_relay.core.sources.description import (
    ENCODING_NAMES,
    KIND_NAMES,
    describe_source,
    encoding_label,
)
from attendee_relay.ui.import_wizard.platform_panel import PlatformPanel
from attendee_relay.ui.import_wizard.platform_pull import PulledList
from attendee_relay.ui.import_wizard.session import SAMPLE_ROWS, ImportSession
from attendee_relay.ui.resources import is_bundled
from attendee_relay.ui.settings import last_choice, remember_choice
from attendee_relay.ui.tasks import run_in_background

#: Raw lines shown in the preview table (header and anything above it included).
PREVIEW_LINES = 25

DELIMITERS: tuple[tuple[str, str], ...] = (
    ("Comma ( , )", "comma"),
    ("Semicolon ( ; )", "semicolon"),
    ("Tab", "tab"),
    ("Pipe ( | )", "pipe"),
)
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

FILE_SUBTITLE = (
    "A CSV or Excel file with one attendee per row. Attendee Relay detects how it is "
    "written; change any of it below if the preview looks wrong."
)
PLATFORM_SUBTITLE = (
    "Fetch the attendees from a platform through one of your connectors, such as a GEVME "
    "event, then import them into another connector: a sync."
)


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
    """Choose where the attendees come from: a file, or a platform (a pull). Next stays blocked
    until the file reads cleanly, or the platform's list has been fetched and is not empty."""

    def __init__(self, session: ImportSession) -> None:
        super().__init__()
        self._session = session
        self._generation = 0  # results of an older read are ignored
        self._loading = False
        self._file: tuple[Path, _Loaded] | None = None  # the file read last, kept across modes
        self._pulled: PulledList | None = None
        self.setTitle("Choose the attendees")
        self.setSubTitle(FILE_SUBTITLE)

        self.file_radio = QRadioButton("From a fi&le")
        self.file_radio.setAccessibleName("From a file")
        self.file_radio.setToolTip("A CSV or Excel file on this computer.")
        self.platform_radio = QRadioButton("From a &platform")
        self.platform_radio.setAccessibleName("From a platform")
        self.platform_radio.setToolTip(
            "Fetch the list from a platform through a saved connector (GEVME, iVvy, "
            "ExpoPlatform …) and import it into another connector."
        )
        self._mode_group = QButtonGroup(self)
        self._mode_group.addButton(self.file_radio)
        self._mode_group.addButton(self.platform_radio)
        self.file_radio.setChecked(True)
        modes = QHBoxLayout()
        modes.addWidget(self.file_radio)
        modes.addWidget(self.platform_radio)
        modes.addStretch(1)

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
        # In the words people know them by ("Central European (Windows)"), not codec names.
        for codec, words in ENCODING_NAMES.items():
            self.encoding_combo.addItem(words, codec)
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
        self.preview_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.preview_table.setAlternatingRowColors(True)

        file_panel = QWidget()
        file_layout = QVBoxLayout(file_panel)
        file_layout.setContentsMargins(0, 0, 0, 0)
        file_layout.addLayout(form)
        file_layout.addWidget(self.detected_label)
        file_layout.addWidget(self.error_label)
        self.platform_panel = PlatformPanel()
        self.platform_panel.pulled.connect(self._pull_done)
        self.platform_panel.cleared.connect(self._pull_cleared)
        self.platform_panel.busyChanged.connect(lambda _busy: self.completeChanged.emit())
        # Shown one at a time (not a QStackedWidget: each panel takes only the height it needs).
        self.file_panel = file_panel
        self.platform_panel.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(modes)
        layout.addWidget(file_panel)
        layout.addWidget(self.platform_panel)
        layout.addWidget(self.preview_table, 1)
        self.file_radio.toggled.connect(self._mode_changed)
        if last_choice("import/source", "file") == "platform":
            self.platform_radio.setChecked(True)

    # ----- choosing ---------------------------------------------------------------------------

    # ----- the source mode --------------------------------------------------------------------

    @property
    def from_platform(self) -> bool:
        """Whether the attendees come from a platform (else from a file)."""
        return self.platform_radio.isChecked()

    @Slot(bool)
    def _mode_changed(self, _checked: bool) -> None:
        platform = self.from_platform
        remember_choice("import/source", "platform" if platform else "file")
        self.file_panel.setVisible(not platform)
        self.platform_panel.setVisible(platform)
        self.setSubTitle(PLATFORM_SUBTITLE if platform else FILE_SUBTITLE)
        if platform and not self.platform_panel.busy and self._pulled is None:
            self.platform_panel.refresh()
        self._show_current()

    def _show_current(self) -> None:
        """Put the current mode's source into the session and its first lines in the table."""
        s = self._session
        if self.from_platform:
            pulled = self._pulled
            s.pulled = pulled
            s.path = pulled.snapshot.path if pulled else None
            s.source = pulled.source if pulled else None
            s.preview = pulled.preview if pulled else []
            s.sample_rows = pulled.sample_rows if pulled else []
            self._fill_preview(s.preview, 1)
        else:
            s.pulled = None
            loaded = self._file[1] if self._file and not self._loading else None
            s.path = self._file[0] if loaded and self._file else None
            s.source = loaded.source if loaded else None
            s.preview = loaded.preview if loaded else []
            s.sample_rows = loaded.sample_rows if loaded else []
            self._fill_preview(s.preview, loaded.source.info.header_row if loaded else 1)
        self.completeChanged.emit()

    @Slot(object)
    def _pull_done(self, pulled: PulledList) -> None:
        self.discard_pull()
        self._pulled = pulled
        if self.from_platform:
            self._show_current()

    @Slot()
    def _pull_cleared(self) -> None:
        self.discard_pull()
        if self.from_platform:
            self._show_current()

    def discard_pull(self) -> None:
        """Delete the fetched list's copy on disk unless an import has taken it over."""
        pulled, self._pulled = self._pulled, None
        if pulled is not None and self._session.run_id is None:
            pulled.discard()

    def shutdown(self) -> None:
        """The wizard is closing: stop a fetch, delete a fetched list nobody imported."""
        self.platform_panel.shutdown()
        self.discard_pull()

    # ----- choosing a file --------------------------------------------------------------------

    def set_file(self, path: Path) -> None:
        """Read ``path`` with everything detected (the overrides go back to Detect)."""
        self.file_radio.setChecked(True)
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
        start = last_choice("import/folder", str(paths.documents_dir()))
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the attendee file",
            start,
            "Attendee lists (*.csv *.txt *.tsv *.xlsx *.xlsm *.xlsb *.xls *.ods);;All files (*)",
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
        self._file = None
        self._show_current()
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
        self._file = (path, loaded)
        if not is_bundled(path):  # the sandbox's sample lives among the app's own files
            remember_choice("import/folder", str(path.parent))
        self._show_detected(loaded.source)
        if not self.from_platform:
            self._show_current()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._file = None
        self.detected_label.setText("")
        self.error_label.setText(str(error))
        self.error_label.show()
        if not self.from_platform:
            self._show_current()

    def _show_detected(self, source: Source) -> None:
        info = source.info
        spreadsheet = info.kind != "csv"
        if spreadsheet:
            what = f"{KIND_NAMES[info.kind]}, sheet “{info.sheet}”"
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.clear()
            for name in info.sheets:
                self.sheet_combo.addItem(name, name)
            self.sheet_combo.setCurrentIndex(max(0, info.sheets.index(info.sheet or "")))
            self.sheet_combo.blockSignals(False)
        else:
            delimiter = _DELIMITER_NAMES.get(info.delimiter or "", repr(info.delimiter))
            encoding = encoding_label(info.encoding or "")
            what = f"CSV text in {encoding}, cells separated by {delimiter}"
            self.encoding_combo.setItemText(0, f"Detect ({encoding})")
            self.delimiter_combo.setItemText(0, f"Detect ({delimiter})")
        self.header_spin.setSpecialValueText(f"Detect ({info.header_row})")
        self.sheet_combo.setEnabled(spreadsheet)
        self.encoding_combo.setEnabled(not spreadsheet)
        self.delimiter_combo.setEnabled(not spreadsheet)
        # The header's reason, repaired and garbled lines: the same sentences as the dry run.
        notes = describe_source(info)[1:]
        self.detected_label.setText(
            "\n".join(
                [
                    f"{what}; column names on row {info.header_row}: {len(info.headers)} columns "
                    f"({', '.join(info.headers[:6])}{'…' if len(info.headers) > 6 else ''}).",
                    *notes,
                ]
            )
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
        if self.from_platform:
            pulled = self._pulled
            return not self.platform_panel.busy and pulled is not None and pulled.count > 0
        return not self._loading and self._file is not None

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
