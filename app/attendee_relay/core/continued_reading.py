"""Going on reading the source of a run that was stopped while still reading it.

A run is created before its file is read, and rows go into the history a chunk at a time with
the run's reading mark (``last_row_read``). A run killed part-way holds only the rows it had
read; delivering just those and calling the run complete would lose the rest of the file
without a word. So a resume reads on first: the same file, read the same way, from the row
after the mark. If the file has changed or is gone, the rest cannot be read safely: the run is
marked ``partly_read`` and the user is told how many rows it holds and how to import the file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from attendee_relay.core.connector_api import Connector
from attendee_relay.core.errors import InputError
from attendee_relay.core.glossary import count_of
from attendee_relay.core.history import HistoryStore, RunInfo
from attendee_relay.core.history.problems import explain
from attendee_relay.core.history.store import RUN_PARTLY_READ
from attendee_relay.core.importing import (
    PreparedImport,
    checkers,
    earlier_deliveries,
    prepared_rows,
)
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.sources import Source, file_sha256, open_source


class SourceChanged(InputError):
    """The rest of a run's source cannot be read: the file changed or is gone since the run."""


@dataclass(frozen=True, slots=True)
class ReadingContinued:
    """What a resume read: ``rows`` more rows after row ``after``."""

    after: int
    rows: int
    refused: int
    skipped: int


def continue_reading(
    store: HistoryStore, run_id: int, connector: Connector
) -> ReadingContinued | None:
    """Read the rest of the run's source into the history; None if it was read to its end.

    Raises:
        SourceChanged: the file is gone or differs from the one the run started reading; the
            run is then ``partly_read`` and will not deliver anything more.
        InputError: the file cannot be read any more (a sentence says why).
    """
    info = store.get_run(run_id)
    if info.fully_read:
        return None
    path = Path(info.source_path)
    problem = _why_unreadable(info, path)
    source = None if problem else _reopen(info, path)
    if source is not None and source.info.headers != info.headers:
        problem = "its columns are not the ones it had"
    if problem or source is None:
        message = _stopped_message(info, problem or "it cannot be read the same way")
        store.set_run_status(run_id, RUN_PARTLY_READ, message)
        # Nothing more will be sent by this run (unless its file comes back as it was): the
        # people it had claimed are free for the new import its message asks for.
        store.release_claims(run_id, keep_unsettled=False)
        raise SourceChanged(message)
    try:
        rows, refused, skipped = _read_on(store, run_id, info, connector, source)
    except sqlite3.Error as err:
        raise explain(err, store.path, file_bytes=info.source_size, run_id=run_id) from err
    return ReadingContinued(info.last_row_read, rows, refused, skipped)


def _read_on(
    store: HistoryStore, run_id: int, info: RunInfo, connector: Connector, source: Source
) -> tuple[int, int, int]:
    """Add the rows after the reading mark; (rows read, refused, skipped)."""
    store.claim_reading(run_id)
    mapping = FieldMapping.from_json(info.mapping_json)
    mapper, validator = checkers(connector, mapping, source.info.headers)
    counted = PreparedImport(run_id=run_id)
    force = bool(info.reading.get("force", False))
    turned = store.add_rows(
        run_id,
        prepared_rows(
            counted,
            source=source,
            mapper=mapper,
            validator=validator,
            connector=connector,
            earlier=earlier_deliveries(
                store,
                connector,
                info.connector,
                force=force,
                resend_changed=bool(info.reading.get("resend_changed", False)),
            ),
            keep=True,
            read_before=info.last_row_read,
        ),
        force=force,
    )
    store.finish_reading(run_id)
    return counted.total, counted.refused, counted.skipped + turned


def _why_unreadable(info: RunInfo, path: Path) -> str:
    """Why the rest of the source cannot be read as it was, or "" if it can."""
    if not info.source_path or not path.is_file():
        return "it is no longer there"
    if info.source_size >= 0 and path.stat().st_size != info.source_size:
        return "it has changed since"
    if info.source_sha256 and file_sha256(path) != info.source_sha256:
        return "it has changed since"
    return ""


def _reopen(info: RunInfo, path: Path) -> Source:
    """The file opened as the run first read it (its recorded encoding, delimiter, sheet and
    header row; detected again for runs recorded before these were kept)."""
    reading = info.reading

    def text(key: str) -> str | None:
        value = reading.get(key)
        return value if isinstance(value, str) and value else None

    header_row = reading.get("header_row")
    return open_source(
        path,
        encoding=text("encoding"),
        delimiter=text("delimiter"),
        sheet=text("sheet"),
        header_row=header_row if isinstance(header_row, int) else None,
    )


def _stopped_message(info: RunInfo, why: str) -> str:
    name = info.source_name or Path(info.source_path).name or "its file"
    held = info.rows_read
    read = (
        f"after {count_of(held, 'row')} (up to row {info.last_row_read:,}); the "
        "rows after that were never read"
        if held
        else "before it had read a row; its rows were never read"
    )
    return (
        f"Run {info.run_id} was stopped while reading {name}, {read}, and {why}, so this run "
        f"cannot read them. Import the file again as a new run (attendee-relay import "
        f"{info.connector} FILE): rows already delivered are skipped."
    )
