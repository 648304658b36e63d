"""Does the GUI thread stay responsive during a big import? A 10 ms heartbeat on the GUI thread
records every gap while the import wizard walks a 100,000-row file to a finished run.

Run (offscreen, private temp folders, the sandbox in a child process)::

    PYTHONPATH=app /work/venv/bin/python bench/gui_responsiveness.py

It prints the largest gap and the 99th percentile between heartbeats during the import, per phase,
beside a baseline: the same heartbeat with the app idle for as long as the import took.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# Before anything imports Qt: headless, and every user folder inside a throw-away directory.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_TMP = Path(tempfile.mkdtemp(prefix="attendee-relay-bench-"))
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = str(_TMP / _var.lower())
    Path(os.environ[_var]).mkdir(parents=True)

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from PySide6.QtCore import QObject, Qt, QTimer, Slot  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from attendee_relay.core.history import HistoryStore  # noqa: E402
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore  # noqa: E402
from attendee_relay.core.secrets import SecretStore  # noqa: E402
from attendee_relay.sandbox.cli import READY_PREFIX  # noqa: E402
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId  # noqa: E402

HEARTBEAT_MS = 10
STALL_LIMIT_MS = 50  # the longest the GUI thread may stall (issue 3)
CONNECTOR = "bench-10times"


class _MemoryKeyring(KeyringBackend):
    """The bench never touches the real keychain."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@dataclass
class Heartbeat:
    """Gaps between ticks of a 10 ms timer on the GUI thread, filed under the current phase."""

    phase: str = "idle"
    gaps: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    #: Each stall over the limit: phase, seconds into that phase when it ended, milliseconds.
    stalls: list[tuple[str, float, float]] = field(default_factory=list)
    _last: float = 0.0
    _phase_started: dict[str, float] = field(default_factory=dict)

    def tick(self) -> None:
        now = time.perf_counter()
        started = self._phase_started.setdefault(self.phase, now)
        if self._last:
            gap = (now - self._last) * 1000
            self.gaps[self.phase].append(gap)
            if gap > STALL_LIMIT_MS:
                self.stalls.append((self.phase, now - started, gap))
        self._last = now


@dataclass
class GcPauses:
    """How long each garbage collection held the GIL, in any thread (a stall suspect)."""

    longest: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    _start: float = 0.0

    def __call__(self, step: str, info: dict[str, int]) -> None:
        if step == "start":
            self._start = time.perf_counter()
        else:
            ms = (time.perf_counter() - self._start) * 1000
            generation = info["generation"]
            self.longest[generation] = max(self.longest[generation], ms)


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Email", "Company", "Job Title", "Country"])
        for i in range(rows):
            writer.writerow(
                [f"Ada{i}", f"Lovelace{i}", f"ada{i}@example.org", "Analytical", "CTO", "Germany"]
            )


