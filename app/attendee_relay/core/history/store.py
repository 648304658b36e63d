"""HistoryStore: runs and rows in SQLite, checkpointed as the engine goes.

WAL mode with synchronous=NORMAL survives a killed process (only a power cut can lose the last
commits), which is what resume-after-SIGKILL needs while keeping thousands of commits a second cheap.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from attendee_relay.core import paths
from attendee_relay.core.errors import InputError
from attendee_relay.core.history import claims
from attendee_relay.core.history.forgetting import Forgotten, forget
from attendee_relay.core.history.journal import journal_path, read_journal
from attendee_relay.core.history.models import PendingRow, RowInsert, RowView, RunCounts, RunInfo
from attendee_relay.core.history.schema import identity_key, identity_salt, migrate
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome, RowStatus

#: Run statuses. "running" with a dead pid is shown as "interrupted".
RUN_PREPARING = "preparing"
RUN_READY = "ready"
RUN_RUNNING = "running"
RUN_INTERRUPTED = "interrupted"
#: "preparing" with a dead pid: the run was killed while reading its source; resume reads on.
RUN_INTERRUPTED_READING = "interrupted_reading"
#: A run that can never read the rest of its source (the file changed or is gone since).
RUN_PARTLY_READ = "partly_read"
RUN_STOPPED = "stopped"
RUN_COMPLETED = "completed"
RUN_COMPLETED_WITH_ERRORS = "completed_with_errors"

_INSERT_CHUNK = 2000
_LOOKUP_CHUNK = 500  # SQLite allows 999 parameters in old builds, 32766 in new ones
# json.dumps(value, ensure_ascii=False) without building an encoder per call (half its cost).
_ENCODE_JSON = json.JSONEncoder(ensure_ascii=False).encode


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class HistoryStore:
    """Every run and every row's outcome. One instance per thread (sqlite3 connections are not shared)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.history_db_path()
        self._deferred = False
        try:
            # Owner-only before SQLite opens it: SQLite gives its -wal and -shm files the
            # database file's permissions. Files of earlier installs are tightened too.
            paths.private_file(self.path)
            for suffix in ("-wal", "-shm"):
                paths.tighten_if_present(self.path.with_name(self.path.name + suffix))
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            # First: another process (a second run, the app beside the CLI) may hold the lock
            # that switching to WAL or migrating needs; wait for it rather than fail.
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            migrate(self._db, self.path)
            self._salt = identity_salt(self._db)
            self._db.create_function("identity_key", 1, self.identity_key, deterministic=True)
        except sqlite3.DatabaseError as err:
            raise InputError(f"The history database {self.path} cannot be opened: {err}.") from err
        except OSError as err:
            raise InputError(
                f"The history database {self.path} cannot be opened ({err.strerror or err}); "
                "check that folder."
            ) from err

    def close(self) -> None:
        self._db.close()

    def forget(
        self,
        *,
        email: str | None = None,
        run_id: int | None = None,
        older_than_days: int | None = None,
    ) -> Forgotten:
        """Erase the personal data of a person's rows, a run's, or old runs' (``forgetting``)."""
        return forget(
            self._db, self.path, email=email, run_id=run_id, older_than_days=older_than_days
        )

    def identity_key(self, identity: str | None) -> str:
        """A person's identity as deliveries keep it: salted and hashed ("" for none)."""
        return identity_key(self._salt, identity) if identity else ""

    # ----- runs -------------------------------------------------------------------------------

    def create_run(
        self,
        *,
        kind: str,
        connector: str,
        platform: str,
        dedupe_scope: str,
        settings: dict[str, object],
        mapping_json: str = "{}",
        source_name: str = "",
        source_path: str = "",
        source_sha256: str = "",
        headers: Sequence[str] = (),
        parent_run_id: int | None = None,
        source_size: int = -1,
        reading: Mapping[str, object] | None = None,
    ) -> int:
        """A new run, "preparing": not fully read until ``finish_reading`` says so.

        ``reading`` is how the source is read (encoding, delimiter, sheet, header row, force),
        kept so that a resume can go on reading the same file the same way.
        """
        with self._db:
            cur = self._db.execute(
                "INSERT INTO runs (kind, connector, platform, dedupe_scope, parent_run_id, source_name,"
                " source_path, source_sha256, headers_json, mapping_json, settings_json, status,"
                " created_at, pid, source_size, reading_json, fully_read)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
                (
                    kind,
                    connector,
                    platform,
                    dedupe_scope,
                    parent_run_id,
                    source_name,
                    source_path,
                    source_sha256,
                    json.dumps(list(headers)),
                    mapping_json,
                    json.dumps(settings, default=str),
                    RUN_PREPARING,
                    now_iso(),
                    os.getpid(),
                    source_size,
                    json.dumps(dict(reading or {}), default=str),
                ),
            )
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def set_run_status(self, run_id: int, status: str, message: str = "") -> None:
        finished = status not in (RUN_PREPARING, RUN_READY, RUN_RUNNING)
        with self._db:
            self._db.execute(
                "UPDATE runs SET status=?, message=?, pid=?,"
                " started_at=COALESCE(started_at, CASE WHEN ?='running' THEN ? END),"
                " finished_at=CASE WHEN ? THEN ? ELSE NULL END WHERE id=?",
                (status, message, os.getpid(), status, now_iso(), finished, now_iso(), run_id),
            )

    def get_run(self, run_id: int) -> RunInfo:
        row = self._db.execute("SELECT * FROM runs WHERE id=?", (run_id,)).fetchone()
        if row is None:
            raise InputError(f"There is no run {run_id}. `attendee-relay history` lists the runs.")
        return self._run_info(row)

    def list_runs(self, limit: int | None = None) -> list[RunInfo]:
        sql = "SELECT * FROM runs ORDER BY id DESC"
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        return [self._run_info(r) for r in self._db.execute(sql, params).fetchall()]

    def counts(self, run_id: int) -> RunCounts:
        counts = RunCounts()
        for status, change, n, extra in self._db.execute(
            # A delivered row sent after n lost answers may be there n + 1 times; a row not
            # delivered at all, n times.
            "SELECT status, change, COUNT(*), SUM(CASE WHEN status='delivered' THEN lost_answers"
            " ELSE MAX(lost_answers - 1, 0) END) FROM rows WHERE run_id=? GROUP BY status, change",
            (run_id,),
        ):
            setattr(counts, status, getattr(counts, status) + n)
            counts.total += n
            counts.possible_duplicates += int(extra or 0)
            if status == RowStatus.DELIVERED.value and change == "update":
                counts.updated += n
            elif status == RowStatus.SKIPPED.value and change in ("unchanged", "changed_not_sent"):
                setattr(counts, change, getattr(counts, change) + n)
        return counts

    def possible_duplicates(self, run_id: int, limit: int | None = 50) -> list[RowView]:
        """Rows that may exist more than once on the platform (answers lost, then sent again)."""
        sql, params = self._rows_query(run_id, (), "")
        return [
            self._row_view(r)
            for r in self._db.execute(
                sql + " AND lost_answers > 0 ORDER BY row_number LIMIT ?",
                (*params, -1 if limit is None else limit),
            )
        ]

    def note_lost_answer(self, run_id: int, row_numbers: Sequence[int], note: str) -> None:
        """These rows are sent again after their answer was lost: the platform may hold them
        twice. ``note`` goes into the rows' story."""
        with self._row_write():
            self._db.executemany(
                "UPDATE rows SET lost_answers = lost_answers + 1, settled=?, updated_at=?"
                " WHERE run_id=? AND row_number=?",
                [(note, now_iso(), run_id, n) for n in row_numbers],
            )

    def _run_info(self, row: Any) -> RunInfo:
        names = [d[0] for d in self._db.execute("SELECT * FROM runs LIMIT 0").description]
        r = dict(zip(names, row, strict=True))
        status = str(r["status"])
        if status in (RUN_RUNNING, RUN_PREPARING) and not _pid_alive(r["pid"]):
            status = RUN_INTERRUPTED_READING if status == RUN_PREPARING else RUN_INTERRUPTED
        run_id = int(r["id"])
        return RunInfo(
            run_id=run_id,
            kind=str(r["kind"]),
            connector=str(r["connector"]),
            platform=str(r["platform"]),
            dedupe_scope=str(r["dedupe_scope"]),
            status=status,
            message=str(r["message"]),
            source_name=str(r["source_name"]),
            source_path=str(r["source_path"]),
            source_sha256=str(r["source_sha256"]),
            headers=json.loads(str(r["headers_json"])),
            mapping_json=str(r["mapping_json"]),
            settings=json.loads(str(r["settings_json"])),
            created_at=str(r["created_at"]),
            started_at=r["started_at"],
            finished_at=r["finished_at"],
            parent_run_id=r["parent_run_id"],
            counts=self.counts(run_id),
            source_size=int(r["source_size"]),
            reading=json.loads(str(r["reading_json"])),
            rows_read=int(r["rows_read"]),
            last_row_read=int(r["last_row_read"]),
            fully_read=bool(r["fully_read"]),
        )

    # ----- rows: preparing --------------------------------------------------------------------

    def add_rows(self, run_id: int, rows: Iterable[RowInsert], *, force: bool = False) -> int:
        """Insert rows in chunks, each chunk one transaction (memory stays flat for big files).

        Pending rows are claimed for the run as they go in (``claims``): a row another run is
        delivering, or (unless ``force``) has delivered since it was checked, goes in skipped.
        Returns how many rows were turned to skipped that way.
        """
        turned = 0
        chunk: list[tuple[object, ...]] = []
        encode = _ENCODE_JSON
        for r in rows:
            chunk.append(
                (
                    run_id,
                    r.row_number,
                    r.status.value,
                    r.identity,
                    r.fingerprint,
                    r.batch_key,
                    r.row_number,
                    r.reason,
                    r.warnings,
                    encode(r.source),
                    encode(r.record),
                    r.change,
                )
            )
            if len(chunk) >= _INSERT_CHUNK:
                turned += self._insert(run_id, chunk, force)
                chunk = []
        if chunk:
            turned += self._insert(run_id, chunk, force)
        return turned

    def _insert(self, run_id: int, chunk: list[tuple[object, ...]], force: bool) -> int:
        # The run's reading mark moves in the same transaction as the rows: after a kill, what
        # the history holds is exactly the rows up to ``last_row_read``, and reading goes on
        # after it (rows come in file order). IMMEDIATE: the claims are checked and taken
        # while no other process can write (see ``claims``).
        with self._immediate():
            turned = claims.claim_rows(self._db, run_id, chunk, check_deliveries=not force)
            self._db.executemany(
                "INSERT INTO rows (run_id, row_number, status, identity, fingerprint, batch_key,"
                " group_row, reason, warnings, source_json, record_json, change)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                chunk,
            )
            self._db.execute(
                "UPDATE runs SET rows_read = rows_read + ?, last_row_read = MAX(last_row_read, ?)"
                " WHERE id=?",
                (len(chunk), chunk[-1][1], run_id),
            )
        return turned

    @contextlib.contextmanager
    def _immediate(self) -> Iterator[None]:
        """One write transaction that takes SQLite's write lock at its start (waiting up to the
        busy timeout for another process to finish), so what it reads cannot change under it."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    def reclaim(self, run_id: int, *, force: bool = False) -> int:
        """A resume takes its pending rows' claims up again; returns how many became skipped
        because another run claimed or delivered them meanwhile."""
        with self._immediate():
            return claims.reclaim_pending(self._db, run_id, check_deliveries=not force)

    def release_claims(self, run_id: int, *, keep_unsettled: bool) -> None:
        """The run is over (or stopped, ``keep_unsettled``): see ``claims.release``."""
        with self._db:
            claims.release(self._db, run_id, keep_unsettled=keep_unsettled)

    def finish_reading(self, run_id: int) -> None:
        """The last row of the source is in: group an order's rows (each row with a batch key
        follows the first row of its group) and mark the run fully read and ready to deliver."""
        with self._db:
            self._db.execute(
                "UPDATE rows SET group_row = (SELECT MIN(r2.row_number) FROM rows r2"
                " WHERE r2.run_id = rows.run_id AND r2.batch_key = rows.batch_key)"
                " WHERE run_id=? AND batch_key IS NOT NULL",
                (run_id,),
            )
            self._db.execute(
                "UPDATE runs SET fully_read=1, status=?, pid=? WHERE id=?",
                (RUN_READY, os.getpid(), run_id),
            )

    def take_over(self, run_id: int) -> str | None:
        """Make this process the one running ``run_id`` (a resume), unless a live process
        already is: None then. Checked and taken in one IMMEDIATE transaction, so of two
        resumes started together only one goes on. Returns the run's stored status before, to
        give back if the resume cannot go on."""
        with self._immediate():
            row = self._db.execute("SELECT status, pid FROM runs WHERE id=?", (run_id,)).fetchone()
            if row is None:
                return None
            status, pid = str(row[0]), row[1]
            if status in (RUN_RUNNING, RUN_PREPARING) and pid != os.getpid() and _pid_alive(pid):
                return None
            self._db.execute(
                "UPDATE runs SET status=?, pid=? WHERE id=?", (RUN_RUNNING, os.getpid(), run_id)
            )
        return status

    def give_back(self, run_id: int, status: str) -> None:
        """A resume that could not go on leaves the run as it found it (if nothing else moved it)."""
        with self._db:
            self._db.execute(
                "UPDATE runs SET status=? WHERE id=? AND status=? AND pid=?",
                (status, run_id, RUN_RUNNING, os.getpid()),
            )

    def claim_reading(self, run_id: int) -> None:
        """This process goes on reading the run's source (a resume): "preparing" again."""
        with self._db:
            self._db.execute(
                "UPDATE runs SET status=?, message='', pid=? WHERE id=? AND fully_read=0",
                (RUN_PREPARING, os.getpid(), run_id),
            )

    def delivered_in(self, connector: str, scope: str, fingerprint: str) -> int | None:
        """The run that already delivered this exact record to this connector and scope, if any."""
        row = self._db.execute(
            "SELECT run_id FROM deliveries WHERE connector=? AND scope=? AND fingerprint=?",
            (connector, scope, fingerprint),
        ).fetchone()
        return int(row[0]) if row else None

    def has_deliveries(self, connector: str, scope: str) -> bool:
        """Whether anything was ever delivered to this connector and scope."""
        return (
            self._db.execute(
                "SELECT 1 FROM deliveries WHERE connector=? AND scope=? LIMIT 1",
                (connector, scope),
            ).fetchone()
            is not None
        )

    def delivered_records(
        self, connector: str, scope: str, identities: Sequence[str]
    ) -> dict[str, tuple[int, dict[str, object]]]:
        """Whom among ``identities`` this connector and scope had delivered before, each with
        the run and the record of its latest delivery (``{}`` where the history has forgotten
        it): identity -> (run, record)."""
        found: dict[str, tuple[int, dict[str, object]]] = {}
        keys = {self.identity_key(i): i for i in identities if i}
        wanted = sorted(keys)
        for start in range(0, len(wanted), _LOOKUP_CHUNK):
            part = wanted[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(part))
            for identity, run_id, record in self._db.execute(
                "SELECT d.identity, d.run_id, r.record_json FROM deliveries d"  # noqa: S608
                " LEFT JOIN rows r ON r.run_id = d.run_id AND r.row_number = d.row_number"
                f" WHERE d.connector=? AND d.scope=? AND d.identity IN ({marks})"
                " ORDER BY d.delivered_at, d.run_id",
                (connector, scope, *part),
            ):
                found[keys[str(identity)]] = (int(run_id), json.loads(record) if record else {})
        return found

    def delivered_among(
        self, connector: str, scope: str, fingerprints: Sequence[str]
    ) -> dict[str, int]:
        """``delivered_in`` for many fingerprints at once: fingerprint -> run, for those found."""
        found: dict[str, int] = {}
        for start in range(0, len(fingerprints), _LOOKUP_CHUNK):
            part = fingerprints[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(part))
            for fingerprint, run_id in self._db.execute(
                "SELECT fingerprint, run_id FROM deliveries"  # noqa: S608 - only "?" marks added
                f" WHERE connector=? AND scope=? AND fingerprint IN ({marks})",
                (connector, scope, *part),
            ):
                found[str(fingerprint)] = int(run_id)
        return found

    # ----- rows: delivering -------------------------------------------------------------------

    def settle_interrupted(self, run_id: int) -> list[int]:
        """Rows left in flight by a crash become uncertain; returns their numbers.

        The delivery journal is replayed first (``replay_journal``): what a killed engine had
        sent or settled but not yet committed here is stored, not guessed at.
        """
        self.replay_journal(run_id)
        numbers = [
            int(r[0])
            for r in self._db.execute(
                "SELECT row_number FROM rows WHERE run_id=? AND status=?",
                (run_id, RowStatus.IN_FLIGHT.value),
            )
        ]
        if numbers:
            with self._db:
                self._db.execute(
                    "UPDATE rows SET status=?, updated_at=? WHERE run_id=? AND status=?",
                    (RowStatus.UNCERTAIN.value, now_iso(), run_id, RowStatus.IN_FLIGHT.value),
                )
        return numbers

    def replay_journal(self, run_id: int) -> int:
        """Bring the history up to what a killed engine journaled (``journal``) but had not
        committed, then delete the journal; returns how many rows changed.

        Per row, the journal's last event counts, where the history has not moved past it: an
        outcome settles a row still pending or in flight; "sent" puts a pending row in flight
        (uncertain after this); "pending" takes an in-flight row back. A row in flight that the
        journal never saw leave was waiting for a slot: pending again. Without a journal (or
        one without its header) nothing changes, and rows in flight stay so: uncertain.
        """
        path = journal_path(self.path, run_id)
        contents = read_journal(path)
        if contents is None:
            path.unlink(missing_ok=True)
            return 0
        unsettled = {
            int(n): RowStatus(s)
            for n, s in self._db.execute(
                "SELECT row_number, status FROM rows WHERE run_id=? AND status IN (?,?)",
                (run_id, RowStatus.PENDING.value, RowStatus.IN_FLIGHT.value),
            )
        }
        outcomes: list[tuple[RecordOutcome, RowStatus]] = []
        fingerprints: dict[int, str] = {}
        left: list[int] = []  # pending in the history, in flight by the journal
        back: list[int] = []  # in flight in the history, pending by the journal (or never sent)
        for number, now in unsettled.items():
            fate = contents.rows.get(number)
            if fate is None or fate.status is RowStatus.PENDING:
                if now is RowStatus.IN_FLIGHT:
                    back.append(number)
            elif fate.status is RowStatus.IN_FLIGHT:
                if now is RowStatus.PENDING:
                    left.append(number)
            elif fate.outcome is not None:
                outcomes.append((fate.outcome, fate.status))
                if fate.fingerprint:
                    fingerprints[number] = fate.fingerprint
        with self.one_transaction():
            self.mark_in_flight(run_id, left)
            self.set_rows_status(run_id, back, RowStatus.PENDING)
            self.record_outcomes(run_id, contents.connector, contents.scope, outcomes, fingerprints)
        path.unlink(missing_ok=True)
        return len(left) + len(back) + len(outcomes)

    def requeue(self, run_id: int, statuses: Sequence[RowStatus], settled: str = "") -> int:
        """Make rows of the given statuses pending again (for resume); returns how many."""
        marks = ",".join("?" for _ in statuses)
        with self._db:
            cur = self._db.execute(
                f"UPDATE rows SET status=?, settled=CASE WHEN status=? THEN ? ELSE settled END,"  # noqa: S608
                f" updated_at=? WHERE run_id=? AND status IN ({marks})",
                (
                    RowStatus.PENDING.value,
                    RowStatus.UNCERTAIN.value,
                    settled,
                    now_iso(),
                    run_id,
                    *[s.value for s in statuses],
                ),
            )
        return cur.rowcount

    def iter_pending(self, run_id: int, chunk: int = 500) -> Iterator[list[PendingRow]]:
        """Pending rows in delivery order, a chunk at a time, with rows of one batch key adjacent.

        Rows sharing a batch key follow the first row of their group (see ``group_batches``), so
        an order's attendees travel together even when the file lists them apart; memory stays flat.
        """
        last: tuple[int, int] = (-1, -1)
        while True:
            rows = self._db.execute(
                "SELECT group_row, row_number, record_json, source_json, batch_key, fingerprint"
                " FROM rows"
                " WHERE run_id=? AND status=? AND (group_row, row_number) > (?, ?)"
                " ORDER BY group_row, row_number LIMIT ?",
                (run_id, RowStatus.PENDING.value, last[0], last[1], chunk),
            ).fetchall()
            if not rows:
                return
            last = (int(rows[-1][0]), int(rows[-1][1]))
            yield [
                PendingRow(
                    MappedRecord(int(r[1]), json.loads(r[2]), json.loads(r[3])), r[4], str(r[5])
                )
                for r in rows
            ]

    @contextlib.contextmanager
    def one_transaction(self) -> Iterator[None]:
        """The row writes inside (``mark_in_flight``, ``record_outcomes``, ``set_rows_status``)
        are committed together at the end, as one transaction: one commit for many answers."""
        self._deferred = True
        try:
            yield
        finally:
            self._deferred = False
            if self._db.in_transaction:
                self._db.commit()

    def _row_write(self) -> contextlib.AbstractContextManager[object]:
        """Commits at the end of the write, unless inside ``one_transaction``."""
        return contextlib.nullcontext() if self._deferred else self._db

    def mark_in_flight(self, run_id: int, row_numbers: Sequence[int]) -> None:
        """Checkpoint before a request leaves: a crash now leaves these rows uncertain."""
        with self._row_write():
            self._db.executemany(
                "UPDATE rows SET status=?, attempts=attempts+1, updated_at=?"
                " WHERE run_id=? AND row_number=?",
                [(RowStatus.IN_FLIGHT.value, now_iso(), run_id, n) for n in row_numbers],
            )

    def record_outcomes(
        self,
        run_id: int,
        connector: str,
        scope: str,
        outcomes: Sequence[tuple[RecordOutcome, RowStatus]],
        fingerprints: Mapping[int, str],
    ) -> None:
        """Store each row's final (or pending-again) status, and remember deliveries."""
        stamp = now_iso()
        with self._row_write():
            self._db.executemany(
                "UPDATE rows SET status=?, reason=?, answer=?, links_json=?, remote_id=?,"
                " updated_at=? WHERE run_id=? AND row_number=?",
                [
                    (
                        status.value,
                        o.reason,
                        o.answer,
                        json.dumps(o.links, ensure_ascii=False) if o.links else "",
                        o.remote_id,
                        stamp,
                        run_id,
                        o.row_number,
                    )
                    for o, status in outcomes
                ],
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO deliveries"
                " (connector, scope, fingerprint, run_id, row_number, delivered_at, identity)"
                " SELECT ?,?,?,?,?,?, identity_key(identity) FROM rows"
                " WHERE run_id=? AND row_number=?",
                [
                    (
                        connector,
                        scope,
                        fingerprints[o.row_number],
                        run_id,
                        o.row_number,
                        stamp,
                        run_id,
                        o.row_number,
                    )
                    for o, status in outcomes
                    if status is RowStatus.DELIVERED
                    and o.kind is OutcomeKind.DELIVERED
                    and fingerprints.get(o.row_number)
                ],
            )

    def set_rows_status(
        self, run_id: int, row_numbers: Sequence[int], status: RowStatus, reason: str = ""
    ) -> None:
        with self._row_write():
            self._db.executemany(
                "UPDATE rows SET status=?, reason=?, updated_at=? WHERE run_id=? AND row_number=?",
                [(status.value, reason, now_iso(), run_id, n) for n in row_numbers],
            )

    def fingerprints(self, run_id: int, row_numbers: Sequence[int]) -> dict[int, str]:
        marks = ",".join("?" for _ in row_numbers)
        return {
            int(n): str(f)
            for n, f in self._db.execute(
                f"SELECT row_number, fingerprint FROM rows WHERE run_id=? AND row_number IN ({marks})",  # noqa: S608
                (run_id, *row_numbers),
            )
        }

    # ----- rows: reading ----------------------------------------------------------------------

    def rows(
        self,
        run_id: int,
        *,
        statuses: Sequence[RowStatus] = (),
        search: str = "",
        offset: int = 0,
        limit: int | None = None,
    ) -> list[RowView]:
        """A page of a run's rows (the UI pages lazily; exports stream with ``iter_rows``)."""
        sql, params = self._rows_query(run_id, statuses, search)
        sql += " ORDER BY row_number LIMIT ? OFFSET ?"
        params += (-1 if limit is None else limit, offset)
        return [self._row_view(r) for r in self._db.execute(sql, params)]

    def count_rows(
        self, run_id: int, *, statuses: Sequence[RowStatus] = (), search: str = ""
    ) -> int:
        sql, params = self._rows_query(run_id, statuses, search)
        return int(self._db.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0])  # noqa: S608

    def reasons(self, run_id: int, status: RowStatus, limit: int = 5) -> list[tuple[str, int]]:
        """The most common reasons of a run's rows of ``status``, with how many rows gave each."""
        return [
            (str(reason), int(n))
            for reason, n in self._db.execute(
                "SELECT reason, COUNT(*) AS n FROM rows WHERE run_id=? AND status=?"
                " GROUP BY reason ORDER BY n DESC, reason LIMIT ?",
                (run_id, status.value, limit),
            )
        ]

    def row(self, run_id: int, row_number: int) -> RowView | None:
        """One row of a run, or None if the run has no such row."""
        sql, params = self._rows_query(run_id, (), "")
        found = self._db.execute(sql + " AND row_number=?", (*params, row_number)).fetchone()
        return self._row_view(found) if found is not None else None

    def row_with_identity(self, run_id: int, identity: str, *, other_than: int) -> int | None:
        """Another row of the run, not refused, about the same person (for fixes)."""
        if not identity:
            return None
        found = self._db.execute(
            "SELECT row_number FROM rows WHERE run_id=? AND identity=? AND row_number != ?"
            " AND status != ? ORDER BY row_number LIMIT 1",
            (run_id, identity, other_than, RowStatus.REFUSED.value),
        ).fetchone()
        return int(found[0]) if found else None

    def replace_row(self, run_id: int, row: RowInsert) -> None:
        """A row's content replaced (a fix): its cells, record, identity and status."""
        with self._db:
            self._db.execute(
                "UPDATE rows SET status=?, identity=?, fingerprint=?, batch_key=?, group_row=?,"
                " reason=?, warnings=?, source_json=?, record_json=?, change='', updated_at=?"
                " WHERE run_id=? AND row_number=?",
                (
                    row.status.value,
                    row.identity,
                    row.fingerprint,
                    row.batch_key,
                    row.row_number,
                    row.reason,
                    row.warnings,
                    _ENCODE_JSON(row.source),
                    _ENCODE_JSON(row.record),
                    now_iso(),
                    run_id,
                    row.row_number,
                ),
            )

    def settled_rows(self, run_id: int) -> list[RowView]:
        """Rows whose fate was unknown after an interruption, with how they were settled."""
        sql, params = self._rows_query(run_id, (), "")
        return [
            self._row_view(r)
            for r in self._db.execute(sql + " AND settled != '' ORDER BY row_number", params)
        ]

    def iter_rows(self, run_id: int, statuses: Sequence[RowStatus] = ()) -> Iterator[RowView]:
        sql, params = self._rows_query(run_id, statuses, "")
        cur = self._db.cursor()
        cur.execute(sql + " ORDER BY row_number", params)
        while batch := cur.fetchmany(1000):
            yield from (self._row_view(r) for r in batch)

    def _rows_query(
        self, run_id: int, statuses: Sequence[RowStatus], search: str
    ) -> tuple[str, tuple[object, ...]]:
        sql = (
            "SELECT run_id, row_number, status, identity, attempts, reason, warnings, answer,"
            " links_json, remote_id, settled, source_json, record_json, batch_key"
            " FROM rows WHERE run_id=?"
        )
        params: tuple[object, ...] = (run_id,)
        if statuses:
            sql += f" AND status IN ({','.join('?' for _ in statuses)})"
            params += tuple(s.value for s in statuses)
        if search:
            sql += " AND (identity LIKE ? OR source_json LIKE ? OR record_json LIKE ? OR reason LIKE ?)"
            like = f"%{search}%"
            params += (like, like, like, like)
        return sql, params

    @staticmethod
    def _row_view(r: Any) -> RowView:
        return RowView(
            run_id=int(r[0]),
            row_number=int(r[1]),
            status=RowStatus(r[2]),
            identity=str(r[3]),
            attempts=int(r[4]),
            reason=str(r[5]),
            warnings=str(r[6]),
            answer=str(r[7]),
            links=json.loads(str(r[8])) if r[8] else {},
            remote_id=str(r[9]),
            settled=str(r[10]),
            source=json.loads(str(r[11])),
            record=json.loads(str(r[12])),
            batch_key=r[13],
        )
