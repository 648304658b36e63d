"""A full disk while a run writes its history: one sentence naming the folder and roughly the
space needed, no traceback, nothing lost; once space is freed, the run resumes to deliver the
whole file exactly once.

The disk is a real small filesystem (a tmpfs mounted for the test) where this machine allows
it; elsewhere the child process gets a file-size limit (RLIMIT_FSIZE), which fails writes the
same way a full disk does.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, subprocess_env, tentimes_add_args

ROWS = 20_000
SMALL = 2 * 1024 * 1024


def write_people(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Name,Email,Company,Notes\r\n")
        for i in range(ROWS):
            out.write(f"Małgorzata Nowak {i},m{i}@example.com,Firma {i},{'x' * 40}\r\n")
    return path


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[tuple[Callable[[], None] | None, Callable[[], None]]]:
    """Yields (limit for the child, or None when the folder is a small tmpfs; free space)."""
    folder.mkdir(parents=True)
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={SMALL}", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    limit: list[Callable[[], None] | None] = [None if mounted else _file_size_limit]

    def free_space() -> None:
        if mounted:
            subprocess.run(["mount", "-o", "remount,size=256m", str(folder)], check=True)
        limit[0] = None

    try:
        yield limit[0], free_space
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def _file_size_limit() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (SMALL, SMALL))


def cli(
    argv: list[str], limit: Callable[[], None] | None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "attendee_relay", *argv],
        env=subprocess_env(Path.home()),
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        preexec_fn=limit,  # the limit applies to the child alone
    )


def test_a_full_disk_stops_the_run_with_a_sentence_and_the_resume_delivers_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = tmp_path / "small-disk"
    monkeypatch.setenv("XDG_DATA_HOME", str(disk))
    with small_disk(disk) as (limit, free_space), SandboxServer(SandboxConfig()) as sandbox:
        added = cli(
            [*tentimes_add_args(sandbox.url("10times"), "tt",
                                "--set", "rate_limit_per_minute=0", "--set", "max_concurrency=8")],
            None, stdin=f"{API_KEY}\n",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        path = write_people(tmp_path / "people.csv")

        full = cli(["import", "tt", str(path)], limit)

        assert full.returncode == 2, full.stdout + full.stderr
        assert "Traceback" not in full.stderr and "Unexpected error" not in full.stderr
        lines = [line for line in full.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, full.stderr
        assert str(disk / "attendee-relay") in lines[0] and "Free about" in lines[0]
        assert "attendee-relay resume 1" in lines[0]

        free_space()
        resumed = cli(["resume", "1", "--json"], None)
        registrations = sandbox.registrations(1001)

    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert '"total": 20000' in resumed.stdout and '"succeeded": 20000' in resumed.stdout
    assert len(registrations) == ROWS and set(registrations.values()) == {1}
