"""Exports from outside Western Europe and from other tools, imported by `attendee-relay import`
in a child process into the sandbox's 10times over real HTTP: every name arrives intact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, CliResult, run_cli_process, tentimes_add_args
from fixtures.sources import legacy_files, spreadsheets


def _import(home: Path, sandbox: SandboxServer, path: Path, *options: str) -> CliResult:
    added = run_cli_process(home, *tentimes_add_args(sandbox.url("10times")), stdin=f"{API_KEY}\n")
    assert added.code == 0, added.err
    return run_cli_process(home, "import", "tt", str(path), *options)


def _names(sandbox: SandboxServer) -> dict[str, str]:
    return {
        a["attendee"]["email"]: a["attendee"]["name"]
        for a in sandbox.received()["10times"]["attendees"]
    }


@pytest.mark.parametrize("language", ["polish", "czech", "russian", "japanese", "chinese"])
def test_legacy_code_page_export_of_30_rows_arrives_with_every_name_intact(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer, language: str
) -> None:
    path = legacy_files.write_legacy_csv(tmp_path / f"{language}.csv", language)

    result = _import(isolated_home, sandbox, path, "--json")

    assert result.code == 0, result.out + result.err
    assert result.json()["succeeded"] == 30
    expected = {row[2]: f"{row[0]} {row[1]}" for row in legacy_files.rows(language)}
    assert _names(sandbox) == expected


def test_utf8_export_with_one_cp1252_line_keeps_every_utf8_name_and_says_so(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    path = legacy_files.write_utf8_with_one_cp1252_line(tmp_path / "mixed.csv")

    dry = _import(isolated_home, sandbox, path, "--dry-run")
    result = run_cli_process(isolated_home, "import", "tt", str(path), "--json")

    assert "1 line repaired" in dry.out, dry.out
    assert result.code == 0, result.out + result.err
    names = _names(sandbox)
    assert len(names) == 31
    assert names["francois@example.fr"] == "François Lefèvre"
    utf8 = [name for email, name in names.items() if email.startswith("mixed.")]
    assert sorted(utf8) == sorted(f"{a} {b}" for a, b in legacy_files.MIXED_UTF8_NAMES * 5)


def test_report_with_title_lines_delivers_every_attendee_and_dry_run_names_the_header(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    path = tmp_path / "registrations.csv"
    attendees = [("Ana", "Costa", "ana@example.com"), ("Bo", "Li", "bo@example.com")]
    path.write_text(
        "Webinar registration report\r\nGenerated on,2024-05-01\r\n\r\n"
        "First Name,Last Name,Email,Company\r\n"
        + "".join(f"{a},{b},{c},Acme\r\n" for a, b, c in attendees),
        encoding="utf-8",
    )

    dry = _import(isolated_home, sandbox, path, "--dry-run")
    result = run_cli_process(isolated_home, "import", "tt", str(path), "--json")

    assert "Header: row 4; rows 1–3 above it look like a title" in dry.out, dry.out
    assert result.code == 0, result.out + result.err
    assert _names(sandbox) == {c: f"{a} {b}" for a, b, c in attendees}


def test_comma_file_with_session_lists_and_a_2_mb_notes_cell_delivers_every_row(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    path = tmp_path / "sessions.csv"
    notes = "Needs a quiet room; arrives late; " * (2 * 1024 * 1024 // 34 + 1)
    people = [(f"Ana {i}", f"ana{i}@example.com") for i in range(12)]
    lines = ["Name,Email,Sessions,Notes"] + [
        f"{name},{email},Keynote;Workshop A;Panel;Expo,{notes if i == 3 else 'none'}"
        for i, (name, email) in enumerate(people)
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    result = _import(isolated_home, sandbox, path, "--json")

    assert result.code == 0, result.out + result.err
    assert _names(sandbox) == {email: name for name, email in people}


@pytest.mark.parametrize(
    ("writer", "name"),
    [(spreadsheets.write_xls, "registrations.xls"), (spreadsheets.write_ods, "registrations.ods")],
    ids=["xls", "ods"],
)
def test_xls_and_ods_deliver_every_row_with_names_intact(
    tmp_path: Path,
    isolated_home: Path,
    sandbox: SandboxServer,
    writer: Callable[[Path], Path],
    name: str,
) -> None:
    path = writer(tmp_path / name)

    result = _import(isolated_home, sandbox, path, "--json")

    assert result.code == 0, result.out + result.err
    assert _names(sandbox) == {
        row["Email"]: f"{row['First Name']} {row['Last Name']}"
        for row in spreadsheets.expected_rows()
    }


def test_xlsx_with_phones_typed_as_numbers_delivers_them_digit_for_digit(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    path = spreadsheets.write_typed_xlsx(tmp_path / "typed.xlsx")

    result = _import(isolated_home, sandbox, path, "--json")

    assert result.code == 0, result.out + result.err
    phones = {
        a["attendee"]["email"]: a["attendee"].get("phone")
        for a in sandbox.received()["10times"]["attendees"]
    }
    assert phones == {"ana@example.com": "447700900123", "bo@example.com": "8613812345678"}


def test_zip_bomb_workbook_is_refused_with_exit_2_and_one_line(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    path = spreadsheets.write_zip_bomb_xlsx(tmp_path / "attendees.xlsx")

    result = _import(isolated_home, sandbox, path, "--json")

    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "attendees.xlsx is refused" in result.err and "Traceback" not in result.err
    assert sandbox.received()["10times"]["attendees"] == []


def test_pasted_emails_are_cleaned_shown_in_the_dry_run_and_two_addresses_refused(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    path = tmp_path / "pasted.csv"
    path.write_text(
        "Name,Email\r\n"
        "Ana Costa,mailto:Ana.Costa@Example.com\r\n"
        'Bo Li,"Bo Li <BO@example.com>"\r\n'
        "Cy Ng,  cy @ example.com \r\n"
        'Di Wu,"di@example.com; dw@example.org"\r\n',
        encoding="utf-8",
    )

    dry = _import(isolated_home, sandbox, path, "--dry-run")
    result = run_cli_process(isolated_home, "import", "tt", str(path), "--json")

    assert (
        "row 2 note: E-mail 'mailto:ana.costa@example.com' cleaned to 'ana.costa@example.com'."
        in dry.out
    ), dry.out
    assert "row 5 refused: E-mail 'di@example.com; dw@example.org' holds 2 addresses" in dry.out
    assert result.code == 1
    assert _names(sandbox) == {
        "ana.costa@example.com": "Ana Costa",
        "bo@example.com": "Bo Li",
        "cy@example.com": "Cy Ng",
    }


def test_names_garbled_by_another_program_arrive_put_back(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    path = tmp_path / "garbled.csv"
    people = {"zoe@example.com": "Zoë Ångström", "lukasz@example.pl": "Łukasz Wałęsa"}

    # Another tool read this UTF-8 list as windows-1252 (as the WHATWG defines it: the five
    # unassigned bytes become C1 controls) and saved it again as UTF-8.
    def misread(text: str) -> str:
        return "".join(
            chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
            for b in text.encode()
        )

    lines = [f"{misread(name)},{email}" for email, name in people.items()]
    path.write_text("Name,Email\r\n" + "\r\n".join(lines) + "\r\n", encoding="utf-8")

    dry = _import(isolated_home, sandbox, path, "--dry-run")
    result = run_cli_process(isolated_home, "import", "tt", str(path), "--json")

    assert "2 lines repaired: text another program had garbled, such as 'ZoÃ«'" in dry.out
    assert result.code == 0, result.out + result.err
    assert _names(sandbox) == people
