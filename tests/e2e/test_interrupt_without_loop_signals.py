"""Imports where asyncio cannot watch signals, as on Windows (its proactor event loop has no
``add_signal_handler``): a real import runs, and Ctrl-C still stops it cleanly and resumably."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, run_cli_process, subprocess_env, tentimes_add_args

# The CLI with Windows' event loop limits: what ProactorEventLoop answers, on Unix's loop.
WINDOWS_LOOP_CLI = """
import sys, asyncio.unix_events as unix
def not_on_windows(*args):
    raise NotImplementedError
unix._UnixSelectorEventLoop.add_signal_handler = not_on_windows
unix._UnixSelectorEventLoop.remove_signal_handler = not_on_windows
from attendee_relay.cli import main
sys.exit(main(sys.argv[1:]))
"""


def people(path: Path, count: int) -> Path:
    rows = [f"Person {i},p{i}@example.com" for i in range(count)]
    path.write_text("Name,Email\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def windows_loop_cli(home: Path, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WINDOWS_LOOP_CLI, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(home),
    )


def add_connector(home: Path, sandbox: SandboxServer, *extra: str) -> None:
    args = tentimes_add_args(sandbox.url("10times"), "tt", *extra)
    assert run_cli_process(home, *args, stdin=f"{API_KEY}\n").code == 0


def test_an_import_runs_where_the_loop_cannot_watch_signals(
    isolated_home: Path, sandbox: SandboxServer, tmp_path: Path
) -> None:
    add_connector(isolated_home, sandbox, "--set", "rate_limit_per_minute=0")
    proc = windows_loop_cli(
        isolated_home, "import", "tt", str(people(tmp_path / "p.csv", 5)), "--json"
    )
    out, err = proc.communicate(timeout=60)

    assert proc.returncode == 0, err
    assert "Unexpected error" not in err
    assert json.loads(out)["succeeded"] == 5
    assert len(sandbox.registrations(1001)) == 5


def test_ctrl_c_stops_such_an_import_and_leaves_it_resumable(
    isolated_home: Path, sandbox: SandboxServer, tmp_path: Path
) -> None:
    # One request at a time, 0.3 s each: the run is still sending when Ctrl-C comes.
    sandbox.configure(latency_ms=300)
    add_connector(
        isolated_home, sandbox, "--set", "rate_limit_per_minute=0", "--set", "max_concurrency=1"
    )
    proc = windows_loop_cli(isolated_home, "import", "tt", str(people(tmp_path / "p.csv", 12)))
    deadline = time.monotonic() + 30
    while not sandbox.registrations(1001) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the first attendee has arrived: the run is delivering
    proc.send_signal(signal.SIGINT)
    out, rest = proc.communicate(timeout=60)

    assert proc.returncode == 130, rest
    assert "Traceback" not in rest and "Unexpected error" not in rest
    assert "attendee-relay resume 1" in out
    delivered = len(sandbox.registrations(1001))
    assert delivered < 12

    resumed = run_cli_process(isolated_home, "resume", "1", "--json")
    assert resumed.code == 0, resumed.err
    assert len(sandbox.registrations(1001)) == 12
