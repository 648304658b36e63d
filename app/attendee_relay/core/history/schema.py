"""Schema and migrations of the history database. Bump SCHEMA_VERSION and append a migration."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

SCHEMA_VERSION = 2


def _v1(db: sqlite3.Connection) -> None:
    db.executescript(
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
        """
    )


def _v2(db: sqlite3.Connection) -> None:
    # Additive: when each (source connector, scope) was last synced, so the next sync pulls only
    # what changed since (GEVME's modifiedFrom).
    db.executescript(
        """
        CREATE TABLE sync_marks (
            source TEXT NOT NULL,             -- the source connector's profile name
            scope TEXT NOT NULL,              -- e.g. "event=2001"
            synced_at TEXT NOT NULL,          -- ISO 8601 UTC: the start of the last pull
            run_id INTEGER,                   -- the run that pull fed, if any
            PRIMARY KEY (source, scope)
        ) WITHOUT ROWID;
        """
    )


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1, 2: _v2}


def migrate(db: sqlite3.Connection, path: Path | None) -> None:
    """Bring the database to SCHEMA_VERSION, backing the file up before changing an existing one."""
    current = int(db.execute("PRAGMA user_version").fetchone()[0])
    if current > SCHEMA_VERSION:
        from attendee_relay.core.errors import InputError

        raise InputError(
            f"The history database was written by a newer Attendee Relay (schema {current}); "
            "update the app to open it."
        )
    if current == SCHEMA_VERSION:
        return
    if current > 0 and path is not None and path.exists():
        shutil.copy2(path, path.with_suffix(f".v{current}.bak"))
    for version in range(current + 1, SCHEMA_VERSION + 1):
        with db:
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version}")
