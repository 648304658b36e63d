"""*Help → About*: the app's version, the Qt it runs on, and where settings, history and logs live;
and *Help → Open log folder*."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from attendee_relay.ui.icons import icon


def app_locations() -> dict[str, Path]:
    """Where the app keeps things, by what a user calls them."""
    from attendee_relay.core import paths

    return {
        "Settings and connectors": paths.config_dir(),
        "History": paths.history_db_path(),
        "Logs and crash reports": paths.log_dir(),
    }


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the desktop's file manager; False when the desktop could not."""
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def open_log_folder() -> bool:
    """*Help → Open log folder*: the log files and crash reports in the file manager."""
    from attendee_relay.core import paths

    return open_folder(paths.log_dir())


class AboutDialog(QDialog):
    """Version, Qt version and the data/config/log paths, each a link that opens its folder.

    Args:
        parent: the window it belongs to.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import PySide6
        from PySide6.QtCore import qVersion

        from attendee_relay import __version__

        self.setWindowTitle("About Attendee Relay")
        self.setWindowIcon(icon("app"))
        layout = QVBoxLayout(self)

        header = QLabel(self)
        header.setPixmap(icon("app").pixmap(64, 64))
        header.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(header)
        title = QLabel(f"<h2>Attendee Relay {__version__}</h2>", self)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        blurb = QLabel(
            "Attendee lists from CSV and Excel files into event platforms: mapped, checked, "
            "exactly once.",
            self,
        )
        blurb.setWordWrap(True)
        blurb.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(blurb)

        form = QFormLayout()
        self.version_label = QLabel(__version__, self)
        self.qt_label = QLabel(f"{qVersion()} (PySide6 {PySide6.__version__})", self)
        self.python_label = QLabel(sys.version.split()[0], self)
        form.addRow("Version:", self.version_label)
        form.addRow("Qt:", self.qt_label)
        form.addRow("Python:", self.python_label)
        self.path_labels: dict[str, QLabel] = {}
        for title_text, path in app_locations().items():
            folder = path if path.is_dir() or not path.suffix else path.parent
            label = QLabel(
                f'<a href="{QUrl.fromLocalFile(str(folder)).toString()}">{path}</a>', self
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextBrowserInteraction
                | Qt.TextInteractionFlag.TextSelectableByMouse
            )
            label.setOpenExternalLinks(True)
            label.setToolTip(f"Open {folder} in the file manager")
            self.path_labels[title_text] = label
            form.addRow(f"{title_text}:", label)
        layout.addLayout(form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.log_button = buttons.addButton(
            "Open &log folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button = buttons.addButton(
            "&Copy details", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.log_button.clicked.connect(open_log_folder)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def details(self) -> str:
        """The dialog's facts as plain text, for a support request."""
        lines = [
            f"Attendee Relay {self.version_label.text()}",
            f"Qt {self.qt_label.text()}",
            f"Python {self.python_label.text()}",
        ]
        lines += [f"{title}: {path}" for title, path in app_locations().items()]
        return "\n".join(lines)

    @Slot()
    def copy_details(self) -> None:
        """Put ``details()`` on the clipboard."""
        QApplication.clipboard().setText(self.details())
