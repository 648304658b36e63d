"""A mapping passed with --mapping in an import that delivered rows is used again, unasked, for
the next file with the same headers; ``map --json`` explains every field. The CLI runs as a
child process, against the sandbox over real HTTP."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, run_cli_process

# Headers nothing can match by name; the given and family names are single words, which no
# value check calls a person's name either.
HEADERS = ["Feld 1", "Feld 2", "Feld 3", "Feld 4"]


def _write(path: Path, rows: list[list[str]], headers: list[str] = HEADERS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _add_influencersoft(home: Path, sandbox: SandboxServer) -> None:
    added = run_cli_process(
        home,
        *("connector", "add", "is", "--platform", "influencersoft"),
        *("--set", f"base_url={sandbox.url('influencersoft/demo')}"),
        *("--set", "rate_limit_per_minute=0", "--secret", "api_key"),
        stdin=f"{API_KEY}\n",
    )
    assert added.code == 0, added.err


def test_a_mapping_used_once_is_applied_to_the_next_file_with_those_headers(
    isolated_home: Path, sandbox: SandboxServer, tmp_path: Path
) -> None:
    _add_influencersoft(isolated_home, sandbox)
    week1 = _write(
        tmp_path / "week1.csv",
        [["Ana", "Costa", "ana@example.com", "VIP"], ["Ben", "Ode", "ben@example.com", "Press"]],
    )
    fresh = run_cli_process(isolated_home, "map", "is", str(week1), "--json").json()
    assert "lead_first_name" not in fresh["fields"]  # nothing to go by: a person must map it
    assert fresh["fields"]["lead_email"]["how"] == "values"  # the e-mails speak for themselves

    mapping = {
        "platform": "influencersoft",
        "fields": {
            "lead_first_name": {"column": "Feld 1"},
            "lead_last_name": {"column": "Feld 2"},
            "lead_email": {"column": "Feld 3"},
            "lead_description": {"column": "Feld 4"},
        },
    }
    (tmp_path / "m.json").write_text(json.dumps(mapping), encoding="utf-8")
    dry = run_cli_process(
        isolated_home,
        "import",
        "is",
        str(week1),
        "--mapping",
        str(tmp_path / "m.json"),
        "--dry-run",
    )
    assert dry.code == 0, dry.err
    not_yet = run_cli_process(isolated_home, "map", "is", str(week1), "--json").json()
    assert "lead_first_name" not in not_yet["fields"]  # a dry run delivers nothing: not remembered

    first = run_cli_process(
        isolated_home, "import", "is", str(week1), "--mapping", str(tmp_path / "m.json"), "--json"
    )
    assert first.code == 0, first.err

    # Next week: other people, the columns in another order, one header spelt differently.
    week2 = _write(
        tmp_path / "week2.csv",
        [["cleo@example.com", "Cleo", "Park", "Speaker"]],
        headers=["FELD 3", "Feld 1", "Feld 2", "Feld 4"],
    )
    explained = run_cli_process(isolated_home, "map", "is", str(week2), "--json").json()
    assert {
        name: (f["columns"], f["how"], f["confidence"]) for name, f in explained["fields"].items()
    } == {
        "lead_first_name": (["Feld 1"], "remembered", 1.0),
        "lead_last_name": (["Feld 2"], "remembered", 1.0),
        "lead_email": (["FELD 3"], "remembered", 1.0),
        "lead_description": (["Feld 4"], "remembered", 1.0),
    }

    second = run_cli_process(isolated_home, "import", "is", str(week2), "--json")

    assert second.code == 0, second.err
    assert "Mapped as last time" in second.err
    assert second.json()["succeeded"] == 1
    cleo = sandbox.contacts("demo")["cleo@example.com"]
    assert (
        cleo["fields"]["lead_first_name"],
        cleo["fields"]["lead_last_name"],
        cleo["fields"]["lead_description"],
    ) == (
        "Cleo",
        "Park",
        "Speaker",
    )
    again = run_cli_process(isolated_home, "map", "is", str(week2), "--json", "--fresh").json()
    assert all(f["how"] != "remembered" for f in again["fields"].values())


def test_map_json_explains_columns_matched_by_their_values(
    isolated_home: Path, sandbox: SandboxServer, tmp_path: Path
) -> None:
    _add_influencersoft(isolated_home, sandbox)
    people = _write(
        tmp_path / "people.csv",
        [
            ["Ana Costa", "ana@example.com", "+351 912 345 678", "Portugal"],
            ["Ben Ode", "ben@example.com", "+44 7700 900123", "United Kingdom"],
            ["Chidi Okafor", "chidi@example.ng", "+234 803 123 4567", "Nigeria"],
        ],
        headers=["Column 1", "Column 2", "Column 3", "Column 4"],
    )

    result = run_cli_process(isolated_home, "map", "is", str(people), "--json")

    assert result.code == 0, result.err
    fields = result.json()["fields"]
    assert {name: (f["columns"], f["how"]) for name, f in fields.items()} == {
        "lead_email": (["Column 2"], "values"),
        "lead_first_name": (["Column 1"], "values"),
        "lead_last_name": (["Column 1"], "values"),
        "lead_phone": (["Column 3"], "values"),
        "lead_shipping_country_code": (["Column 4"], "values"),
    }
    assert all(0 < f["confidence"] < 1 for f in fields.values())
    assert result.json()["unmapped_columns"] == []
