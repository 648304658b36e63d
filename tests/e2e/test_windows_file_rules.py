"""Windows forbids deleting or renaming a file that is open. With that rule enforced here, a run
that stops, resumes, writes its reports and is removed never trips over it: the journal is closed
before it is deleted, reports and profiles are replaced only once their own handles are closed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from attendee_relay.core import paths
from e2e.helpers import add_tentimes


def open_files() -> set[str]:
    """Every file this process has open now (Linux's view of its descriptors)."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.add(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    return found


@pytest.fixture
def windows_file_rules(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Make os.unlink/remove/rename/replace refuse an open file, as Windows does; returns the
    refusals."""
    refused: list[tuple[str, str]] = []

    def guarded(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            held = open_files()
            for target in args[:2] if name in ("rename", "replace") else args[:1]:
                if isinstance(target, str | os.PathLike) and os.path.realpath(target) in held:
                    refused.append((name, os.fspath(target)))
                    raise PermissionError(
                        13, "The process cannot access the file: it is being used", target
                    )
            return real(*args, **kwargs)

        return call

    for name in ("unlink", "remove", "rename", "replace"):
        monkeypatch.setattr(os, name, guarded(name, getattr(os, name)))
    return refused


def test_stop_resume_reports_and_removal_never_delete_or_rename_an_open_file(
    cli, sandbox, tmp_path: Path, windows_file_rules: list[tuple[str, str]]
) -> None:  # type: ignore[no-untyped-def]
    add_tentimes(cli, sandbox, "tt", "--set", "rate_limit_per_minute=0")
    source = tmp_path / "Teilnehmer Zoë.csv"
    rows = [f"P {i},p{i}@example.com" for i in range(20)] + ["No Address,not-an-address"]
    source.write_text("Name,Email\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = tmp_path / "Fehler Zoë.csv"
    sandbox.configure(tentimes_ip_allowed=False)

    stopped = cli("import", "tt", str(source), "--errors", str(report), "--json")
    assert stopped.code == 3, stopped.err
    run_id = stopped.json()["run_id"]
    sandbox.configure(tentimes_ip_allowed=True)
    resumed = cli("resume", str(run_id), "--errors", str(report), "--json")
    assert resumed.code == 1, resumed.err
    assert resumed.json()["succeeded"] == 20
    assert cli("history", str(run_id), "--errors", str(report)).code == 0
    assert cli("connector", "remove", "tt").code == 0

    assert windows_file_rules == []
    assert not list(paths.data_dir().glob("*.journal"))  # deleted once closed
    assert report.exists()


def test_the_rule_refuses_what_windows_refuses(
    tmp_path: Path, windows_file_rules: list[tuple[str, str]]
) -> None:
    held = tmp_path / "held.csv"
    held.write_text("x", encoding="utf-8")
    with held.open("rb"), pytest.raises(PermissionError):
        held.unlink()
    with held.open("rb"), pytest.raises(PermissionError):
        os.replace(tmp_path / "held.csv", tmp_path / "moved.csv")
    held.unlink()  # closed: fine
    assert windows_file_rules == [("unlink", str(held)), ("replace", str(held))]
