"""Open the import wizard (engineer B's ``ui.import_wizard``), or say plainly why it cannot open."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

IMPORT_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")


def is_importable_file(path: Path) -> bool:
    """Whether a dropped file looks like an attendee list the wizard can read."""
    return path.suffix.lower() in IMPORT_SUFFIXES


def open_import_wizard(
    parent: QWidget | None,
    *,
    initial_file: Path | None = None,
    connector_name: str | None = None,
    on_run_finished: Callable[[int], None] | None = None,
    on_open_history: Callable[[int], None] | None = None,
) -> QWidget | None:
    """Show the import wizard, non-modal; returns it, or None (after telling the user) if the
    import wizard is not part of this build."""
    try:
        module = importlib.import_module("attendee_relay.ui.import_wizard.wizard")
        wizard_class = module.ImportWizard
    except (ImportError, AttributeError) as err:
        log.warning("The import wizard cannot be loaded: %s", err)
        QMessageBox.information(
            parent,
            "Import attendees",
            "The import wizard is not available in this build. Import from the command line "
            "instead: attendee-relay import CONNECTOR FILE.",
        )
        return None
    wizard: QWidget = wizard_class(parent, initial_file=initial_file, connector_name=connector_name)
    if on_run_finished is not None:
        wizard.runFinished.connect(on_run_finished)  # type: ignore[attr-defined]
    if on_open_history is not None and hasattr(wizard, "openHistoryRequested"):
        wizard.openHistoryRequested.connect(on_open_history)
    wizard.show()
    return wizard
