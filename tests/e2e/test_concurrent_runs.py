"""Two runs at once: the same file imported twice at the same moment (a double click, two
terminals, the app beside the CLI) delivers each attendee once; two first-ever runs both run.

Real processes against one history file and the sandbox over real HTTP: the guarantees rest on
SQLite's locking across processes, which threads in one process would not prove.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
import subprocess
import sys
import time
from pathlib import Path

from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, run_cli_process, subprocess_env, tentimes_add_args

FAST = ("--set", "rate_limit_per_minute=0", "--set", "max_concurrency=8")


def write_people(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Name,E-mail,Company\r\n")
        for i in range(count):
            out.write(f"Zoë Nowak {i},zoe{i}@example.com,Firma {i}\r\n")
    return path


def start_import(home: Path, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "attendee_relay", "import", "tt", str(path), "--json"],
        env=subprocess_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_same_file_imported_twice_at_once_delivers_each_attendee_once(
    tmp_path: Path, isolated_home: Path
) -> None:
    # The connector is added first, but the history database does not exist yet: these are
    # also two first-ever runs, which once failed with "table runs already exists".
    with SandboxServer(SandboxConfig(latency_ms=5)) as sandbox:
        added = run_cli_process(
            isolated_home, *tentimes_add_args(sandbox.url("10times"), "tt", *FAST),
            stdin=f"{API_KEY}\n",
        )  # fmt: skip
        assert added.code == 0, added.err
        assert not (isolated_home / "data" / "attendee-relay" / "history.sqlite3").exists()
        path = write_people(tmp_path / "people.csv", 600)

        procs = [start_import(isolated_home, path) for _ in range(2)]
        outputs = [proc.communicate(timeout=300) for proc in procs]
        registrations = sandbox.registrations(1001)

    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, out + err
        assert "Traceback" not in err and "cannot be opened" not in err
    summaries = [json.loads(out) for out, _err in outputs]
    assert len(registrations) == 600
    assert set(registrations.values()) == {1}, "an attendee was registered twice"
    assert sum(s["succeeded"] for s in summaries) == 600
    assert sum(s["skipped"] for s in summaries) == 600
    for s in summaries:
        assert s["total"] == 600 and s["succeeded"] + s["skipped"] == 600

    # The skipped rows say which run has them.
    later = max(summaries, key=lambda s: s["skipped"])
    other = min(summaries, key=lambda s: s["skipped"])["run_id"]
    detail = run_cli_process(isolated_home, "history", str(later["run_id"]), "--json").json()
    assert detail["skipped"] == later["skipped"]
    shown = run_cli_process(isolated_home, "history", str(later["run_id"]))
    assert f"run {other}" in shown.out, shown.out


def _open_history(path: str, barrier: multiprocessing.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    from attendee_relay.core.history import HistoryStore

    barrier.wait()
    HistoryStore(Path(path)).close()


def test_many_processes_creating_the_history_at_once_all_open_it(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(6)
    path = str(tmp_path / "history.sqlite3")
    procs = [ctx.Process(target=_open_history, args=(path, barrier)) for _ in range(6)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
    assert [proc.exitcode for proc in procs] == [0] * 6


def test_two_resumes_of_one_run_at_once_send_each_row_once(
    tmp_path: Path, isolated_home: Path
) -> None:
    quiet = SandboxConfig(fault_rate=1.0, fault_kinds=("quiet",))
    with SandboxServer(quiet) as sandbox:
        added = run_cli_process(
            isolated_home,
            *tentimes_add_args(sandbox.url("10times"), "tt", "--set", "rate_limit_per_minute=0",
                               "--set", "timeout_s=60"),
            stdin=f"{API_KEY}\n",
        )  # fmt: skip
        assert added.code == 0, added.err
        path = write_people(tmp_path / "people.csv", 300)
        first = start_import(isolated_home, path)  # every request hangs: then Ctrl-C
        deadline = time.monotonic() + 60
        while sandbox.stats().get("fault_quiet", 0) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
        assert first.returncode == 130

        sandbox.configure(fault_rate=0.0, latency_ms=5)
        resumes = [
            subprocess.Popen(
                [sys.executable, "-m", "attendee_relay", "resume", "1", "--json"],
                env=subprocess_env(isolated_home),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [proc.communicate(timeout=300) for proc in resumes]
        registrations = sandbox.registrations(1001)

    codes = sorted(proc.returncode for proc in resumes)
    assert codes == [0, 2], outputs
    refused = next(err for proc, (_o, err) in zip(resumes, outputs, strict=True) if proc.returncode)
    assert "still running in another window or terminal" in refused
    assert len(registrations) == 300 and set(registrations.values()) == {1}
