"""Reports out of the history: the refused and failed rows, ready to fix in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from attendee_relay.core.csv_export import write_rows_csv
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.records import RowStatus

#: Statuses an error report lists. Uncertain and pending rows are not errors: resume settles them.
ERROR_STATUSES = (RowStatus.REFUSED, RowStatus.FAILED)


def write_error_report(
    store: HistoryStore, run_id: int, path: Path, statuses: tuple[RowStatus, ...] = ERROR_STATUSES
) -> int:
    """Write the run's refused and failed rows, original columns first, then row, status and reason;
    then the delivered rows that may be on the platform twice (an answer was lost and the row
    was sent again), as "possible duplicate", for the coordinator to check.

    Cells that a spreadsheet would run as formulas are neutralised by ``write_rows_csv``.
    Returns the number of rows written.
    """
    headers = store.get_run(run_id).headers
    extra = ["Row", "Status", "Reason"]
    written = 0

    def rows() -> Iterator[list[str]]:
        nonlocal written
        for row in store.iter_rows(run_id, statuses):
            written += 1
            yield [
                *(row.source.get(h, "") for h in headers),
                str(row.row_number),
                row.status.value,
                row.reason,
            ]
        for row in store.possible_duplicates(run_id, limit=None):
            if row.status in statuses:
                continue  # listed above already
            written += 1
            yield [
                *(row.source.get(h, "") for h in headers),
                str(row.row_number),
                "possible duplicate",
                row.settled,
            ]

    write_rows_csv(path, [*headers, *extra], rows())
    return written
