"""A server that goes quiet (accepts requests, never answers): Ctrl-C stops the run at once
instead of waiting out the timeout, the run stays resumable, and its resume delivers every row
once when the server answers again."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, run_cli_process, subprocess_env, tentimes_add_args

QUIET = SandboxConfig(fault_rate=1.0, fault_kinds=("quiet",))


def test_ctrl_c_stops_a_run_waiting_on_a_quiet_server_at_once(
    tmp_path: Path, isolated_home: Path
) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "Name,Email\n" + "".join(f"Guest {i},g{i}@example.com\n" for i in range(40)), "utf-8"
    )
    with SandboxServer(QUIET) as sandbox:
        added = run_cli_process(
            isolated_home,
            *tentimes_add_args(sandbox.url("10times"), "tt", "--set", "timeout_s=60",
                               "--set", "rate_limit_per_minute=0"),
            stdin=f"{API_KEY}\n",
        )  # fmt: skip
        assert added.code == 0, added.err
        proc = subprocess.Popen(
            [sys.executable, "-m", "attendee_relay", "import", "tt", str(people), "--json"],
            env=subprocess_env(isolated_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while sandbox.stats().get("fault_quiet", 0) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sandbox.stats().get("fault_quiet", 0) >= 4, "the requests never went out"

        asked = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=50)
        took = time.monotonic() - asked

        # Far below the 60 s timeout: the run did not wait for the quiet server.
        assert took < 20, f"Ctrl-C took {took:.1f} s"
        assert proc.returncode == 130, out + err
        assert "Traceback" not in err
        run = run_cli_process(isolated_home, "history", "--json").json()[0]
        assert run["status"] == "interrupted" and run["succeeded"] == 0

        sandbox.configure(fault_rate=0.0)
        resumed = run_cli_process(isolated_home, "resume", str(run["run_id"]), "--json")
        registrations = sandbox.registrations(1001)

    assert resumed.code == 0, resumed.out + resumed.err
    assert resumed.json()["succeeded"] == 40
    assert len(registrations) == 40 and set(registrations.values()) == {1}
