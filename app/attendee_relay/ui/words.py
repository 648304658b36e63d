"""The words the app shows for numbers and states, in one place: counts with their noun in the
right number and the locale's digit grouping, and the glossary of run and row states."""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale

#: A run's state as a coordinator reads it (the history stores the keys).
RUN_STATUS = {
    "preparing": "Preparing",
    "ready": "Ready",
    "running": "Running",
    "interrupted": "Interrupted (can be resumed)",
    "stopped": "Stopped (can be resumed)",
    "completed": "Completed",
    "completed_with_errors": "Completed with errors",
}

#: A row's state as a coordinator reads it.
ROW_STATUS = {
    "pending": "Not sent yet",
    "in_flight": "Being sent",
    "delivered": "Delivered",
    "refused": "Refused",
    "failed": "Failed",
    "uncertain": "Uncertain",
    "skipped": "Skipped",
}

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

#: Nouns whose plural is not the noun + "s".
_PLURALS = {"entry": "entries", "category": "categories", "try": "tries"}


def number(value: int) -> str:
    """``value`` with the locale's digit grouping (20,000 / 20 000 / 20.000)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # the C locale groups nothing: read as English
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale.toString(value)


def count(value: int, noun: str) -> str:
    """ "1 row", "2 rows", "20,000 rows": a number and its noun in the right form."""
    return f"{number(value)} {noun if value == 1 else plural(noun)}"


def plural(noun: str) -> str:
    last = noun.rsplit(" ", 1)[-1]
    return noun[: len(noun) - len(last)] + _PLURALS.get(last, last + "s")


def run_status(status: str) -> str:
    """A run's state in words; an unknown one is still shown without underscores."""
    return RUN_STATUS.get(status, status.replace("_", " ").capitalize())


def row_status(status: str) -> str:
    return ROW_STATUS.get(status, status.replace("_", " ").capitalize())


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
