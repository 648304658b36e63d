"""Time the desktop app's start-up: launch ``python -m attendee_relay`` headless (offscreen) with
a fresh config, and measure until the app reports its main window shown.

Run: ``PYTHONPATH=app python bench/startup.py [--runs 5]``. The app prints ``window-shown`` on the
first turn of its event loop after ``show()`` when ``ATTENDEE_RELAY_STARTUP_PROBE=1``, then quits.
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

LIMIT_S = 1.5


def one_launch(home: Path) -> float:
    """Seconds from process launch to the main window shown."""
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "ATTENDEE_RELAY_STARTUP_PROBE": "1",
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }
    )
    env.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[1] / "app"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "attendee_relay"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    elapsed = time.perf_counter() - start
    _out, err = proc.communicate(timeout=30)
    if line != "window-shown" or proc.returncode != 0:
        raise SystemExit(
            f"The app did not report its window (got {line!r}, exit {proc.returncode}): {err}"
        )
    if err.strip():
        raise SystemExit(f"The app wrote to stderr: {err}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one_launch(Path(tmp) / "warm")  # the first launch fills the OS file cache
        times = [one_launch(Path(tmp) / f"run{i}") for i in range(args.runs)]
    median = statistics.median(times)
    print(
        f"main window shown: median {median * 1000:.0f} ms, best {min(times) * 1000:.0f} ms, "
        f"worst {max(times) * 1000:.0f} ms over {len(times)} launches (limit {LIMIT_S * 1000:.0f} ms)"
    )
    return 0 if median <= LIMIT_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
