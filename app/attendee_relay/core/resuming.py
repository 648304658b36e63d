"""Resuming a run that stopped: settle rows whose fate is unknown, then queue what is not delivered."""

from __future__ import annotations

from dataclasses import dataclass

from attendee_relay.core.connector_api import Connector
from attendee_relay.core.errors import InputError
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.store import RUN_COMPLETED, RUN_RUNNING
from attendee_relay.core.records import RowStatus


@dataclass(frozen=True, slots=True)
class ResumePlan:
    """What a resume will do. ``uncertain`` rows were in flight when the run stopped."""

    run_id: int
    uncertain: list[int]
    requeued: int
    note: str


def prepare_resume(store: HistoryStore, run_id: int, connector: Connector) -> ResumePlan:
    """Turn rows left in flight into uncertain ones and queue everything not known delivered.

    Rows refused for their content stay refused (sending them again cannot help); rows that
    failed for passing reasons, rows never sent and uncertain rows are queued again.
    """
    info = store.get_run(run_id)
    if info.status == RUN_RUNNING:
        raise InputError(f"Run {run_id} is still running in another window or terminal.")
    if info.platform != connector.platform:
        raise InputError(
            f"Run {run_id} went to a {info.platform} connector, but '{info.connector}' is now "
            f"{connector.platform}; add a {info.platform} connector named '{info.connector}' to resume it."
        )
    store.settle_interrupted(run_id)
    uncertain = [v.row_number for v in store.iter_rows(run_id, (RowStatus.UNCERTAIN,))]
    if connector.upserts:
        note = (
            f"In flight when the run stopped; sent again ({connector.title} updates a record with the "
            "same identity, so no copy is made)."
        )
    else:
        note = (
            "In flight when the run stopped; sent again. It may have arrived the first time: "
            f"check {connector.title} for a second copy."
        )
    requeued = store.requeue(run_id, (RowStatus.UNCERTAIN, RowStatus.FAILED), settled=note)
    if info.status == RUN_COMPLETED and not requeued and not store.counts(run_id).pending:
        note = "Every row of this run was already delivered."
    return ResumePlan(run_id, uncertain, requeued, note)
