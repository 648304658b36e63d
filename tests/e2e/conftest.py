"""End-to-end helpers: the sandbox over real HTTP on 127.0.0.1, and the CLI as a user runs it."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

import pytest

from attendee_relay.cli import main
from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import CliResult


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as server:
        yield server


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the CLI in this process: ``cli("import", "x", "f.csv", stdin="key\\n")``."""

    def run(*argv: str, stdin: str = "") -> CliResult:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
