"""Report files another program holds (Excel keeps the files it has open locked on Windows;
simulated with read-only files): the run is never harmed, and the user is told what to do."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, run_cli_process, subprocess_env, tentimes_add_args


def people(path: Path) -> Path:
    lines = ["Name,Email"] + [f"Person {i},p{i}@example.com" for i in range(8)]
    lines.append("No Address,not-an-address")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    # A folder as OneDrive-redirected Documents on a French laptop may be called.
    path = tmp_path / "OneDrive - Société" / "Documents Zoë"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def connector(isolated_home: Path, sandbox: SandboxServer) -> str:
    args = tentimes_add_args(sandbox.url("10times"), "tt", "--set", "rate_limit_per_minute=0")
    result = run_cli_process(isolated_home, *args, stdin=f"{API_KEY}\n")
    assert result.code == 0, result.err
    return "tt"


def test_a_read_only_errors_file_stops_the_import_before_anything_is_sent(
    connector: str, isolated_home: Path, sandbox: SandboxServer, folder: Path
) -> None:
    report = folder / "Fehler Zoë.csv"
    report.write_text("kept as it was\n", encoding="utf-8")
    report.chmod(0o444)

    result = run_cli_process(
        isolated_home, "import", connector, str(people(folder / "p.csv")), "--errors", str(report)
    )

    assert result.code == 2, result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err
    assert "read-only or open in another program" in lines[0] and "choose another name" in lines[0]
    assert sandbox.registrations(1001) == {}
    assert report.read_text(encoding="utf-8") == "kept as it was\n"
    assert json.loads(run_cli_process(isolated_home, "history", "--json").out) == []


def test_a_report_locked_during_the_run_leaves_rows_delivered_and_says_how_to_write_it(
    connector: str, isolated_home: Path, sandbox: SandboxServer, folder: Path
) -> None:
    sandbox.configure(latency_ms=1500)
    report = folder / "Fehler Zoë.csv"
    source = people(folder / "p.csv")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "attendee_relay",
            "import",
            connector,
            str(source),
            "--errors",
            str(report),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=subprocess_env(isolated_home),
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()  # "Run 1: 9 rows read ...": checked, now delivering
    assert first.startswith("Run "), first
    # Meanwhile the coordinator opens a file of that name in Excel.
    report.write_text("opened elsewhere\n", encoding="utf-8")
    report.chmod(0o444)
    out, rest = proc.communicate(timeout=60)
    err = first + rest

    assert proc.returncode == 1, err  # as the rows say: one refused
    assert "Traceback" not in err and "Unexpected error" not in err
    assert "The error report was not written" in err
    assert f"attendee-relay history 1 --errors {report}" in err
    assert "8 delivered, 1 refused" in out
    assert len(sandbox.registrations(1001)) == 8
    assert report.read_text(encoding="utf-8") == "opened elsewhere\n"

    # Closed in Excel: the report is written from the history, as the sentence said.
    report.chmod(0o644)
    again = run_cli_process(isolated_home, "history", "1", "--errors", str(report))
    assert again.code == 0, again.err
    with report.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["Email"], r["Status"]) for r in rows] == [("not-an-address", "refused")]


def test_history_errors_to_a_read_only_file_is_one_sentence(
    connector: str, isolated_home: Path, folder: Path
) -> None:
    assert (
        run_cli_process(isolated_home, "import", connector, str(people(folder / "p.csv"))).code == 1
    )
    report = folder / "errors.csv"
    report.write_text("", encoding="utf-8")
    report.chmod(0o444)

    result = run_cli_process(isolated_home, "history", "1", "--errors", str(report))

    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "read-only or open in another program" in result.err
