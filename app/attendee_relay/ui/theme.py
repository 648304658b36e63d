"""Light or dark, as the system is: Qt 6 reports the desktop's colour scheme; where it cannot
tell (a bare X session, some Linux desktops), ``ATTENDEE_RELAY_COLOR_SCHEME=dark|light`` or a
``GTK_THEME`` ending in ``:dark`` decides. The app's own icons stay (their blue reads on both);
disabled controls stay visibly greyed out in the dark palette too."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

SCHEME_ENV = "ATTENDEE_RELAY_COLOR_SCHEME"

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


def system_scheme(app: QApplication) -> Qt.ColorScheme:
    """The desktop's colour scheme, or the environment's word for it when Qt cannot tell."""
    chosen = os.environ.get(SCHEME_ENV, "").strip().lower()
    if chosen in ("dark", "light"):
        return Qt.ColorScheme.Dark if chosen == "dark" else Qt.ColorScheme.Light
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Unknown and os.environ.get("GTK_THEME", "").endswith(":dark"):
        return Qt.ColorScheme.Dark
    return scheme


def dark_palette() -> QPalette:
    """Fusion's colours turned dark, with disabled text and buttons clearly dimmer."""
    palette = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#e6e6e6")
    for role, colour in (
        (_Role.Window, window),
        (_Role.WindowText, text),
        (_Role.Base, base),
        (_Role.AlternateBase, QColor("#26282b")),
        (_Role.ToolTipBase, QColor("#3c3f41")),
        (_Role.ToolTipText, text),
        (_Role.PlaceholderText, QColor("#8c8c8c")),
        (_Role.Text, text),
        (_Role.Button, QColor("#3c3f41")),
        (_Role.ButtonText, text),
        (_Role.BrightText, QColor("#ff6b6b")),
        (_Role.Light, QColor("#4a4d50")),
        (_Role.Midlight, QColor("#3f4245")),
        (_Role.Mid, QColor("#303235")),
        (_Role.Dark, QColor("#151617")),
        (_Role.Shadow, QColor("#000000")),
        (_Role.Highlight, QColor("#3b82c4")),
        (_Role.HighlightedText, QColor("#ffffff")),
        (_Role.Link, QColor("#6cb2f0")),
        (_Role.LinkVisited, QColor("#b59af0")),
    ):
        palette.setColor(role, colour)
    dimmed = QColor("#77797c")
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText, _Role.HighlightedText):
        palette.setColor(_Group.Disabled, role, dimmed)
    palette.setColor(_Group.Disabled, _Role.Button, QColor("#303235"))
    palette.setColor(_Group.Disabled, _Role.Base, window)
    palette.setColor(_Group.Disabled, _Role.Highlight, QColor("#3a4450"))
    return palette


def follow_system_scheme(app: QApplication) -> None:
    """Apply the system's scheme now and whenever the desktop switches it."""

    ours = False  # whether the dark palette is ours (not the desktop's own)

    def apply() -> None:
        nonlocal ours
        dark = system_scheme(app) == Qt.ColorScheme.Dark
        already_dark = app.palette().color(_Role.Window).lightness() < 128
        if dark and not already_dark:
            app.setStyle("Fusion")  # a native style may ignore the palette; Fusion follows it
            app.setPalette(dark_palette())
            ours = True
        elif not dark and ours:
            app.setPalette(app.style().standardPalette())
            ours = False

    apply()
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply())
