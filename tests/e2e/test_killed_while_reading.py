"""A run killed (SIGKILL) while it is still reading its file, then resumed.

It once resumed to "completed, every row delivered" with only the rows read before the kill
sent, the rest of the file silently lost. The run now knows how far it read: a resume reads on
from there, and if the file changed meanwhile it stops with a sentence and never says
"completed".
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, run_cli_process, subprocess_env, tentimes_add_args

ROWS = 30_000
FAST = ("--set", "rate_limit_per_minute=0", "--set", "max_concurrency=8")


def write_people(path: Path, count: int) -> Path:
    # Written with plain file I/O, the way a spreadsheet export would be, not by our code.
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("First Name,Last Name,Email,Company\r\n")
        for i in range(count):
            out.write(f"Łucja{i},Wałęsa{i},person{i}@example.com,Firma {i}\r\n")
    return path


def history_db(home: Path) -> Path:
    return home / "data" / "attendee-relay" / "history.sqlite3"


def rows_read_while_preparing(db: Path) -> int:
    """Rows the newest run holds while it is still reading (0 if none yet, or if it is past
    reading: then the kill would come too late to prove anything)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute(
                "SELECT status, (SELECT COUNT(*) FROM rows WHERE run_id = runs.id)"
                " FROM runs ORDER BY id DESC LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # the schema is being created
    if row is None or row[0] != "preparing":
        return 0
    return int(row[1])


def start_import_and_kill_while_reading(home: Path, path: Path) -> int:
    """Start ``import`` in a child process, SIGKILL it once some rows are read and before the
    reading is over; returns how many rows the history held at the kill."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "attendee_relay", "import", "tt", str(path), "--json"],
        env=subprocess_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = history_db(home)
    deadline = time.monotonic() + 60
    read = 0
    while proc.poll() is None and time.monotonic() < deadline:
        read = rows_read_while_preparing(db)
        if read:
            break
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return read


def add_connector(home: Path, sandbox: SandboxServer) -> None:
    added = run_cli_process(
        home, *tentimes_add_args(sandbox.url("10times"), "tt", *FAST), stdin=f"{API_KEY}\n"
    )
    assert added.code == 0, added.err


def test_killed_while_reading_then_resumed_delivers_the_whole_file_once(
    tmp_path: Path, isolated_home: Path
) -> None:
    with SandboxServer(SandboxConfig(latency_ms=0)) as sandbox:
        add_connector(isolated_home, sandbox)
        path = write_people(tmp_path / "people.csv", ROWS)

        read_at_kill = start_import_and_kill_while_reading(isolated_home, path)
        assert 0 < read_at_kill < ROWS, f"not killed while reading ({read_at_kill} rows read)"
        assert sandbox.stats().get("requests", 0) == 0, "delivery had begun: not while reading"

        history = run_cli_process(isolated_home, "history", "--json").json()
        assert history[0]["status"] == "interrupted_reading"
        assert history[0]["fully_read"] is False
        run_id = history[0]["run_id"]

        resumed = run_cli_process(isolated_home, "resume", str(run_id), "--json", timeout=600)
        assert resumed.code == 0, resumed.out + resumed.err
        summary = resumed.json()
        registrations = sandbox.registrations(1001)
        detail = run_cli_process(isolated_home, "history", str(run_id), "--json").json()

    assert summary["status"] == "completed"
    assert summary["total"] == ROWS and summary["succeeded"] == ROWS
    assert summary["read_on_resume"] == ROWS - read_at_kill
    assert len(registrations) == ROWS, "rows of the file were never delivered"
    assert set(registrations.values()) == {1}, "an attendee was registered twice"
    assert detail["succeeded"] == ROWS and detail["total"] == ROWS


def test_killed_while_reading_with_the_file_changed_stops_with_a_sentence(
    tmp_path: Path, isolated_home: Path
) -> None:
    with SandboxServer(SandboxConfig(latency_ms=0)) as sandbox:
        add_connector(isolated_home, sandbox)
        path = write_people(tmp_path / "people.csv", ROWS)
        read_at_kill = start_import_and_kill_while_reading(isolated_home, path)
        assert 0 < read_at_kill < ROWS, f"not killed while reading ({read_at_kill} rows read)"
        run_id = run_cli_process(isolated_home, "history", "--json").json()[0]["run_id"]

        with path.open("a", encoding="utf-8") as out:  # the coordinator added a late registration
            out.write("Late,Comer,late@example.com,Firma\r\n")
        resumed = run_cli_process(isolated_home, "resume", str(run_id), "--json")
        history = run_cli_process(isolated_home, "history", "--json").json()
        requests = sandbox.stats().get("requests", 0)

    assert resumed.code == 2, resumed.out + resumed.err
    assert "Traceback" not in resumed.err
    lines = [line for line in resumed.err.splitlines() if line.strip()]
    assert len(lines) == 1, resumed.err
    assert "changed" in lines[0] and "never read" in lines[0] and "import" in lines[0]
    assert f"{read_at_kill:,} rows" in lines[0]
    assert history[0]["status"] == "partly_read"
    assert history[0]["status"] != "completed"
    assert requests == 0, "rows of a file that changed were sent"


def test_killed_while_reading_with_the_file_gone_stops_with_a_sentence(
    tmp_path: Path, isolated_home: Path
) -> None:
    with SandboxServer(SandboxConfig(latency_ms=0)) as sandbox:
        add_connector(isolated_home, sandbox)
        path = write_people(tmp_path / "people.csv", ROWS)
        read_at_kill = start_import_and_kill_while_reading(isolated_home, path)
        assert 0 < read_at_kill < ROWS
        run_id = run_cli_process(isolated_home, "history", "--json").json()[0]["run_id"]
        path.unlink()

        resumed = run_cli_process(isolated_home, "resume", str(run_id))

    assert resumed.code == 2, resumed.out + resumed.err
    assert "no longer there" in resumed.err and "Traceback" not in resumed.err
