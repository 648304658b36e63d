"""`attendee-relay --version` and `--help` load the parser and nothing else: no command's module,
no pydantic, httpx, Qt or package-metadata machinery (their figures: bench/cli_startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parents[2] / "app"

#: What building and running the parser may load of ours.
PARSER_MODULES = {
    "attendee_relay",
    "attendee_relay.__main__",
    "attendee_relay.cli",
    "attendee_relay.commands",
    "attendee_relay.commands.exit_codes",
    # Standard streams set up so that --help prints on any console (stdlib only).
    "attendee_relay.commands.output_streams",
    "attendee_relay.commands.source_options",
    "attendee_relay.core",
    "attendee_relay.core.errors",
    "attendee_relay.version",
}
HEAVY = ("pydantic", "httpx", "PySide6", "aiohttp", "openpyxl", "importlib.metadata", "keyring")


def imported_modules(*args: str) -> tuple[set[str], str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "attendee_relay", *args],
        env={**os.environ, "PYTHONPATH": str(APP_DIR)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return names, done.stdout


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_nothing_beyond_the_parser(flag: str) -> None:
    names, stdout = imported_modules(flag)
    ours = {n for n in names if n.startswith("attendee_relay")}
    assert ours <= PARSER_MODULES, sorted(ours - PARSER_MODULES)
    assert not [n for n in names if n.split(".")[0] in HEAVY or n == "importlib.metadata"]
    assert stdout.startswith("attendee-relay 0.") if flag == "--version" else "usage:" in stdout


def test_connector_list_reads_the_profiles_without_pydantic_or_any_connector(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config"
    folder = config / "attendee-relay" / "connectors"
    folder.mkdir(parents=True)
    (folder / "tt.json").write_text(
        '{"name": "tt", "platform": "10times", "settings": {"base_url": "https://api.10times.com"},'
        ' "secret_names": ["api_key"], "last_test_ok": true,'
        ' "last_test_at": "2026-05-01T09:30:00Z", "last_test_message": "OK"}',
        encoding="utf-8",
    )
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(APP_DIR), "XDG_CONFIG_HOME": str(config),
           "XDG_STATE_HOME": str(tmp_path / "state")}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "attendee_relay", "connector", "list"],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    loaded = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert not [
        n for n in loaded if n.split(".")[0] in HEAVY or n.startswith("attendee_relay.connectors")
    ]
    assert done.stdout.split() == ["tt", "10times", "tested", "OK", "https://api.10times.com"]
