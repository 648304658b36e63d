"""Forget personal data: whose (an e-mail address, in every run) or which run's, and the word that
it cannot be undone, asked before anything is erased."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class ForgetDialog(QDialog):
    """Choose what to forget. ``choice()`` is ("email", address) or ("run", run id)."""

    def __init__(self, parent: QWidget | None, run_id: int | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Forget personal data")
        self._run_id = run_id
        self.by_email = QRadioButton("Every row with the &e-mail address (in every run):", self)
        self.email = QLineEdit(self)
        self.email.setAccessibleName("E-mail address to forget")
        self.email.setPlaceholderText("name@example.com")
        self.by_run = QRadioButton(
            f"Every row of &run {run_id}" if run_id is not None else "Every row of the chosen run",
            self,
        )
        self.by_run.setEnabled(run_id is not None)
        self.by_email.setChecked(True)
        warning = QLabel(
            "<b>This cannot be undone.</b> Names, addresses and every other value of those rows "
            "are erased from the history; the counts stay, and so do the marks that keep anyone "
            "from being sent twice.",
            self,
        )
        warning.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.forget_button = self.buttons.addButton(
            "&Forget", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.forget_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.by_email)
        layout.addWidget(self.email)
        layout.addWidget(self.by_run)
        layout.addWidget(warning)
        layout.addWidget(self.buttons)
        self.by_email.toggled.connect(self._update)
        self.email.textChanged.connect(self._update)
        self.email.textEdited.connect(lambda _text: self.by_email.setChecked(True))
        self._update()
        self.email.setFocus()

    def _update(self) -> None:
        self.email.setEnabled(self.by_email.isChecked())
        self.forget_button.setEnabled(
            not self.by_email.isChecked() or "@" in self.email.text().strip()
        )

    def choice(self) -> tuple[str, str | int]:
        if self.by_run.isChecked() and self._run_id is not None:
            return "run", self._run_id
        return "email", self.email.text().strip()
