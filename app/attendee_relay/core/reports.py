"""Reports out of the history: the refused and failed rows, ready to fix in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from attendee_relay.core.csv_export import write_rows_csv
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.records import RowStatus

#: Statuses an error report lists: rows to fix (refused), to send again (failed), and to check on
#: the platform (uncertain: sent, answer lost). Pending rows are not problems: resume sends them.
ERROR_STATUSES = (RowStatus.REFUSED, RowStatus.FAILED, RowStatus.UNCERTAIN)


def write_error_report(
    store: HistoryStore, run_id: int, path: Path, statuses: tuple[RowStatus, ...] = ERROR_STATUSES
) -> int:
    """Write the run's refused and failed rows, original columns first, then row, status and reason;
    then the delivered rows that may be on the platform twice (an answer was lost and the row
    was sent again), as "possible duplicate", and the rows changed since delivered that were not
    sent (a platform that cannot update), as "changed, not sent", for the coordinator to check.

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
                row.settled or row.warnings,
            ]
        for row in store.changed_not_sent(run_id, limit=None):
            written += 1
            yield [
                *(row.source.get(h, "") for h in headers),
                str(row.row_number),
                "changed, not sent",
                row.reason,
            ]

    write_rows_csv(path, [*headers, *extra], rows())
    return written