def start_sandbox(latency_ms: int) -> tuple[subprocess.Popen[str], str]:
    """The sandbox in a child process, so its work does not share this process's GIL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "attendee_relay.sandbox",
            "--port",
            "0",
            "--latency-ms",
            str(latency_ms),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(READY_PREFIX):
            return process, line.removeprefix(READY_PREFIX).strip()
    raise SystemExit("The sandbox did not start.")


class Driver(QObject):
    """Presses Next whenever the current page is ready, as a person would, until the run ends."""

    def __init__(self, wizard: ImportWizard, beat: Heartbeat, app: QApplication) -> None:
        super().__init__()
        self.wizard = wizard
        self.beat = beat
        self.app = app
        self.finished_at = 0.0
        self.run_id = 0
        self.timer = QTimer(self)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.step)
        wizard.runFinished.connect(self.done)
        wizard.bridge.started.connect(self.delivering)

    @Slot()
    def step(self) -> None:
        wizard = self.wizard
        page = PageId(wizard.currentId())
        if page is PageId.RUN:
            return
        self.beat.phase = page.name.lower() if page is not PageId.RUN else self.beat.phase
        if wizard.currentPage().isComplete():
            wizard.next()
            if wizard.currentId() == PageId.RUN:
                self.beat.phase = "prepare"

    @Slot(int)
    def delivering(self, _run_id: int) -> None:
        self.beat.phase = "deliver"

    @Slot(int)
    def done(self, run_id: int) -> None:
        self.run_id = run_id
        self.finished_at = time.perf_counter()
        self.beat.phase = "after"
        self.timer.stop()
        self.app.quit()


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(label: str, gaps: list[float]) -> str:
    if not gaps:
        return f"{label:<22} (no ticks)"
    return (
        f"{label:<22} ticks {len(gaps):>6}  max gap {max(gaps):7.1f} ms  "
        f"p99 {percentile(gaps, 99):6.1f} ms  median {statistics.median(gaps):5.1f} ms  "
        f"over 50 ms: {sum(g > STALL_LIMIT_MS for g in gaps)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--latency-ms", type=int, default=3, help="sandbox latency (0-5 ms)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--baseline-s",
        type=float,
        default=None,
        help="seconds of idle heartbeat (default: as long as the import took)",
    )
    args = parser.parse_args()

    keyring.set_keyring(_MemoryKeyring())
    source = _TMP / "attendees.csv"
    write_csv(source, args.rows)
    sandbox, base_url = start_sandbox(args.latency_ms)
    try:
        ProfileStore().save(
            ConnectorProfile(
                name=CONNECTOR,
                platform="10times",
                settings={
                    "base_url": f"{base_url}/10times",
                    "event": "1001",
                    "channel": "web",
                    "max_concurrency": args.concurrency,
                    "rate_limit_per_minute": 0,
                },
                secret_names=["api_key"],
            )
        )
        SecretStore().set(CONNECTOR, "api_key", "sandbox-key")
        app = QApplication(sys.argv[:1])
        beat = Heartbeat()
        heart = QTimer()
        heart.setTimerType(Qt.TimerType.PreciseTimer)
        heart.setInterval(HEARTBEAT_MS)
        heart.timeout.connect(beat.tick)

        wizard = ImportWizard(initial_file=source, connector_name=CONNECTOR)
        wizard.show()
        driver = Driver(wizard, beat, app)
        pauses = GcPauses()
        gc.callbacks.append(pauses)
        heart.start()
        started = time.perf_counter()
        driver.timer.start()
        app.exec()
        elapsed = driver.finished_at - started
        gc.callbacks.remove(pauses)
        during = [g for phase, gaps in beat.gaps.items() if phase != "after" for g in gaps]
        info = HistoryStore().get_run(driver.run_id)

        print(
            f"{args.rows:,} rows → run {driver.run_id} {info.status}: "
            f"{info.counts.delivered:,} delivered in {elapsed:.1f} s (sandbox latency "
            f"{args.latency_ms} ms, concurrency {args.concurrency}, no rate limit)"
        )
        print(report("whole import", during))
        for phase in (
            "file",
            "connector",
            "mapping",
            "validation",
            "preview",
            "prepare",
            "deliver",
        ):
            print(report(f"  {phase}", beat.gaps.get(phase, [])))
        longest = ", ".join(f"gen {g}: {ms:.1f} ms" for g, ms in sorted(pauses.longest.items()))
        print(f"longest garbage collection during the import: {longest}", flush=True)
        for phase, at_s, gap in beat.stalls:
            if phase != "after":
                print(f"  stall of {gap:.1f} ms, {at_s:.2f} s into {phase}")

        # Baseline: the same heartbeat, the wizard still open, nothing running.
        idle = Heartbeat(phase="idle")
        heart.timeout.disconnect(beat.tick)
        heart.timeout.connect(idle.tick)
        baseline_s = elapsed if args.baseline_s is None else args.baseline_s
        QTimer.singleShot(int(baseline_s * 1000), app.quit)
        app.exec()
        heart.stop()
        wizard.close()
        print(report(f"baseline (idle {baseline_s:.0f} s)", idle.gaps["idle"]))
    finally:
        sandbox.terminate()
        sandbox.wait(10)
        shutil.rmtree(_TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
