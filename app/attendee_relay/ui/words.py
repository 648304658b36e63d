"""The words the app shows for numbers and states, in one place: counts with their noun in the
right number and the locale's digit grouping; the states' names come from core.glossary, which the
command line shares."""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale

from attendee_relay.core.glossary import plural

#: Secrets' names as their labels read.
SECRET_LABELS = {
    "api_key": "API key",
    "api_secret": "API secret",
    "client_secret": "Client secret",
    "access_token": "Access token",
    "refresh_token": "Refresh token",
}

#: Links a platform returns, by the name it gives them.
LINK_LABELS = {"floorLink": "Attendee's event page"}


def number(value: int) -> str:
    """``value`` with the locale's digit grouping (20,000 / 20 000 / 20.000)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # the C locale groups nothing: read as English
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale.toString(value)


def count(value: int, noun: str) -> str:
    """ "1 row", "2 rows", "20,000 rows": a number and its noun in the right form."""
    return f"{number(value)} {noun if value == 1 else plural(noun)}"


def visible_words(text: str) -> str:
    """A label's text as shown: mnemonic ampersands dropped, "&&" shown as "&" (accessible
    names read the shown words, not the markup)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def secret_label(name: str) -> str:
    return SECRET_LABELS.get(name, humanise(name))


def link_label(name: str) -> str:
    return LINK_LABELS.get(name, humanise(name))


def humanise(key: str) -> str:
    """A code key as words: ``floor_link`` / ``floorLink`` -> "Floor link"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key).replace("_", " ")
    return spaced[:1].upper() + spaced[1:].lower()
