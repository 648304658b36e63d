"""Real exports, imported through the CLI into the sandbox over HTTP, arrive intact."""

from __future__ import annotations

import csv
from pathlib import Path

from e2e.helpers import add_influencersoft, add_tentimes
from fixtures.sources import make_files as files


def test_ticketing_export_with_bom_crlf_and_quoted_newlines_reaches_10times(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox)
    path = files.write_ticketing_export(tmp_path / "tickets.csv")

    result = cli("import", "tt", str(path), "--json")

    report = result.json()
    assert report["succeeded"] == len(files.TICKETING_ROWS), result.out + result.err
    assert result.code == 0
    names = {
        a["attendee"]["email"]: a["attendee"]["name"]
        for a in sandbox.received()["10times"]["attendees"]
    }
    assert names["juergen.mueller@example.de"] == "Jürgen Müller"
    assert names["taro@example.jp"] == "山田 太郎"
    companies = {
        a["attendee"]["email"]: a["attendee"].get("company")
        for a in sandbox.received()["10times"]["attendees"]
    }
    assert companies["ada@example.com"] == 'The "Best" Company'


def test_european_excel_csv_in_cp1252_with_german_headers_keeps_accents(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox)
    path = files.write_european_excel_csv(tmp_path / "teilnehmer.csv")

    result = cli("import", "tt", str(path), "--json")

    assert result.code == 0, result.out + result.err
    attendees = {
        a["attendee"]["email"]: a["attendee"] for a in sandbox.received()["10times"]["attendees"]
    }
    assert attendees["j.mueller@example.de"]["name"] == "Jürgen Müller"
    assert attendees["j.mueller@example.de"]["company"] == "Bäckerei Größe, Köln"
    assert attendees["j.mueller@example.de"]["designation"] == "Geschäftsführer"
    assert attendees["a.oster@example.dk"]["designation"] == "Chef – “Küche”"
    assert attendees["zoe@example.ie"]["company"] == "Smith; Jones & Co"


def test_excel_unicode_text_full_name_is_split_for_influencersoft(
    cli, sandbox, tmp_path: Path
) -> None:
    add_influencersoft(cli, sandbox)
    path = files.write_unicode_text(tmp_path / "unicode.txt")

    result = cli("import", "is", str(path), "--json")

    assert result.code == 0, result.out + result.err
    contacts = sandbox.contacts("demo")
    assert set(contacts) == {row[1] for row in files.UNICODE_ROWS}
    greek = contacts["alex@example.gr"]["fields"]
    assert (greek["lead_first_name"], greek["lead_last_name"]) == ("Αλέξανδρος", "Παπαδόπουλος")
    assert contacts["jose@example.es"]["fields"]["lead_last_name"] == "Núñez"
    assert contacts["yamada@example.jp"]["fields"]["lead_first_name"] == "山田太郎"


def test_ragged_rows_are_padded_and_extra_cells_reported(cli, sandbox, tmp_path: Path) -> None:
    add_tentimes(cli, sandbox)
    path = files.write_ragged(tmp_path / "ragged.csv")
    mapping = tmp_path / "m.json"
    mapping.write_text(
        '{"platform": "10times", "fields": {"email": {"column": "Email", "transforms": ["lower"]},'
        ' "name": {"column": "First Name"}, "company": {"column": "Company"}}}',
        encoding="utf-8",
    )

    result = cli("import", "tt", str(path), "--mapping", str(mapping), "--json")

    assert result.code == 0, result.out + result.err
    assert result.json()["total"] == 4
    assert set(sandbox.registrations(1001)) == {
        "a@example.com",
        "b@example.com",
        "c@example.com",
        "d@example.com",
    }
    history = cli("history", str(result.json()["run_id"]), "--json").json()
    assert history["total"] == 4


def test_invalid_and_duplicate_emails_are_refused_with_reasons_and_exit_1(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox)
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email\nAna Costa,ana@example.com\nNo At,ana.example.com\nAna Again,ANA@example.com\n"
        "Bo Li,bo@example.com\n",
        encoding="utf-8",
    )
    errors = tmp_path / "errors.csv"

    result = cli("import", "tt", str(path), "--errors", str(errors))

    assert result.code == 1
    assert "row 3 refused" in result.out and "row 4 refused" in result.out
    with errors.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["Row"] for r in rows] == ["3", "4"]
    assert "not a valid address" in rows[0]["Reason"]
    assert "Duplicate of row 2" in rows[1]["Reason"]
    assert set(sandbox.registrations(1001)) == {"ana@example.com", "bo@example.com"}


def test_formula_looking_cells_are_neutralised_in_the_error_csv(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox)
    path = tmp_path / "evil.csv"
    path.write_text(
        'Name,Email,Company\n=HYPERLINK("http://x.invalid"),bad-email,@SUM(1+1)\n+cmd,also-bad,-2+3\n',
        encoding="utf-8",
    )
    errors = tmp_path / "errors.csv"

    result = cli("import", "tt", str(path), "--errors", str(errors))

    assert result.code == 1
    with errors.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x.invalid")' in cells
    assert "'@SUM(1+1)" in cells and "'+cmd" in cells and "'-2+3" in cells
    assert not any(cell[:1] in "=+-@" for cell in cells)


def test_xlsx_renamed_to_csv_is_read_as_the_workbook_it_is(cli, sandbox, tmp_path: Path) -> None:
    add_tentimes(cli, sandbox)
    path = files.write_xlsx(tmp_path / "book.xlsx").rename(tmp_path / "export.csv")

    result = cli("import", "tt", str(path), "--json")

    assert result.code == 0, result.out + result.err
    assert set(sandbox.registrations(1001)) == {
        "j@example.de",
        "yamada@example.jp",
        "nunez@example.es",
        "last@example.com",
    }


def test_files_that_are_not_tables_exit_2_with_one_line(cli, sandbox, tmp_path: Path) -> None:
    add_tentimes(cli, sandbox)
    for writer in (
        files.write_png,
        files.write_empty,
        files.write_zip,
        files.write_binary,
        files.write_pdf,
    ):
        path = writer(tmp_path / f"{writer.__name__}.csv")

        result = cli("import", "tt", str(path))

        assert result.code == 2, (writer.__name__, result.err)
        assert result.out == ""
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err
    assert sandbox.stats().get("requests", 0) == 0
