"""Run the built bundle as a user's machine would: no Python, no PYTHONPATH, outside the repository.

Checks ``--version``, starts the bundle's own sandbox, adds a connector (secrets in keyrings.alt's
plaintext file: a CI box has no keychain), dry-runs an import of the bundled sample CSV, opens the
desktop app's window offscreen, and prints the bundle's size. Exits non-zero on the first failure.

    python packaging/smoke_test.py dist/attendee-relay/attendee-relay
"""

from __future__ import annotations

import json
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY_PREFIX = "Sandbox listening on "
TIMEOUT_S = 120


def clean_env(home: Path) -> dict[str, str]:
    """An environment with no trace of a Python install: only system paths, a private home."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
        # No keychain on a CI box: keyrings.alt's file backend is bundled for exactly this.
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
    }
    (home / "runtime").mkdir(parents=True, mode=0o700, exist_ok=True)
    return env


def run(exe: Path, args: list[str], env: dict[str, str], cwd: Path, stdin: str = "") -> str:
    """Run the bundle; fail loudly with its output unless it exits 0."""
    started = time.monotonic()
    done = subprocess.run(
        [str(exe), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=TIMEOUT_S,
        check=False,
    )
    took = time.monotonic() - started
    print(f"$ attendee-relay {' '.join(args)}  -> exit {done.returncode} in {took:.1f} s")
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(f"smoke test failed: attendee-relay {' '.join(args)}")
    return done.stdout


def start_sandbox(exe: Path, env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen[str], str]:
    """Start ``sandbox --port 0`` in the background; return it and its base URL."""
    process = subprocess.Popen(
        [str(exe), "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=cwd,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        if line.startswith(READY_PREFIX):
            return process, line[len(READY_PREFIX) :].strip()
    process.kill()
    raise SystemExit("smoke test failed: the bundled sandbox did not report its address")


def main() -> int:
    exe = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist/attendee-relay/attendee-relay")
    exe = exe.resolve()
    built = exe.parent
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="attendee-relay-smoke-") as tmp:
        # A copy somewhere else: the bundle must not lean on the repository or the build paths.
        bundle = Path(tmp) / "unpacked" / built.name
        shutil.copytree(built, bundle, symlinks=True)
        exe = bundle / exe.name
        sample = next(bundle.rglob("attendee_relay/resources/sample_attendees.csv"))
        home = Path(tmp) / "home"
        work = Path(tmp) / "elsewhere"  # not the repository: nothing importable beside us
        work.mkdir(parents=True)
        env = clean_env(home)

        out = run(exe, ["--version"], env, work)
        if out.strip() != f"attendee-relay {version}":
            raise SystemExit(f"smoke test failed: --version said {out.strip()!r}, not {version}")

        sandbox, base_url = start_sandbox(exe, env, work)
        try:
            run(
                exe,
                [
                    "connector", "add", "demo", "--platform", "10times",
                    "--set", f"base_url={base_url}/10times",
                    "--set", "event=1001", "--set", "channel=web", "--secret", "api_key",
                ],
                env, work, stdin="sandbox-key\n",
            )  # fmt: skip
            out = run(exe, ["connector", "list"], env, work)
            if "demo" not in out:
                raise SystemExit("smoke test failed: the connector was not saved")
            report = run_import(exe, sample, env, work)
        finally:
            sandbox.send_signal(signal.SIGINT)
            try:
                sandbox.wait(timeout=15)
            except subprocess.TimeoutExpired:
                sandbox.kill()
        print(
            "  dry run: {total} rows, {would_send} would be sent, {refused} refused".format(
                **report
            )
        )

        check_desktop_app(exe, env, work, home)

    size = sum(p.lstat().st_size for p in built.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"== smoke test passed in {time.monotonic() - started:.0f} s")
    print(f"== bundle size (unpacked): {size / 1_000_000:.1f} MB")
    if size >= 200_000_000:
        raise SystemExit("smoke test failed: the bundle grew past 200 MB")
    return 0


def check_desktop_app(exe: Path, env: dict[str, str], work: Path, home: Path) -> None:
    """Open the main window offscreen; its log must exist, hold no secret and no Qt problem."""
    window_env = {**env, "ATTENDEE_RELAY_STARTUP_PROBE": "1"}
    out = run(exe, [], window_env, work)
    if out.strip() != "window-shown":
        raise SystemExit(f"smoke test failed: the desktop app said {out.strip()!r}")
    logs = list((home / "state").rglob("attendee-relay.log"))
    if not logs:
        raise SystemExit("smoke test failed: the desktop app wrote no log file")
    logged = "".join(p.read_text(encoding="utf-8") for p in logs)
    if "sandbox-key" in logged:
        raise SystemExit("smoke test failed: a secret reached the log")
    # A missing Qt plugin (SVG icons, a platform) shows up as a Qt warning in the log.
    problems = [line for line in logged.splitlines() if " qt:" in line or "ERROR" in line]
    if problems:
        raise SystemExit("smoke test failed: the log has problems:\n" + "\n".join(problems))


def run_import(exe: Path, sample: Path, env: dict[str, str], cwd: Path) -> dict[str, object]:
    """Dry-run the sample list (one row has a bad e-mail on purpose: exit 1 is the right answer)."""
    args = ["import", "demo", str(sample), "--dry-run", "--json"]
    done = subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=TIMEOUT_S,
        check=False,
    )
    print(f"$ attendee-relay {' '.join(args)}  -> exit {done.returncode}")
    try:
        report: dict[str, object] = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        raise SystemExit("smoke test failed: the dry run printed no JSON report") from None
    expected = {"total": 31, "would_send": 30, "refused": 1, "sent": 0}
    if done.returncode != 1 or {k: report.get(k) for k in expected} != expected:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(f"smoke test failed: the dry run did not give {expected}")
    return report


if __name__ == "__main__":
    sys.exit(main())
