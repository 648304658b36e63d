"""Fix in Excel: the error report of a run, corrected in a spreadsheet and saved the way Excel
saves a CSV (BOM, CRLF, quoted cells), goes back into the same run with `resume --fixes`."""

from __future__ import annotations

import csv
from pathlib import Path

from e2e.helpers import add_tentimes

BAD = {17: "ana.kowalska(at)example.com", 250: "bo@@example.com", 498: "cy@example"}


def write_guests(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["First Name", "Last Name", "Email", "Phone"])
        for i in range(500):
            email = BAD.get(i + 2, f"guest{i}@example.com")  # row numbers start at 2
            writer.writerow([f"Zoë{i}", f"Łąka{i}", email, "+44 20 7946 0958"])
    return path


def excel_save(rows: list[list[str]], path: Path) -> Path:
    """What Excel writes for "CSV UTF-8": a BOM, CRLF line ends, quotes only where needed."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return path


def read_report(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_three_bad_emails_corrected_in_a_copy_of_the_report_are_delivered_in_the_same_run(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", "--set", "rate_limit_per_minute=0")
    errors = tmp_path / "errors.csv"
    first = cli("import", "tt", str(write_guests(tmp_path / "guests.csv")), "--json",
                "--errors", str(errors))  # fmt: skip
    run_id = first.json()["run_id"]
    assert first.json()["refused"] == 3 and first.code == 1

    table = read_report(errors)
    header, rows = table[0], table[1:]
    assert header == ["First Name", "Last Name", "Email", "Phone", "Row", "Status", "Reason"]
    assert sorted(int(r[4]) for r in rows) == sorted(BAD)
    for row in rows:
        row[2] = f"fixed{row[4]}@example.com"
    fixed = excel_save([header, *reversed(rows)], tmp_path / "fixed.csv")  # re-sorted, too

    resumed = cli("resume", str(run_id), "--fixes", str(fixed), "--json")

    assert resumed.code == 0, resumed.out + resumed.err
    assert resumed.json()["fixes"]["fixed"] == 3
    detail = cli("history", str(run_id), "--json").json()
    assert (detail["total"], detail["succeeded"], detail["refused"]) == (500, 500, 0)
    registrations = sandbox.registrations(1001)
    assert len(registrations) == 500 and set(registrations.values()) == {1}
    assert {f"fixed{n}@example.com" for n in BAD} <= set(registrations)


def test_rows_not_of_the_run_or_not_matching_are_refused_and_nothing_is_sent(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", "--set", "rate_limit_per_minute=0")
    errors = tmp_path / "errors.csv"
    first = cli("import", "tt", str(write_guests(tmp_path / "guests.csv")), "--json",
                "--errors", str(errors))  # fmt: skip
    run_id = first.json()["run_id"]
    header, *rows = read_report(errors)
    requests = sandbox.stats()["requests"]

    foreign = [*rows[0][:4], "9999", "refused", ""]  # a row of another run's report
    foreign[2] = "someone@example.com"
    swapped = ["Totally", "Different", "other@example.com", "+1 555 0100", rows[1][4], "", ""]
    untouched = rows[2]
    resumed = cli("resume", str(run_id), "--fixes",
                  str(excel_save([header, foreign, swapped, untouched], tmp_path / "fixed.csv")),
                  "--json")  # fmt: skip

    assert resumed.code == 1, resumed.out + resumed.err
    fixes = resumed.json()["fixes"]
    assert fixes["fixed"] == 0 and fixes["unchanged"] == 1
    reasons = {r["row"]: r["reason"] for r in fixes["rejected"]}
    assert reasons["9999"] == f"Not a row of run {run_id}."
    assert "does not look like row" in reasons[rows[1][4]]
    assert sandbox.stats()["requests"] == requests, "something was sent"
    detail = cli("history", str(run_id), "--json").json()
    assert (detail["succeeded"], detail["refused"]) == (497, 3)


def test_a_file_that_is_not_a_report_of_the_run_is_refused_in_one_sentence(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", "--set", "rate_limit_per_minute=0")
    first = cli("import", "tt", str(write_guests(tmp_path / "guests.csv")), "--json")
    other = excel_save([["Name", "Email"], ["A", "a@example.com"]], tmp_path / "other.csv")

    resumed = cli("resume", str(first.json()["run_id"]), "--fixes", str(other))

    assert resumed.code == 2 and "is not an error report of run" in resumed.err


def test_the_summary_leads_with_delivered_of_total_and_says_what_to_do_next(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", "--set", "rate_limit_per_minute=0")

    done = cli("import", "tt", str(write_guests(tmp_path / "guests.csv")))

    lines = done.out.splitlines()
    assert lines[0].startswith("Run 1 — Completed with errors: 497 of 500 rows delivered")
    assert lines[1].strip() == "3 refused."
    assert sum("refused:" in line for line in lines) == 3
    assert lines[-1] == (
        "Next: fix the refused rows: attendee-relay history 1 --errors fixes.csv, correct them "
        "in a spreadsheet, then attendee-relay resume 1 --fixes fixes.csv"
    )
