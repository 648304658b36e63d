"""Icons that stay sharp on high-DPI screens: the desktop theme's icon when there is one, else a
bundled SVG (vector, so Qt renders it at any device pixel ratio)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from attendee_relay.ui.resources import icon_path

# Our icon name -> the freedesktop theme name tried first.
_THEME_NAMES = {
    "import": "document-import",
    "send": "mail-send",
    "add": "list-add",
    "history": "document-open-recent",
    "edit": "document-edit",
    "duplicate": "edit-copy",
    "remove": "edit-delete",
    "refresh": "view-refresh",
    "sandbox": "applications-science",
}


@cache
def icon(name: str) -> QIcon:
    """The icon ``name``; status icons (``ok``, ``failing``, ``untested``) are always ours so
    their colours mean the same on every desktop."""
    fallback = QIcon(str(icon_path(name)))
    theme = _THEME_NAMES.get(name)
    if theme and QIcon.hasThemeIcon(theme):
        return QIcon.fromTheme(theme, fallback)
    return fallback
