"""Peak memory of big imports through the real CLI, each in its own process, beside baselines.

    PYTHONPATH=app python bench/memory.py [--rows 1000000] [--import-rows 200000]

Measured with os.wait4 (the peak resident set of exactly that child process). On exec, Linux
counts the parent's peak into the child's, so this script stays small: it imports nothing of
the app.

- baselines: the interpreter starting the app (``attendee-relay --version``) and a plain
  ``csv.reader`` pass over the same file;
- ``attendee-relay import NAME FILE --dry-run`` of ``--rows`` rows. Target: under 250 MB;
- ``attendee-relay import NAME FILE`` of ``--import-rows`` rows (every row recorded in the
  history database) against the sandbox in its own process, stopped with Ctrl-C after
  ``--deliver-s`` seconds of delivery: memory must not grow with the file.

The CLI runs with isolated XDG directories and the plain-text keyring (test machines only), so
nothing touches the user's own profiles, history or keychain. A measurement, not a test: it
always exits 0.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import write_attendees
from _sandbox import sandbox

APP = Path(__file__).resolve().parents[1] / "app"
TARGET_MB = 250
CSV_PASS = (
    "import csv, sys\nfor _ in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')): pass"
)


def environment(home: Path) -> dict[str, str]:
    """The CLI's environment: its own config, data and cache dirs, a file keyring."""
    env = {**os.environ, "PYTHONPATH": str(APP), "HOME": str(home)}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    return env


def peak_mb(
    command: list[str], env: dict[str, str], *, stdin: str = "", stop_after_s: float | None = None
) -> tuple[float, float, int, str]:
    """Run ``command``; its peak RSS in MB, seconds, exit status and output.

    With ``stop_after_s``, the process gets SIGINT (Ctrl-C) after that many seconds.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, text=True, env=env
        )
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
        if stop_after_s is not None:
            try:
                process.wait(timeout=stop_after_s)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGINT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        output = out.read()
    # ru_maxrss is in kilobytes on Linux.
    return usage.ru_maxrss / 1024, seconds, process.returncode, output


def own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "attendee_relay", *args]


def add_connector(env: dict[str, str], name: str, base_url: str, concurrency: int) -> None:
    command = cli("connector", "add", name, "--platform", "10times")
    command += ["--set", f"base_url={base_url}", "--set", "event=1001", "--set", "channel=web"]
    command += ["--set", f"max_concurrency={concurrency}", "--set", "rate_limit_per_minute=0"]
    command += ["--secret", "api_key"]
    subprocess.run(
        command, input="sandbox-key\n", text=True, env=env, check=True, stdout=subprocess.DEVNULL
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the dry run")
    parser.add_argument("--import-rows", type=int, default=200_000, help="rows of the real import")
    parser.add_argument("--deliver-s", type=float, default=40.0, help="delivery time before Ctrl-C")
    args = parser.parse_args()
    table: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        folder = Path(tmp)
        env = environment(folder / "home")
        print(f"Writing {args.rows:,} and {args.import_rows:,} rows...", flush=True)
        big = write_attendees(folder / "big.csv", args.rows)
        medium = write_attendees(folder / "medium.csv", args.import_rows)
        size_mb = big.stat().st_size / 1e6

        mb, seconds, _, _ = peak_mb(cli("--version"), env)
        table.append(("baseline: the app starting (--version)", mb, seconds, ""))
        mb, seconds, _, _ = peak_mb([sys.executable, "-c", CSV_PASS, str(big)], env)
        table.append((f"baseline: csv.reader over {args.rows:,} rows", mb, seconds, ""))

        add_connector(env, "dry", "http://127.0.0.1:9/10times", 8)
        mb, seconds, code, output = peak_mb(cli("import", "dry", str(big), "--dry-run"), env)
        ok = mb < TARGET_MB
        note = f"< {TARGET_MB} MB {'met' if ok else 'MISSED'}" + (
            "" if code in (0, 1) else f"; exit {code}"
        )
        table.append(
            (f"import --dry-run, {args.rows:,} rows ({size_mb:.0f} MB)", mb, seconds, note)
        )
        if code not in (0, 1):
            print(output[-2000:])

        with sandbox(0) as url:
            add_connector(env, "real", f"{url}/10times", 16)
            mb, seconds, code, output = peak_mb(
                cli("import", "real", str(medium), "--json"), env, stop_after_s=args.deliver_s
            )
        delivered = (
            output.count('"succeeded"') and output.split('"succeeded":')[1].split(",")[0].strip()
        )
        table.append(
            (
                f"import, {args.import_rows:,} rows recorded, delivering until Ctrl-C",
                mb,
                seconds,
                f"exit {code}, delivered {delivered or '?'}",
            )
        )
    print()
    print(f"{'process':<58} {'peak RSS':>9} {'seconds':>8}  note")
    for label, mb, seconds, note in table:
        print(f"{label:<58} {mb:>6.0f} MB {seconds:>8.1f}  {note}")
    print(f"(this script's own peak, included in each figure: {own_peak_mb():.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
