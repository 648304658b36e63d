"""Exactly once under faults, and resume after a SIGKILL: the promises that make the tool trustworthy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import (
    API_KEY,
    add_influencersoft,
    add_tentimes,
    run_cli_process,
    subprocess_env,
    tentimes_add_args,
)

FAST = ("--set", "rate_limit_per_minute=0", "--set", "max_concurrency=8")


def write_people(path: Path, count: int) -> Path:
    lines = ["First Name,Last Name,Email,Company"]
    lines += [f"Person{i},Zoë{i},person{i}@example.com,Firma {i}" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_500_rows_under_503s_drops_html_pages_and_429s_arrive_exactly_once(
    cli, tmp_path: Path
) -> None:
    config = SandboxConfig(
        fault_rate=0.25, fault_kinds=("429", "503", "502", "500_html", "drop"), seed=11
    )
    with SandboxServer(config) as sandbox:
        add_tentimes(cli, sandbox, "tt", *FAST)
        path = write_people(tmp_path / "people.csv", 500)

        result = cli("import", "tt", str(path), "--json")

        stats = sandbox.stats()
        registrations = sandbox.registrations(1001)
    assert result.code == 0, result.out + result.err
    assert result.json()["succeeded"] == 500
    assert len(registrations) == 500
    assert set(registrations.values()) == {1}, "some attendee was registered twice"
    for kind in ("fault_429", "fault_503", "fault_502", "fault_500_html", "fault_drop"):
        assert stats.get(kind, 0) > 0, f"the sandbox never injected {kind}: {stats}"


def test_lost_answers_to_an_upserting_platform_leave_one_contact_each(cli, tmp_path: Path) -> None:
    # The nastiest fault: processed, then the connection drops. InfluencerSoft upserts by e-mail,
    # so a retry updates the same contact instead of creating a second one.
    with SandboxServer(SandboxConfig(drop_after_processing_rate=0.2, seed=5)) as sandbox:
        add_influencersoft(cli, sandbox, "is", *FAST)
        path = write_people(tmp_path / "people.csv", 200)

        result = cli("import", "is", str(path), "--json")

        contacts = sandbox.contacts("demo")
    assert result.code == 0, result.out + result.err
    assert len(contacts) == 200
    assert any(c["writes"] > 1 for c in contacts.values()), (
        "no answer was lost: the test proved nothing"
    )


def test_sigkill_halfway_then_resume_delivers_every_row_without_extra_copies(
    tmp_path: Path, isolated_home: Path
) -> None:
    with SandboxServer(SandboxConfig(latency_ms=20)) as sandbox:
        add = run_cli_process(
            isolated_home,
            *tentimes_add_args(sandbox.url("10times"), "tt", *FAST),
            stdin=f"{API_KEY}\n",
        )
        assert add.code == 0, add.err
        path = write_people(tmp_path / "people.csv", 2000)
        proc = subprocess.Popen(
            [sys.executable, "-m", "attendee_relay", "import", "tt", str(path), "--json"],
            env=subprocess_env(isolated_home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while len(sandbox.registrations(1001)) < 1000 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        at_kill = len(sandbox.registrations(1001))
        assert 1000 <= at_kill < 2000, f"the import was not halfway when killed ({at_kill})"

        history = run_cli_process(isolated_home, "history", "--json").json()
        run_id = history[0]["run_id"]
        assert history[0]["status"] == "interrupted"

        resumed = run_cli_process(isolated_home, "resume", str(run_id), "--json")
        assert resumed.code == 0, resumed.out + resumed.err
        detail = run_cli_process(isolated_home, "history", str(run_id), "--json").json()
        registrations = sandbox.registrations(1001)
        assert len(registrations) == 2000
        extra = sum(registrations.values()) - 2000
        in_flight_at_kill = resumed.json()["sent"] - (2000 - at_kill)
        assert extra <= max(0, in_flight_at_kill), (extra, in_flight_at_kill)
        assert extra <= 8, "more copies than requests in flight"
        # Each request carried one row: at most 8 rows' fate was unknown after the kill.
        assert resumed.json()["uncertain"] <= 8
        assert detail["succeeded"] == 2000

        requests_before = sandbox.stats()["requests"]
        again = run_cli_process(isolated_home, "import", "tt", str(path), "--json")
        assert again.code == 0, again.err
        assert again.json()["skipped"] == 2000 and again.json()["sent"] == 0
        assert sandbox.stats()["requests"] == requests_before
