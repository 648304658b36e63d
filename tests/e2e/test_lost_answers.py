"""Lost answers are told: a server that processes a request and then drops the connection (10% of
calls), or accepts one and goes quiet. Every row ends delivered; an upserting platform holds each
visitor once; on 10times, which cannot update a registration, every extra copy the server
received is counted in ``possible_duplicates`` and named in the report; no run hangs."""

from __future__ import annotations

import csv
from pathlib import Path

from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, add_tentimes

FAST = ("--set", "rate_limit_per_minute=0", "--set", "max_concurrency=8")
QUIET_TIMEOUT = ("--set", "timeout_s=1")  # a quiet server is cut after a second
FAULTS = SandboxConfig(
    drop_after_processing_rate=0.1, fault_rate=0.03, fault_kinds=("quiet",), seed=23
)


def people(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["First Name", "Last Name", "Email", "Company"])
        writer.writerows(
            [f"Ana{i}", f"Kowalska{i}", f"ana{i}@example.com", "Firma"] for i in range(count)
        )
    return path


def test_on_10times_every_extra_copy_is_counted_and_named(cli, tmp_path: Path) -> None:
    with SandboxServer(FAULTS) as sandbox:
        add_tentimes(cli, sandbox, "tt", *FAST, *QUIET_TIMEOUT)
        errors = tmp_path / "errors.csv"

        result = cli("import", "tt", str(people(tmp_path / "p.csv", 300)), "--json",
                     "--errors", str(errors))  # fmt: skip
        human = cli("history", str(result.json()["run_id"]))
        registrations = sandbox.registrations(1001)
        stats = sandbox.stats()

    summary = result.json()
    assert stats.get("fault_quiet", 0) > 0, "no server went quiet: the test proved nothing"
    assert summary["succeeded"] == 300 and result.code == 0, result.out + result.err
    assert len(registrations) == 300
    extra_copies = sum(registrations.values()) - 300
    assert extra_copies > 0, "no answer was lost after processing: the test proved nothing"
    # Every extra copy is counted. A quiet call was never processed, but the client cannot know
    # that: it counts too (and so may a slow answer cut at the timeout on a busy machine).
    assert extra_copies <= summary["possible_duplicates"]
    assert summary["possible_duplicates"] <= extra_copies + stats["fault_quiet"] + 10
    with errors.open(encoding="utf-8-sig") as handle:
        listed = [r for r in csv.DictReader(handle) if r["Status"] == "possible duplicate"]
    twice = {email for email, n in registrations.items() if n > 1}
    assert twice <= {r["Email"] for r in listed}
    assert human.code == 0


def test_with_resend_off_a_lost_answer_leaves_the_row_uncertain(cli, tmp_path: Path) -> None:
    config = SandboxConfig(fault_script=("none", "drop_after", "none"))
    with SandboxServer(config) as sandbox:
        add_tentimes(cli, sandbox, "tt", "--set", "max_concurrency=1",
                     "--set", "resend_after_lost_answer=false")  # fmt: skip

        result = cli("import", "tt", str(people(tmp_path / "p.csv", 3)), "--json")
        registrations = sandbox.registrations(1001)

    summary = result.json()
    assert result.code == 1
    assert summary["succeeded"] == 2 and summary["possible_duplicates"] == 0
    assert set(registrations.values()) == {1} and len(registrations) == 3
    detail = cli("history", str(summary["run_id"]), "--json").json()
    uncertain = [r for r in detail["rows"] if r["status"] == "uncertain"]
    assert len(uncertain) == 1 and "resend_after_lost_answer" in uncertain[0]["reason"]


def test_an_upserting_platform_holds_each_visitor_once(cli, tmp_path: Path) -> None:
    with SandboxServer(FAULTS) as sandbox:
        added = cli(
            "connector", "add", "expo", "--platform", "expoplatform",
            "--set", f"base_url={sandbox.url('expoplatform')}", "--set", "event=1001",
            *FAST, *QUIET_TIMEOUT, "--secret", "api_key", stdin=f"{API_KEY}\n",
        )  # fmt: skip
        assert added.code == 0, added.err

        result = cli("import", "expo", str(people(tmp_path / "p.csv", 300)), "--json")
        visitors = sandbox.runtime.state.expoplatform.snapshot()["1001"]["visitors"]

    assert result.code == 0 and result.json()["succeeded"] == 300, result.out + result.err
    assert result.json()["possible_duplicates"] == 0
    assert len({v["email"] for v in visitors}) == 300 and len(visitors) == 300
