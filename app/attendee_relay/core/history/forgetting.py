"""Forgetting attendees: their personal data taken out of the history, for good.

For a data-protection request (GDPR's right to erasure) or to keep the history lean: the rows of
one person (by e-mail, across all runs), of one run, or of runs older than some days lose every
value that says who they were (the file's cells, the record sent, the platform's answer, the
reasons and notes, which may quote a value). What stays is what "never twice" needs and holds no
one's data: each row's status and number (so a run's counts still add up) and the delivery marks,
which keep a person only as a salted hash and a record only as a fingerprint (a hash).

The file is then rewritten (``VACUUM``, after ``secure_delete``) and its write-ahead log emptied,
so the old values are gone from the disk file, not just unlinked inside it. Backups the app made
before a schema upgrade hold the same data and cannot be edited: they are deleted, and said so.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

#: What a forgotten row's reason reads.
FORGOTTEN = "(personal data forgotten)"
#: What a forgotten row not delivered yet reads: it will not be sent.
NOT_SENT = "Not sent: this attendee's personal data was forgotten on request."


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What ``forget`` did: rows cleared, in how many runs, and backups removed."""

    rows: int
    runs: int
    backups_removed: list[Path] = field(default_factory=list)


def forget(
    db: sqlite3.Connection,
    path: Path,
    *,
    email: str | None = None,
    run_id: int | None = None,
    older_than_days: int | None = None,
) -> Forgotten:
    """Clear the personal data of the chosen rows, then rewrite the file (see the module).

    Exactly one of ``email``, ``run_id`` and ``older_than_days`` is given (the caller checks).
    """
    where, params = _selection(email, run_id, older_than_days)
    db.execute("PRAGMA secure_delete=ON")
    db.execute("BEGIN IMMEDIATE")
    try:
        chosen = db.execute(
            f"SELECT run_id, row_number FROM rows WHERE {where}",  # noqa: S608 - fixed text
            params,
        ).fetchall()
        db.executemany(
            "UPDATE rows SET source_json='{}', record_json='{}', identity='', answer='',"
            " links_json='', remote_id='', warnings='', settled='',"
            " reason=CASE WHEN reason='' THEN '' ELSE ? END"
            " WHERE run_id=? AND row_number=?",
            [(FORGOTTEN, run, number) for run, number in chosen],
        )
        # A row not delivered yet is never sent now: there is nothing left to send, and an
        # erased person is not to be registered anywhere. It ends skipped, saying why.
        db.executemany(
            "UPDATE rows SET status='skipped', reason=? WHERE run_id=? AND row_number=?"
            " AND status IN ('pending', 'in_flight', 'uncertain', 'failed')",
            [(NOT_SENT, run, number) for run, number in chosen],
        )
        db.executemany("DELETE FROM claims WHERE run_id=? AND row_number=?", chosen)
        if email:
            db.execute("DELETE FROM claims WHERE identity=?", (email.strip().lower(),))
        db.commit()
    except BaseException:
        db.rollback()
        raise
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    removed = _remove_backups(path)
    return Forgotten(len(chosen), len({r for r, _n in chosen}), removed)


def _selection(
    email: str | None, run_id: int | None, older_than_days: int | None
) -> tuple[str, tuple[object, ...]]:
    if email is not None:
        address = email.strip().lower()
        # The person's own rows (their identity), and any row whose data mentions the address
        # (LIKE ignores ASCII case; JSON keeps non-ASCII text as it is, ensure_ascii=False).
        like = f"%{_escape_like(address)}%"
        return (
            "lower(identity)=? OR source_json LIKE ? ESCAPE '\\' OR record_json LIKE ? ESCAPE '\\'"
            " OR answer LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\'"
            " OR warnings LIKE ? ESCAPE '\\' OR settled LIKE ? ESCAPE '\\'",
            (address, like, like, like, like, like, like),
        )
    if run_id is not None:
        return "run_id=?", (run_id,)
    assert older_than_days is not None
    cutoff = (datetime.now(UTC) - timedelta(days=older_than_days)).isoformat(timespec="seconds")
    return "run_id IN (SELECT id FROM runs WHERE created_at < ?)", (cutoff,)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _remove_backups(path: Path) -> list[Path]:
    """The pre-upgrade copies of the history (``history.v2.bak``): they hold what was just
    forgotten and cannot be edited, so they go."""
    removed = []
    for backup in sorted(path.parent.glob(f"{path.stem}.v*.bak")):
        backup.unlink(missing_ok=True)
        removed.append(backup)
    return removed
