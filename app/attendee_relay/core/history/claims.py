"""Claims: which run is delivering which person, so that two runs at once never both send them.

The "already delivered" check alone only sees deliveries committed before a run starts: two
imports of one file started together (a double click, two terminals, the app beside the CLI)
both found nothing and both sent every row. So a row is *claimed* for its run (connector,
event scope and the person's identity) in the same ``BEGIN IMMEDIATE`` transaction that checks
for an earlier delivery and inserts the row. SQLite lets one writer in at a time, across
processes, so of two runs only the first claims a person; the second records the row as
skipped, naming the run that has it. No lock file is left behind by a crash: a claim lives in
the history, with the run.

A finished run gives its claims up (its delivered rows are then covered by the delivery marks).
A stopped or killed run keeps the claims of rows it has not settled, so that nobody else sends
them meanwhile; its resume takes them up again. They are never released by age alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from attendee_relay.core.records import RowStatus

#: Parameters per ``IN (...)`` list (old SQLite builds allow 999 in all).
_CHUNK = 500

#: The position of the change kind in an insert tuple (``HistoryStore.add_rows``).
_CHANGE = 11

_PENDING = RowStatus.PENDING.value
_SKIPPED = RowStatus.SKIPPED.value


def claimed_reason(run_id: int) -> str:
    return (
        f"Being delivered by run {run_id} at the same time; if that run was stopped, "
        f"`attendee-relay resume {run_id}` sends it."
    )


def delivered_reason(run_id: int) -> str:
    return f"Already delivered in run {run_id}."


def claim_key(identity: str, fingerprint: str) -> str:
    """Whom a row is about: the platform identity (e-mail), else the record's fingerprint."""
    return identity or f"#{fingerprint}"


def claim_rows(
    db: sqlite3.Connection,
    run_id: int,
    rows: list[tuple[object, ...]],
    *,
    check_deliveries: bool,
) -> int:
    """Claim the pending rows of ``rows`` (insert tuples, see ``HistoryStore.add_rows``) for
    ``run_id``, inside the caller's transaction; a row another run has claimed, or (with
    ``check_deliveries``) delivered meanwhile, becomes skipped in place. Returns how many did."""
    connector, scope = _run_scope(db, run_id)
    pending = [i for i, row in enumerate(rows) if row[2] == _PENDING]
    if not pending:
        return 0
    keys = {i: claim_key(str(rows[i][3]), str(rows[i][4])) for i in pending}
    holders = _holders(db, connector, scope, run_id, keys.values())
    delivered = (
        _deliveries(db, connector, scope, run_id, [str(rows[i][4]) for i in pending])
        if check_deliveries
        else {}
    )
    turned = 0
    claims = []
    for i in pending:
        row = list(rows[i])
        holder, earlier = holders.get(keys[i]), delivered.get(str(row[4]))
        if holder is None and earlier is None:
            claims.append((connector, scope, keys[i], run_id, row[1]))
            continue
        row[2], row[5] = _SKIPPED, None
        row[7] = delivered_reason(earlier) if earlier is not None else claimed_reason(holder or 0)
        if earlier is not None and len(row) > _CHANGE:
            row[_CHANGE] = "unchanged"
        rows[i] = tuple(row)
        turned += 1
    db.executemany("INSERT OR IGNORE INTO claims VALUES (?,?,?,?,?)", claims)
    return turned


def reclaim_pending(db: sqlite3.Connection, run_id: int, *, check_deliveries: bool) -> int:
    """A resumed run takes up its pending rows' claims again, inside the caller's transaction;
    rows another run claimed or delivered meanwhile become skipped. Returns how many did."""
    connector, scope = _run_scope(db, run_id)
    rows = db.execute(
        "SELECT row_number, identity, fingerprint FROM rows WHERE run_id=? AND status=?",
        (run_id, _PENDING),
    ).fetchall()
    keys = {int(n): claim_key(str(identity), str(fp)) for n, identity, fp in rows}
    holders = _holders(db, connector, scope, run_id, keys.values())
    delivered = (
        _deliveries(db, connector, scope, run_id, [str(r[2]) for r in rows])
        if check_deliveries
        else {}
    )
    skipped: list[tuple[str, int, int]] = []
    claims = []
    for number, _identity, fingerprint in rows:
        key = keys[int(number)]
        holder, earlier = holders.get(key), delivered.get(str(fingerprint))
        if earlier is not None:
            skipped.append((delivered_reason(earlier), run_id, int(number)))
        elif holder is not None:
            skipped.append((claimed_reason(holder), run_id, int(number)))
        else:
            claims.append((connector, scope, key, run_id, int(number)))
    db.executemany(
        "UPDATE rows SET status='skipped', reason=? WHERE run_id=? AND row_number=?", skipped
    )
    db.executemany("INSERT OR IGNORE INTO claims VALUES (?,?,?,?,?)", claims)
    return len(skipped)


def release(db: sqlite3.Connection, run_id: int, *, keep_unsettled: bool) -> None:
    """Give up a run's claims: all of them when it finished; when it stopped, those of rows it
    settled (delivered, refused, skipped), keeping the rest for its resume."""
    if keep_unsettled:
        db.execute(
            "DELETE FROM claims WHERE run_id=? AND row_number IN (SELECT row_number FROM rows"
            " WHERE run_id=? AND status IN ('delivered', 'refused', 'skipped'))",
            (run_id, run_id),
        )
    else:
        db.execute("DELETE FROM claims WHERE run_id=?", (run_id,))


def _run_scope(db: sqlite3.Connection, run_id: int) -> tuple[str, str]:
    connector, scope = db.execute(
        "SELECT connector, dedupe_scope FROM runs WHERE id=?", (run_id,)
    ).fetchone()
    return str(connector), str(scope)


def _holders(
    db: sqlite3.Connection, connector: str, scope: str, run_id: int, keys: Iterable[str]
) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in _parts(sorted(set(keys))):
        marks = ",".join("?" * len(part))
        for key, holder in db.execute(
            "SELECT identity, run_id FROM claims"  # noqa: S608 - only "?" marks added
            f" WHERE connector=? AND scope=? AND run_id != ? AND identity IN ({marks})",
            (connector, scope, run_id, *part),
        ):
            found[str(key)] = int(holder)
    return found


def _deliveries(
    db: sqlite3.Connection, connector: str, scope: str, run_id: int, fingerprints: list[str]
) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in _parts(sorted({f for f in fingerprints if f})):
        marks = ",".join("?" * len(part))
        for fingerprint, earlier in db.execute(
            "SELECT fingerprint, run_id FROM deliveries"  # noqa: S608 - only "?" marks added
            f" WHERE connector=? AND scope=? AND run_id != ? AND fingerprint IN ({marks})",
            (connector, scope, run_id, *part),
        ):
            found[str(fingerprint)] = int(earlier)
    return found


def _parts(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
