"""DeliveryJournal: what the engine does to a row, durable the moment it is done.

Why: a request counts as in flight from just before it leaves until its rows' fate survives the
process, so that a process killed at any moment leaves at most ``max_concurrency`` requests of
unknown fate (a resume re-sends no more than that). Against a killed process, durable means
handed to the operating system: one ``write()`` to a file, a few microseconds on the event loop.
A SQLite commit has to wait for the history's writer thread (~0.4 ms a request, more while it
checkpoints its log), and waiting for it cost ~4% of the delivery rate. The history still gets
every change from the writer thread moments later; the journal only counts when the process
dies in between. Then ``read_journal`` (through ``HistoryStore.replay_journal``, before rows left
in flight become uncertain) tells what the history missed: which rows had left, which had come
back settled, and which went back to pending. Rows the history shows in flight that the journal
never saw leave were only waiting for a slot: they are pending, not uncertain. Like the
history's ``synchronous=NORMAL``, the journal survives a killed process, not a power cut.

The file: one JSON header line (connector and dedupe scope, which the deliveries table needs),
then one JSON line per event. A line cut short by the kill is ignored; if it was an outcome,
its row keeps its earlier "sent" event and is uncertain, which is the safe side.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from attendee_relay.core.records import OutcomeKind, RecordOutcome, RowStatus

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_SENT, _PENDING, _SETTLED = "sent", "pending", "settled"


def journal_path(db_path: Path, run_id: int) -> Path:
    """The journal of ``run_id`` beside the history database (as SQLite keeps its -wal file)."""
    return db_path.with_name(f"{db_path.name}-run{run_id}.journal")


@dataclass(frozen=True, slots=True)
class RowFate:
    """The last thing the journal knows of a row.

    ``status`` is IN_FLIGHT (a request with it left), PENDING (put back: no try reached the
    platform) or the settled status, with ``outcome`` and ``fingerprint`` as the engine stored them.
    """

    status: RowStatus
    outcome: RecordOutcome | None = None
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class JournalContents:
    connector: str
    scope: str
    rows: dict[int, RowFate]  # row number -> its last event


class DeliveryJournal:
    """The journal of one delivery session: ``sent`` before a request leaves, ``settled`` before
    its slot is freed, ``pending`` when rows go back; then ``remove`` once the history has it
    all (or ``close`` to keep the file for a later replay)."""

    def __init__(self, path: Path, connector: str, scope: str) -> None:
        self.path = path
        # Truncated: what an earlier session left was replayed before this one started. 0o600:
        # outcomes carry attendees' e-mails.
        self._fd: int | None = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600
        )
        self._write(_ENCODE({"connector": connector, "scope": scope}) + "\n")

    def sent(self, numbers: Iterable[int]) -> None:
        """A request carrying these rows leaves now."""
        self._write(_ENCODE([_SENT, list(numbers)]) + "\n")

    def pending(self, numbers: Iterable[int]) -> None:
        """These rows go back to pending: no try of theirs can have arrived."""
        self._write(_ENCODE([_PENDING, list(numbers)]) + "\n")

    def settled(
        self, settled: Sequence[tuple[RecordOutcome, RowStatus]], fingerprints: Mapping[int, str]
    ) -> None:
        """These rows' fate, as the history will store it (one ``write()``, as one append)."""
        self._write(
            "".join(
                _ENCODE(
                    [
                        _SETTLED,
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
        """Close and delete: the history has every change now."""
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
    """Each row's last event in the journal at ``path``; None when there is no usable journal
    (none at all, or killed before its header was written: nothing had been sent yet)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    lines = iter(text.splitlines())
    header = _parse(next(lines, ""))
    if not isinstance(header, dict):
        return None
    rows: dict[int, RowFate] = {}
    for line in lines:
        for number, fate in _events(_parse(line)):
            rows[number] = fate
    return JournalContents(str(header.get("connector", "")), str(header.get("scope", "")), rows)


def _events(item: object) -> Iterator[tuple[int, RowFate]]:
    """The rows one journal line is about (nothing for a line cut short or not understood)."""
    match item:
        case [str(event), list(numbers)] if event in (_SENT, _PENDING):
            fate = RowFate(RowStatus.IN_FLIGHT if event == _SENT else RowStatus.PENDING)
            yield from ((n, fate) for n in numbers if isinstance(n, int))
        case [
            "settled",  # _SETTLED (a match pattern takes a literal, not a name)
            int(row),
            str(kind),
            str(status),
            str(reason),
            str(answer),
            dict(links),
            str(remote_id),
            str(fingerprint),
        ]:
            try:
                outcome = RecordOutcome(row, OutcomeKind(kind), reason, answer, links, remote_id)
                yield row, RowFate(RowStatus(status), outcome, fingerprint)
            except ValueError:
                return


def _parse(line: str) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return None
