"""Schema and migrations of the history database. Bump SCHEMA_VERSION and append a migration."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

SCHEMA_VERSION = 3


def _v1(db: sqlite3.Connection) -> None:
    _statements(
        db,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,               -- import | push | retry
            connector TEXT NOT NULL,          -- profile name
            platform TEXT NOT NULL,
            dedupe_scope TEXT NOT NULL,       -- e.g. "event=1001"
            parent_run_id INTEGER,
            source_name TEXT NOT NULL DEFAULT '',
            source_path TEXT NOT NULL DEFAULT '',
            source_sha256 TEXT NOT NULL DEFAULT '',
            headers_json TEXT NOT NULL DEFAULT '[]',
            mapping_json TEXT NOT NULL DEFAULT '{}',
            settings_json TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL,
            message TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            pid INTEGER                       -- process running it, to tell a crashed run
        );
        CREATE TABLE rows (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            row_number INTEGER NOT NULL,
            status TEXT NOT NULL,
            identity TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL DEFAULT '',
            batch_key TEXT,
            group_row INTEGER NOT NULL,       -- first row of its batch key: rows of one order travel together
            attempts INTEGER NOT NULL DEFAULT 0,
            reason TEXT NOT NULL DEFAULT '',
            warnings TEXT NOT NULL DEFAULT '',
            answer TEXT NOT NULL DEFAULT '',
            links_json TEXT NOT NULL DEFAULT '',
            remote_id TEXT NOT NULL DEFAULT '',
            settled TEXT NOT NULL DEFAULT '',  -- how an uncertain row was settled on resume
            source_json TEXT NOT NULL DEFAULT '{}',
            record_json TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT,
            PRIMARY KEY (run_id, row_number)
        ) WITHOUT ROWID;
        CREATE INDEX rows_by_status ON rows (run_id, status, group_row, row_number);
        CREATE INDEX rows_by_batch_key ON rows (run_id, batch_key) WHERE batch_key IS NOT NULL;
        CREATE TABLE deliveries (
            connector TEXT NOT NULL,
            scope TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            run_id INTEGER NOT NULL,
            row_number INTEGER NOT NULL,
            delivered_at TEXT NOT NULL,
            PRIMARY KEY (connector, scope, fingerprint)
        ) WITHOUT ROWID;
        """,
    )


def _v2(db: sqlite3.Connection) -> None:
    # Additive: when each (source connector, scope) was last synced, so the next sync pulls only
    # what changed since (GEVME's modifiedFrom).
    _statements(
        db,
        """
        CREATE TABLE sync_marks (
            source TEXT NOT NULL,             -- the source connector's profile name
            scope TEXT NOT NULL,              -- e.g. "event=2001"
            synced_at TEXT NOT NULL,          -- ISO 8601 UTC: the start of the last pull
            run_id INTEGER,                   -- the run that pull fed, if any
            PRIMARY KEY (source, scope)
        ) WITHOUT ROWID;
        """,
    )


def _v3(db: sqlite3.Connection) -> None:
    # How far a run has read its source, so that a run killed while still reading continues
    # from there on resume instead of delivering only what it had read (and calling that
    # complete). Runs already past reading count as fully read; one still "preparing" was killed
    # while reading. And claims: the people a run is delivering, so that a second run at the
    # same time (another terminal, the app beside the CLI) skips them instead of sending twice.
    # And per row, how often it was sent again after its answer was lost (possible duplicates),
    # and whether it changes a record delivered before ("update", "unchanged",
    # "changed_not_sent"); deliveries keep whom they were for, to tell an update from a new one.
    _statements(
        db,
        """
        ALTER TABLE runs ADD COLUMN source_size INTEGER NOT NULL DEFAULT -1;
        ALTER TABLE runs ADD COLUMN reading_json TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE runs ADD COLUMN rows_read INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN last_row_read INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN fully_read INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE rows ADD COLUMN lost_answers INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE rows ADD COLUMN change TEXT NOT NULL DEFAULT '';
        ALTER TABLE deliveries ADD COLUMN identity TEXT NOT NULL DEFAULT '';
        UPDATE deliveries SET identity = COALESCE((SELECT rows.identity FROM rows
            WHERE rows.run_id = deliveries.run_id AND rows.row_number = deliveries.row_number), '');
        CREATE INDEX deliveries_by_identity ON deliveries (connector, scope, identity);
        UPDATE runs SET fully_read = 0 WHERE status = 'preparing';
        UPDATE runs SET rows_read = (SELECT COUNT(*) FROM rows WHERE rows.run_id = runs.id),
            last_row_read = COALESCE(
                (SELECT MAX(row_number) FROM rows WHERE rows.run_id = runs.id), 0);
        CREATE TABLE claims (
            connector TEXT NOT NULL,
            scope TEXT NOT NULL,
            identity TEXT NOT NULL,           -- the person (e-mail), or the record's fingerprint
            run_id INTEGER NOT NULL,          -- the run that will deliver it
            row_number INTEGER NOT NULL,
            PRIMARY KEY (connector, scope, identity)
        ) WITHOUT ROWID;
        CREATE INDEX claims_by_run ON claims (run_id);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO meta VALUES ('identity_salt', lower(hex(randomblob(16))));
        """,
    )
    # Deliveries keep whom they were for only as a salted hash: enough to tell a person
    # delivered before, and left behind when that person's data is forgotten (history forget).
    salt = identity_salt(db)
    db.executemany(
        "UPDATE deliveries SET identity=? WHERE connector=? AND scope=? AND fingerprint=?",
        [
            (identity_key(salt, str(identity)) if identity else "", c, sc, fp)
            for c, sc, fp, identity in db.execute(
                "SELECT connector, scope, fingerprint, identity FROM deliveries"
            ).fetchall()
        ],
    )


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1, 2: _v2, 3: _v3}


def identity_salt(db: sqlite3.Connection) -> str:
    """This history's own salt for identity hashes (made with the schema, never changed)."""
    row = db.execute("SELECT value FROM meta WHERE key='identity_salt'").fetchone()
    return str(row[0]) if row else ""


def identity_key(salt: str, identity: str) -> str:
    """A person's identity (their e-mail) as deliveries keep it: a salted SHA-256."""
    return hashlib.sha256(f"{salt}:{identity}".encode()).hexdigest()[:32]


def _statements(db: sqlite3.Connection, script: str) -> None:
    """Run a script's statements one by one: ``executescript`` would commit the transaction
    ``migrate`` holds, and with it the guard against a second process migrating at once."""
    for statement in _split(script):
        db.execute(statement)


def _split(script: str) -> list[str]:
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line.split("--", 1)[0] + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def migrate(db: sqlite3.Connection, path: Path | None) -> None:
    """Bring the database to SCHEMA_VERSION, backing the file up before changing an existing one.

    Safe when several processes open a new or old database at once (two first-ever runs): the
    version is read again inside a ``BEGIN IMMEDIATE`` transaction, which only one connection
    holds at a time (the others wait, up to the busy timeout), and every step of the migration
    commits with its version number or not at all.
    """
    if _version(db) == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        current = _version(db)  # another process may have migrated while this one waited
        if current > SCHEMA_VERSION:
            from attendee_relay.core.errors import InputError

            raise InputError(
                f"The history database was written by a newer Attendee Relay (schema {current}); "
                "update the app to open it."
            )
        if 0 < current < SCHEMA_VERSION and path is not None and path.exists():
            shutil.copy2(path, path.with_suffix(f".v{current}.bak"))
        for version in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version}")
        db.commit()
    except BaseException:
        db.rollback()
        raise


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])
