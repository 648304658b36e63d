"""The sandbox in its own process (its own core) for the benchmarks; imports nothing of the app."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
READY = "Sandbox listening on "


@contextmanager
def sandbox(latency_ms: int, rate_limit: int = 0) -> Iterator[str]:
    """A sandbox in its own process (its own core); yields its base URL, stops it after."""
    command = [sys.executable, "-m", "attendee_relay.sandbox", "--port", "0"]
    command += ["--latency-ms", str(latency_ms), "--rate-limit", str(rate_limit)]
    env = {**os.environ, "PYTHONPATH": str(APP)}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith(READY):
            raise RuntimeError(f"The sandbox did not start: {line!r}")
        yield line[len(READY) :].strip()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
