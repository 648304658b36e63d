"""Helpers of the end-to-end tests: connectors added through the CLI, the CLI in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attendee_relay.sandbox.server import SandboxServer

API_KEY = "sandbox-key"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def tentimes_add_args(base_url: str, name: str = "tt", *extra: str) -> list[str]:
    """The argv of ``connector add`` for a 10times connector at ``base_url`` (event 1001, channel
    web); the key itself goes on standard input."""
    return [
        "connector", "add", name, "--platform", "10times",
        "--set", f"base_url={base_url}", "--set", "event=1001", "--set", "channel=web",
        *extra, "--secret", "api_key",
    ]  # fmt: skip


def add_tentimes(cli, sandbox: SandboxServer, name: str = "tt", *extra: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*tentimes_add_args(sandbox.url("10times"), name, *extra), stdin=f"{API_KEY}\n")
    assert result.code == 0, result.err


def add_influencersoft(cli, sandbox: SandboxServer, name: str = "is", *extra: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "connector",
        "add",
        name,
        "--platform",
        "influencersoft",
        "--set",
        f"base_url={sandbox.url('influencersoft/demo')}",
        *extra,
        "--secret",
        "api_key",
        stdin=f"{API_KEY}\n",
    )
    assert result.code == 0, result.err


def subprocess_env(home: Path) -> dict[str, str]:
    """Environment for the CLI in a child process: same XDG dirs, a file keyring, the source tree."""
    env = dict(os.environ)
    app_dir = str(Path(__file__).resolve().parents[2] / "app")
    env["PYTHONPATH"] = app_dir + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    env.pop("QT_QPA_PLATFORM", None)
    return env


def run_cli_process(
    home: Path,
    *argv: str,
    stdin: str = "",
    timeout: float = 120,
    env: dict[str, str] | None = None,
    encoding: str | None = None,
) -> CliResult:
    """Run the CLI in a child process; ``env`` adds variables, ``encoding`` decodes its output
    (strictly: bytes the child should not have written fail the test)."""
    proc = subprocess.run(
        [sys.executable, "-m", "attendee_relay", *argv],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        encoding=encoding,
        env={**subprocess_env(home), **(env or {})},
        timeout=timeout,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)
