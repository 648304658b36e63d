"""Forgetting an attendee on request (GDPR's right to erasure): after `history forget --email`,
the address is nowhere in the history file (checked with grep -a, as a person would), the run's
counts still add up, and the attendee is still never sent twice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from e2e.helpers import add_tentimes

ADDRESS = "Zofia.Wojcik_7@example.com"


def write(path: Path) -> Path:
    path.write_text(
        "Name,Email,Company\r\n"
        f"Zofia Wójcik,{ADDRESS},Acme\r\n"
        "Bo Li,bo@example.com,Globex\r\n"
        "Cy Ng,not-an-address,Initech\r\n",
        encoding="utf-8",
    )
    return path


def history_file(home: Path) -> Path:
    return home / "data" / "attendee-relay" / "history.sqlite3"


def grep_finds(text: str, path: Path) -> bool:
    """`grep -a -i` over the database file and what SQLite keeps beside it."""
    assert shutil.which("grep")
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    found = subprocess.run(
        ["grep", "-a", "-i", "-c", text, *map(str, files)], check=False, capture_output=True
    )
    return any(line.rsplit(b":", 1)[-1] != b"0" for line in found.stdout.splitlines())


def test_forget_by_email_leaves_no_trace_and_still_never_sends_twice(
    cli, sandbox, tmp_path: Path, isolated_home: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", "--set", "rate_limit_per_minute=0")
    path = write(tmp_path / "guests.csv")
    first = cli("import", "tt", str(path), "--json")
    assert first.json()["succeeded"] == 2
    db = history_file(isolated_home)
    assert grep_finds(ADDRESS, db), "the address was never stored: the test proves nothing"

    forgot = cli("history", "forget", "--email", ADDRESS.upper())

    assert forgot.code == 0, forgot.out + forgot.err
    assert "Forgot the personal data of 1 row in 1 run" in forgot.out
    assert not grep_finds(ADDRESS, db)
    assert not grep_finds("Wójcik", db) and not grep_finds("W\\u00f3jcik", db)
    assert grep_finds("bo@example.com", db), "another attendee's data was lost"
    run = cli("history", str(first.json()["run_id"]), "--json").json()
    assert (run["total"], run["succeeded"], run["refused"]) == (3, 2, 1)

    requests = sandbox.stats()["requests"]
    again = cli("import", "tt", str(path), "--json")
    assert again.json()["skipped"] == 2 and again.json()["succeeded"] == 0
    assert sandbox.stats()["requests"] == requests, "a forgotten attendee was sent again"


def test_forget_a_run_and_old_runs(cli, sandbox, tmp_path: Path, isolated_home: Path) -> None:
    add_tentimes(cli, sandbox, "tt", "--set", "rate_limit_per_minute=0")
    first = cli("import", "tt", str(write(tmp_path / "guests.csv")), "--json")
    db = history_file(isolated_home)

    nothing = cli("history", "forget", "--older-than", "30")
    assert nothing.code == 0 and "Nothing to forget" in nothing.out
    assert grep_finds("bo@example.com", db)

    run_id = str(first.json()["run_id"])
    done = cli("history", "forget", "--run", run_id)
    assert done.code == 0 and "3 rows in 1 run" in done.out, done.out
    assert not grep_finds("bo@example.com", db) and not grep_finds("not-an-address", db)

    bad = cli("history", "forget")
    assert bad.code == 2 and "--email" in bad.err
    missing = cli("history", "forget", "--run", "999")
    assert missing.code == 2 and "no run 999" in missing.err


def test_forget_waits_for_a_running_run_and_a_forgotten_person_is_never_sent(
    sandbox, tmp_path: Path, isolated_home: Path
) -> None:
    import signal
    import sys
    import time

    from e2e.helpers import API_KEY, run_cli_process, subprocess_env, tentimes_add_args

    sandbox.configure(fault_rate=1.0, fault_kinds=("quiet",))
    added = run_cli_process(
        isolated_home,
        *tentimes_add_args(sandbox.url("10times"), "tt", "--set", "max_concurrency=1"),
        stdin=f"{API_KEY}\n",
    )
    assert added.code == 0, added.err
    proc = subprocess.Popen(
        [sys.executable, "-m", "attendee_relay", "import", "tt", str(write(tmp_path / "g.csv"))],
        env=subprocess_env(isolated_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while sandbox.stats().get("fault_quiet", 0) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)

    during = run_cli_process(isolated_home, "history", "forget", "--email", "bo@example.com")
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    after = run_cli_process(isolated_home, "history", "forget", "--email", "bo@example.com")
    sandbox.configure(fault_rate=0.0)
    resumed = run_cli_process(isolated_home, "resume", "1", "--json")

    assert during.code == 2 and "in progress" in during.err, during.err
    assert after.code == 0, after.err
    assert "bo@example.com" not in sandbox.registrations(1001)
    assert resumed.json()["skipped"] == 1 and resumed.json()["succeeded"] == 1
