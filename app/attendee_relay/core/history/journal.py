"""OutcomeJournal: each settled outcome appended to a file before its request's slot is freed.

Why: a request counts as in flight until its rows' fate is durable, so that a process killed at
any moment leaves at most ``max_concurrency`` requests of unknown fate (a resume re-sends no
more than that). Against a killed process, durable means handed to the operating system: one
``write()`` to a file, a few microseconds on the event loop. A SQLite commit has to wait for the
history's writer thread (~0.4 ms a request, more while it checkpoints), and waiting for it with
the slot held cost ~4% of the delivery rate. The history still gets every outcome from the
writer thread moments later; the journal only counts when the process dies in between. Then
``read_journal`` (through ``HistoryStore.replay_journal``, before rows left in flight become
uncertain) gives back what the history missed. Like the history's ``synchronous=NORMAL``, it
survives a killed process, not a power cut.

The file: one JSON header line (connector and dedupe scope, which the deliveries table needs),
then one JSON line per settled row. A line cut short by the kill is ignored: its row stays in
flight, which is the safe side (uncertain, settled on resume).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from attendee_relay.core.records import OutcomeKind, RecordOutcome, RowStatus

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def journal_path(db_path: Path, run_id: int) -> Path:
    """The journal of ``run_id`` beside the history database (as SQLite keeps its -wal file)."""
    return db_path.with_name(f"{db_path.name}-run{run_id}.outcomes")


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One row's settled outcome as the engine gave it to the history."""

    outcome: RecordOutcome
    status: RowStatus
    fingerprint: str


@dataclass(frozen=True, slots=True)
class JournalContents:
    connector: str
    scope: str
    entries: list[JournalEntry]


class OutcomeJournal:
    """An open journal for one delivery session. ``append`` as outcomes settle, then ``remove``
    once the history has them all (or ``close`` to keep the file for a later replay)."""

    def __init__(self, path: Path, connector: str, scope: str) -> None:
        self.path = path
        # Truncated: what an earlier session left was replayed before this one started. 0o600:
        # outcomes carry attendees' e-mails.
        self._fd: int | None = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600
        )
        self._write(_ENCODE({"connector": connector, "scope": scope}) + "\n")

    def append(
        self, settled: Sequence[tuple[RecordOutcome, RowStatus]], fingerprints: Mapping[int, str]
    ) -> None:
        """Make ``settled`` survive the process (one ``write()``, as one append)."""
        self._write(
            "".join(
                _ENCODE(
                    [
                        o.row_number,
                        o.kind.value,
                        status.value,
                        o.reason,
                        o.answer,
                        o.links,
                        o.remote_id,
                        fingerprints.get(o.row_number, ""),
                    ]
                )
                + "\n"
                for o, status in settled
            )
        )

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def remove(self) -> None:
        """Close and delete: every outcome is in the history now."""
        self.close()
        self.path.unlink(missing_ok=True)

    def _write(self, text: str) -> None:
        assert self._fd is not None, "the journal is closed"
        data = text.encode()
        # O_APPEND to a regular file writes it all at once; the loop only guards against a
        # short write on a full disk, which then raises on the next round.
        while data:
            data = data[os.write(self._fd, data) :]


def read_journal(path: Path) -> JournalContents | None:
    """What a journal holds (None when there is none), later entries after earlier ones."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    lines = iter(text.splitlines())
    header = _parse(next(lines, ""))
    if not isinstance(header, dict):
        return JournalContents("", "", [])
    return JournalContents(
        str(header.get("connector", "")), str(header.get("scope", "")), list(_entries(lines))
    )


def _entries(lines: Iterator[str]) -> Iterator[JournalEntry]:
    for line in lines:
        item = _parse(line)
        if not isinstance(item, list) or len(item) != 8:
            continue  # cut short by the kill: that row stays in flight (uncertain)
        row, kind, status, reason, answer, links, remote_id, fingerprint = item
        try:
            outcome = RecordOutcome(
                int(row), OutcomeKind(kind), str(reason), str(answer), dict(links), str(remote_id)
            )
            yield JournalEntry(outcome, RowStatus(status), str(fingerprint))
        except (TypeError, ValueError):
            continue


def _parse(line: str) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return None
