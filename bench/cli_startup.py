"""How fast the command line answers: ``attendee-relay --version``, ``--help`` and
``connector list`` (a fresh config, no connector), each beside a bare ``python -c pass`` timed in
the same run, as ratios. Targets: ``--version`` within 6x, ``connector list`` within 10x.

Run: ``python bench/cli_startup.py [--runs 15]`` from the project's venv. Each figure is the
median of the runs; the commands run as ``python -m attendee_relay`` with the same interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"--version": 6.0, "--help": 6.0, "connector list": 10.0}


def median_seconds(argv: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ)
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[var] = str(Path(home) / var.lower())
        env.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[1] / "app"))
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        baseline = median_seconds([sys.executable, "-c", "pass"], env, args.runs)
        print(f"python -c pass: {baseline * 1000:.1f} ms (the baseline)")
        missed = 0
        for command, target in TARGETS.items():
            argv = [sys.executable, "-m", "attendee_relay", *command.split()]
            seconds = median_seconds(argv, env, args.runs)
            ratio = seconds / baseline
            verdict = "ok" if ratio <= target else "MISSED"
            missed += verdict == "MISSED"
            print(
                f"attendee-relay {command}: {seconds * 1000:.1f} ms = {ratio:.1f}x the baseline "
                f"(target {target:g}x: {verdict})"
            )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
