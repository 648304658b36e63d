"""Mappings remembered per platform and header set, so a weekly export maps itself next week.

A mapping the coordinator chose (``--mapping`` on the command line, or confirmed in the wizard)
is remembered once an import with it delivered rows. The key is a fingerprint of the file's
normalised headers, in any order: the same export with "E-Mail" spelt "E-mail" next week, or
its columns moved, is the same header set. The files live in the config dir, beside templates.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

from attendee_relay.core import paths
from attendee_relay.core.errors import InputError
from attendee_relay.core.mapping.headers import header_key
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry

log = logging.getLogger(__name__)

_SAFE_PLATFORM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def header_fingerprint(headers: Sequence[str]) -> str:
    """The same text for the same set of normalised headers, whatever their order."""
    keys = sorted({header_key(h) for h in headers} - {""})
    return hashlib.sha256("\x1f".join(keys).encode("utf-8")).hexdigest()[:24]


def _path(platform: str, headers: Sequence[str], *, create: bool = False) -> Path:
    """Where the mapping for ``platform`` and ``headers`` is kept; its folder is made (owner-
    only) when ``create``, and only then: looking one up writes nothing."""
    folder = "".join(ch if ch in _SAFE_PLATFORM else "_" for ch in platform.lower()) or "_"
    where = paths.remembered_dir(folder) if create else paths.config_dir() / "remembered" / folder
    return where / f"{header_fingerprint(headers)}.json"


def remember_mapping(mapping: FieldMapping, headers: Sequence[str]) -> Path | None:
    """Remember ``mapping`` for its platform and ``headers``; None if it could not be written.

    Entries lose their "auto" mark: the coordinator used them, so they are no guesses now.
    Failing to remember never fails the import that delivered: it is logged and skipped.
    """
    confirmed = {
        name: entry.model_copy(update={"auto": False}) for name, entry in mapping.fields.items()
    }
    try:
        path = _path(mapping.platform, headers, create=True)
        mapping.model_copy(update={"fields": confirmed}).save(path)
    except OSError as err:
        log.warning(
            "Could not remember the mapping in %s: %s", err.filename or "", err.strerror or err
        )
        return None
    return path


def recall_mapping(platform: str, headers: Sequence[str]) -> FieldMapping | None:
    """The mapping remembered for ``platform`` and this header set, with its columns renamed to
    this file's spelling of them; None if there is none, or it reads a column this file lacks."""
    path = _path(platform, headers)
    if not path.is_file():
        return None
    try:
        mapping = FieldMapping.load(path)
    except InputError as err:
        log.warning("Ignoring a damaged remembered mapping: %s", err)
        return None
    if mapping.platform != platform:
        return None
    exact = set(headers)
    by_key: dict[str, str | None] = {}
    for header in headers:
        key = header_key(header)
        by_key[key] = None if key in by_key else header  # two spellings of one key: ambiguous

    def here(column: str) -> str | None:
        return column if column in exact else by_key.get(header_key(column))

    fields: dict[str, MappingEntry] = {}
    for name, entry in mapping.fields.items():
        columns = [here(c) for c in entry.source_columns()]
        if any(c is None for c in columns):
            return None
        if entry.column is not None:
            fields[name] = entry.model_copy(update={"column": columns[0]})
        elif entry.columns is not None:
            fields[name] = entry.model_copy(update={"columns": columns})
        else:
            fields[name] = entry  # a fixed value
    return mapping.model_copy(update={"fields": fields})
