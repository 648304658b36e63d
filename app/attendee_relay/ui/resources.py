"""Where the app's bundled files are: the sample CSV and the icons, installed as package data."""

from __future__ import annotations

from pathlib import Path

import attendee_relay

#: ``app/attendee_relay/resources``: shipped inside the package so a pip install has it too.
PACKAGE_RESOURCES = Path(attendee_relay.__file__).parent / "resources"


def sample_csv_path() -> Path:
    """The sample attendee list (31 rows, one with an invalid e-mail on purpose)."""
    return PACKAGE_RESOURCES / "sample_attendees.csv"


def is_bundled(path: Path) -> bool:
    """Whether ``path`` is one of the app's own files (the sample list): never a folder to
    remember for the person's next file."""
    return path.resolve().is_relative_to(PACKAGE_RESOURCES.resolve())


def icon_path(name: str) -> Path:
    """The SVG file of the bundled icon ``name`` (``import``, ``send``, ``add``, ...)."""
    return PACKAGE_RESOURCES / "icons" / f"{name}.svg"
