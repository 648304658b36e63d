"""Rows fixed in the app (core.fixes): one edited row checked as the run checked its rows, with the
cell at fault named; edited rows taken into the run (pending, or refused with their new reason),
and rows that are not the run's or not fixable left alone."""

from __future__ import annotations

import csv
from pathlib import Path

from attendee_relay.connectors.tentimes import TenTimesConnector, TenTimesSettings
from attendee_relay.core.fixes import RowChecker, apply_edits
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.importing import prepare_import
from attendee_relay.core.mapping.automatch import auto_map
from attendee_relay.core.records import RowStatus
from attendee_relay.core.sources import open_source

HEADERS = ["First Name", "Last Name", "Email"]
ROWS = [
    ["Ana", "Kowalska", "ana@example.com"],
    ["Bo", "Lind", "bo@@example.com"],
    ["Cy", "Moss", "cy@example"],
]


def make_run(tmp_path: Path) -> tuple[HistoryStore, TenTimesConnector, int]:
    path = tmp_path / "guests.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([HEADERS, *ROWS])
    connector = TenTimesConnector(TenTimesSettings.model_validate({"event": "1", "channel": "web"}))
    source = open_source(path)
    store = HistoryStore()
    prepared = prepare_import(
        connector=connector,
        connector_name="tt",
        source=source,
        mapping=auto_map(source.info.headers, connector.target_fields(), "10times"),
        store=store,
        settings={},
        secrets={"api_key": "k"},
    )
    assert prepared.run_id is not None
    return store, connector, prepared.run_id


def test_an_edited_row_is_checked_as_the_run_checked_it_and_the_cell_at_fault_named(
    tmp_path: Path,
) -> None:
    store, connector, run_id = make_run(tmp_path)
    checker = RowChecker(connector, store.get_run(run_id))
    bad = checker.check(3, dict(zip(HEADERS, ROWS[1], strict=True)))
    assert bad.offending == ["Email"] and "not a valid address" in " ".join(bad.reasons)
    good = checker.check(3, {"First Name": "Bo", "Last Name": "Lind", "Email": "bo@example.com"})
    assert good.reasons == [] and good.offending == []
    again = checker.check(3, {"First Name": "Bo", "Last Name": "Lind", "Email": "bo@example.com"})
    assert again.reasons == []  # never a duplicate of itself when checked again as typed


def test_edits_are_taken_into_the_run_row_by_row(tmp_path: Path) -> None:
    store, connector, run_id = make_run(tmp_path)
    report = apply_edits(
        store,
        run_id,
        connector,
        {
            3: {"Email": "bo@example.com"},  # fixed
            4: {"Email": "still wrong"},  # still refused, with its new reason
            2: {"Email": "someone@example.com"},  # pending, not refused: left alone
            99: {"Email": "x@example.com"},  # not a row of the run
        },
    )
    assert report.fixed == [3]
    assert [n for n, _reason in report.still_refused] == [4]
    assert report.rejected == [
        ("2", "Row 2 is pending; left as it is."),
        ("99", f"Not a row of run {run_id}."),
    ]
    fixed = store.row(run_id, 3)
    assert fixed is not None and fixed.status is RowStatus.PENDING
    assert fixed.source == {"First Name": "Bo", "Last Name": "Lind", "Email": "bo@example.com"}
    still = store.row(run_id, 4)
    assert still is not None and still.status is RowStatus.REFUSED
    assert "still wrong" in still.reason
    untouched = store.row(run_id, 2)
    assert untouched is not None and untouched.source["Email"] == "ana@example.com"
