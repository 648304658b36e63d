"""Attendees' personal data at rest: owner-only folders (0700) and files (0600) under the data and
state dirs after an import, and an install made by an earlier version tightened on start."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from attendee_relay.core.history import HistoryStore
from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, run_cli_process, tentimes_add_args

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def modes_under(root: Path) -> dict[str, int]:
    found = {str(root): stat.S_IMODE(root.stat().st_mode)}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            found[str(path)] = stat.S_IMODE(path.stat().st_mode)
    return found


def import_people(home: Path, tmp_path: Path, *argv: str) -> None:
    with SandboxServer(SandboxConfig()) as sandbox:
        added = run_cli_process(
            home, *tentimes_add_args(sandbox.url("10times"), "tt"), stdin=f"{API_KEY}\n"
        )
        assert added.code == 0, added.err
        people = tmp_path / "people.csv"
        people.write_text("Name,Email\nAda Nowak,ada@example.com\nBo Li,bo@example\n", "utf-8")
        done = run_cli_process(home, "import", "tt", str(people), *argv)
        assert done.code == 1, done.out + done.err  # one refused row: a report is written


def test_after_an_import_every_folder_is_0700_and_every_file_0600(
    tmp_path: Path, isolated_home: Path
) -> None:
    os.umask(0o022)  # a usual desktop umask: files would be 0644 unless we say otherwise
    report = isolated_home / "data" / "attendee-relay" / "errors.csv"
    report.parent.mkdir()  # 0755 under this umask: the app tightens it
    import_people(isolated_home, tmp_path, "--errors", str(report))
    data = modes_under(isolated_home / "data" / "attendee-relay")
    state = modes_under(isolated_home / "state" / "attendee-relay")
    assert any(p.endswith("history.sqlite3") for p in data)
    assert any(p.endswith(".log") for p in state)
    for path, mode in {**data, **state}.items():
        expected = 0o700 if Path(path).is_dir() else 0o600
        assert mode == expected, f"{path} is {oct(mode)}"


def test_the_history_log_files_are_0600_while_it_is_open(isolated_home: Path) -> None:
    os.umask(0o022)
    store = HistoryStore()
    store.create_run(kind="import", connector="c", platform="p", dedupe_scope="", settings={})
    try:
        for suffix in ("", "-wal", "-shm"):
            path = store.path.with_name(store.path.name + suffix)
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    finally:
        store.close()


def test_an_earlier_install_is_tightened_on_start(tmp_path: Path, isolated_home: Path) -> None:
    os.umask(0o022)
    data = isolated_home / "data" / "attendee-relay"
    data.mkdir(mode=0o755)
    db = sqlite3.connect(data / "history.sqlite3")  # as an earlier version left it: 0644
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    os.chmod(data / "history.sqlite3", 0o644)

    listed = run_cli_process(isolated_home, "history", "--json")

    assert listed.code == 0, listed.err
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "history.sqlite3").stat().st_mode) == 0o600
