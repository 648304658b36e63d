"""The CLI in a child process whose output encoding is not UTF-8, as on Windows (cp1252 for a pipe
or file, cp437 for an OEM console) or under a C locale: it never crashes, and JSON always parses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from e2e.helpers import API_KEY, run_cli_process, tentimes_add_args

# Names no Western code page can show, plus accents cp437 lacks and a Windows-1252-only dash.
PEOPLE = [
    ("山田", "太郎", "taro@example.jp", "株式会社テスト"),
    ("Петров", "Иван", "ivan@example.ru", "ООО Ромашка"),
    ("Dupré—Łukasz", "Zoë", "zoe@example.fr", "Café Crème"),
]

# Each console: the child's environment, and the encoding its output must be valid in.
CONSOLES: dict[str, tuple[dict[str, str], str]] = {
    "cp1252": ({"PYTHONIOENCODING": "cp1252"}, "cp1252"),
    "cp437": ({"PYTHONIOENCODING": "cp437"}, "cp437"),
    # A C locale without Python's UTF-8 rescue (PEP 538/540 switched off): plain ASCII.
    "C locale": (
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
        "ascii",
    ),
}


def write_people(path: Path, *, bad_row: bool) -> Path:
    # Encoded by Python's codecs, not by the app: UTF-8 with a BOM and CRLF, as Excel saves CSV.
    lines = ["Last Name,First Name,Email,Company"]
    lines += [",".join(person) for person in PEOPLE]
    if bad_row:
        lines.append("鈴木,花子,not-an-address,X")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


@pytest.fixture
def connector(isolated_home: Path, sandbox) -> str:  # type: ignore[no-untyped-def]
    args = tentimes_add_args(sandbox.url("10times"), "tt", "--set", "rate_limit_per_minute=0")
    result = run_cli_process(isolated_home, *args, stdin=f"{API_KEY}\n")
    assert result.code == 0, result.err
    return "tt"


def assert_no_crash(err: str) -> None:
    assert "Unexpected error" not in err and "Traceback" not in err, err


@pytest.mark.parametrize("console", CONSOLES)
def test_dry_run_text_and_json_survive_a_non_utf8_console(
    console: str, connector: str, isolated_home: Path, tmp_path: Path
) -> None:
    env, encoding = CONSOLES[console]
    good = write_people(tmp_path / "Teilnehmer Zoë 参加者.csv", bad_row=False)
    bad = write_people(tmp_path / "with a bad row.csv", bad_row=True)

    text = run_cli_process(
        isolated_home, "import", connector, str(good), "--dry-run", env=env, encoding=encoding
    )
    assert text.code == 0, text.err
    assert_no_crash(text.err)
    assert "Nothing was sent" in text.out

    refused = run_cli_process(
        isolated_home, "import", connector, str(bad), "--dry-run", env=env, encoding=encoding
    )
    assert refused.code == 1, refused.err
    assert_no_crash(refused.err)
    assert "row 5 refused" in refused.out

    as_json = run_cli_process(
        isolated_home,
        "import",
        connector,
        str(bad),
        "--dry-run",
        "--json",
        env=env,
        encoding=encoding,
    )
    assert as_json.code == 1, as_json.err
    assert_no_crash(as_json.err)
    data = json.loads(as_json.out)
    assert data["total"] == 4 and data["refused"] == 1 and data["would_send"] == 3
    # Escaped, not replaced: the names come back whole from the JSON.
    assert "山田" in data["sample_request"] and "株式会社テスト" in data["sample_request"]


@pytest.mark.parametrize("console", CONSOLES)
def test_a_real_import_reports_in_text_and_json_on_a_non_utf8_console(
    console: str, connector: str, isolated_home: Path, tmp_path: Path, sandbox
) -> None:  # type: ignore[no-untyped-def]
    env, encoding = CONSOLES[console]
    people = write_people(tmp_path / "people.csv", bad_row=True)

    as_json = run_cli_process(
        isolated_home, "import", connector, str(people), "--json", env=env, encoding=encoding
    )
    assert as_json.code == 1, as_json.err
    assert_no_crash(as_json.err)
    data = json.loads(as_json.out)
    assert (data["succeeded"], data["refused"], data["total"]) == (3, 1, 4)

    # The same rows again: skipped, with the run's summary and its em dashes as plain text.
    text = run_cli_process(
        isolated_home, "import", connector, str(people), env=env, encoding=encoding
    )
    assert text.code == 1, text.err
    assert_no_crash(text.err)
    assert "3 skipped" in text.out and "row 5 refused" in text.out

    mapping = run_cli_process(
        isolated_home, "map", connector, str(people), env=env, encoding=encoding
    )
    assert mapping.code == 0, mapping.err
    assert json.loads(mapping.out)["platform"] == "10times"

    history = run_cli_process(isolated_home, "history", "--json", env=env, encoding=encoding)
    assert history.code == 0, history.err
    assert [run["total"] for run in json.loads(history.out)] == [4, 4]
    registered = sandbox.registrations(1001)
    assert set(registered) == {"taro@example.jp", "ivan@example.ru", "zoe@example.fr"}
