"""The app's QSettings: one INI file in the config dir, so tests (private XDG dirs) never touch a
real user's settings. Geometry and last choices are remembered through these helpers."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from attendee_relay.core import paths

ORGANISATION = "Attendee Relay"
APPLICATION = "attendee-relay"


def configure_settings() -> None:
    """Point QSettings at the config dir; call once the QApplication exists (and in tests)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(paths.config_dir())
    )


def app_settings() -> QSettings:
    """The app's settings object (cheap: create one per use)."""
    configure_settings()
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def restore_geometry(widget: QWidget, key: str) -> bool:
    """Restore ``widget``'s saved geometry; False when there was none."""
    value = app_settings().value(f"geometry/{key}")
    if isinstance(value, QByteArray | bytes) and value:
        return bool(widget.restoreGeometry(QByteArray(value)))
    return False


def save_geometry(widget: QWidget, key: str) -> None:
    """Remember ``widget``'s geometry under ``key``."""
    app_settings().setValue(f"geometry/{key}", widget.saveGeometry())


def last_choice(key: str, default: str = "") -> str:
    """A remembered choice (last connector, last folder, ...)."""
    value = app_settings().value(f"choices/{key}", default)
    return str(value) if value is not None else default


def remember_choice(key: str, value: str) -> None:
    """Remember a choice for next time."""
    app_settings().setValue(f"choices/{key}", value)
