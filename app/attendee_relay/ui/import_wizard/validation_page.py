"""The validation page: a dry run of the prepare step off the GUI thread; counts and refused rows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from attendee_relay.core.history import HistoryStore
from attendee_relay.core.importing import PreparedImport, prepare_import
from attendee_relay.ui.import_wizard.refusals import write_refused_rows
from attendee_relay.ui.import_wizard.session import ImportSession
from attendee_relay.ui.settings import last_choice, remember_choice
from attendee_relay.ui.tasks import run_in_background
from attendee_relay.ui.words import count, number


class ValidationPage(QWizardPage):
    """Check every row without recording anything. Next needs at least one row to send."""

    def __init__(self, session: ImportSession) -> None:
        super().__init__()
        self._session = session
        self._generation = 0
        self.result: PreparedImport | None = None
        self.setTitle("Check the rows")
        self.setSubTitle(
            "Every row is mapped and checked as the import will do it. Nothing is sent yet."
        )
        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Check results")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refused_table = QTableWidget(0, 2)
        self.refused_table.setAccessibleName("Refused rows")
        self.refused_table.setHorizontalHeaderLabels(["Row", "Why it is refused"])
        self.refused_table.verticalHeader().hide()
        self.refused_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.refused_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.refused_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.refused_table.setWordWrap(True)
        self.export_button = QPushButton("&Export refused rows…")
        self.export_button.setAccessibleName("Export refused rows")
        self.export_button.setToolTip("Save every refused row with its reason as a CSV to fix.")
        self.export_button.clicked.connect(self._ask_export_path)
        self.export_label = QLabel()
        self.export_label.setAccessibleName("Export status")
        self.export_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.export_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.refused_table, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        s = self._session
        assert s.loaded is not None and s.source is not None and s.mapping is not None
        loaded, source, mapping = s.loaded, s.source, s.mapping
        self._generation += 1
        generation = self._generation
        self.result = None
        self.refused_table.setRowCount(0)
        self.export_button.setEnabled(False)
        self.export_label.setText("")
        self.summary_label.setText(f"Checking the rows of {s.source_label}…")
        self.completeChanged.emit()

        def dry_run() -> PreparedImport:  # on a worker thread, with its own store
            store = HistoryStore()
            try:
                return prepare_import(
                    connector=loaded.connector,
                    connector_name=loaded.name,
                    source=source,
                    mapping=mapping,
                    store=store,
                    settings=loaded.connector.settings.model_dump(mode="json"),
                    secrets=loaded.secrets,
                    dry_run=True,
                )
            finally:
                store.close()

        run_in_background(
            dry_run,
            lambda result: self._checked(generation, result),
            lambda error: self._failed(generation, error),
            owner=self,
        )

    def _checked(self, generation: int, result: PreparedImport) -> None:
        if generation != self._generation:
            return
        self.result = result
        parts = [
            f"{count(result.total, 'row')}: {number(result.pending)} ready to send",
            f"{number(result.refused)} refused",
            f"{number(result.skipped)} already delivered before (skipped)",
        ]
        text = ", ".join(parts) + "."
        if result.warnings:
            text += (
                f" {count(result.warnings, 'row')} with warnings (they are sent; see the history)."
            )
        if result.refused > len(result.refused_samples):
            text += f" The first {len(result.refused_samples)} refused rows are listed below."
        if not result.pending:
            text += " Nothing is left to send: fix the refused rows or choose another source."
        self.summary_label.setText(text)
        self.refused_table.setRowCount(len(result.refused_samples))
        for index, (row, reason) in enumerate(result.refused_samples):
            row_item = QTableWidgetItem(str(row))
            row_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.refused_table.setItem(index, 0, row_item)
            self.refused_table.setItem(index, 1, QTableWidgetItem(reason))
        self.refused_table.resizeColumnToContents(0)
        self.refused_table.resizeRowsToContents()
        self.export_button.setEnabled(result.refused > 0)
        self.completeChanged.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.summary_label.setText(str(error))
        self.completeChanged.emit()

    # ----- export -----------------------------------------------------------------------------

    @Slot()
    def _ask_export_path(self) -> None:
        s = self._session
        folder = Path(last_choice("import/export_folder", str(s.export_folder)))
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Export refused rows",
            str(folder / f"{s.export_stem} - refused.csv"),
            "CSV files (*.csv)",
        )
        if chosen:
            remember_choice("import/export_folder", str(Path(chosen).parent))
            self.export_refused(Path(chosen))

    def export_refused(self, path: Path) -> None:
        """Write every refused row with its reason to ``path`` (in the background)."""
        s = self._session
        assert s.loaded is not None and s.source is not None and s.mapping is not None
        connector, source, mapping = s.loaded.connector, s.source, s.mapping
        self.export_label.setText(f"Writing {path.name}…")
        run_in_background(
            lambda: write_refused_rows(connector, source, mapping, path),
            lambda saved: self.export_label.setText(
                f"Saved {count(saved, 'refused row')} to {path}."
            ),
            lambda error: self.export_label.setText(str(error)),
            owner=self,
        )

    def isComplete(self) -> bool:
        return self.result is not None and self.result.pending > 0
