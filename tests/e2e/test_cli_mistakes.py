"""Mistakes a new user makes on the command line, each answered with one sentence before anything
is sent (found by trying the CLI as a newcomer would)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from e2e.helpers import add_influencersoft, add_tentimes


def guests(path: Path) -> Path:
    path.write_text("Name,Email\nAda Nowak,ada@example.com\nBo Li,bo@example\n", "utf-8")
    return path


def test_an_errors_report_over_the_file_being_imported_is_refused_before_sending(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt")
    path = guests(tmp_path / "guests.csv")
    before = path.read_bytes()

    result = cli("import", "tt", str(path), "--errors", str(path))

    assert result.code == 2 and "is the file being imported" in result.err, result.err
    assert path.read_bytes() == before
    assert sandbox.stats().get("requests", 0) == 0


def test_a_default_country_that_is_not_one_gets_a_sentence(cli, sandbox, tmp_path: Path) -> None:
    add_tentimes(cli, sandbox, "tt")

    result = cli("import", "tt", str(guests(tmp_path / "g.csv")), "--default-country", "Narnia",
                 "--dry-run")  # fmt: skip

    assert result.code == 2
    assert result.err.count("\n") == 1 and "not a country code" in result.err, result.err


def test_company_names_matched_only_by_their_look_are_asked_about(
    cli, sandbox, tmp_path: Path
) -> None:
    add_influencersoft(cli, sandbox, "is")
    path = tmp_path / "h.csv"
    path.write_text(
        "h1,h2,h3,h4,h5\n"
        "Wagner,Paul,paul.wagner@example.de,Wagner Bau,Projektleiter\n"
        "Schulz,Anna,anna.schulz@example.de,Schulz Logistik,Einkauf\n",
        encoding="utf-8",
    )

    mapped = cli("map", "is", str(path), "--json").json()

    weak = {name: f for name, f in mapped["fields"].items() if f["confidence"] < 0.5}
    assert weak, "no weak match in this file: the test proves nothing"
    assert len(mapped["questions"]) >= len(weak)


def test_remembered_mappings_are_kept_in_owner_only_folders(
    cli, sandbox, tmp_path: Path, isolated_home: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", "--set", "rate_limit_per_minute=0")
    path = tmp_path / "f.csv"
    path.write_text("f1,f2\nAda Nowak,ada@example.com\n", "utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text(
        '{"version": 1, "platform": "10times", "fields": {"name": {"column": "f1"},'
        ' "email": {"column": "f2"}}}',
        encoding="utf-8",
    )
    os.umask(0o022)
    assert cli("import", "tt", str(path), "--mapping", str(mapping)).code == 0

    remembered = isolated_home / "config" / "attendee-relay" / "remembered"
    folders = [remembered, *[p for p in remembered.rglob("*") if p.is_dir()]]
    assert len(folders) >= 2
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}
