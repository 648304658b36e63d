"""Resuming a run that stopped: settle rows whose fate is unknown, then queue what is not delivered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from attendee_relay.core.connector_api import Connector
from attendee_relay.core.continued_reading import ReadingContinued, continue_reading
from attendee_relay.core.errors import InputError
from attendee_relay.core.fixes import FixesReport, apply_edits, apply_fixes
from attendee_relay.core.history import HistoryStore, RunInfo
from attendee_relay.core.history.store import (
    RUN_COMPLETED,
    RUN_COMPLETED_WITH_ERRORS,
    RUN_PREPARING,
    RUN_RUNNING,
)
from attendee_relay.core.records import RowStatus
from attendee_relay.core.settling import SettleReport, lookup_connector, settle_uncertain


@dataclass(frozen=True, slots=True)
class ResumePlan:
    """What a resume will do. ``uncertain`` rows were in flight when the run stopped."""

    run_id: int
    uncertain: list[int]
    requeued: int
    note: str
    settled: SettleReport | None = None
    #: The rows read on resume, when the run had been stopped while still reading its file.
    read: ReadingContinued | None = None
    #: What a fixes file (a corrected error report) changed, when one was given.
    fixes: FixesReport | None = None
    #: Nothing is left to send: the run was handed back as it was (no delivery to start).
    nothing_to_send: bool = False


def prepare_resume(
    store: HistoryStore,
    run_id: int,
    connector: Connector,
    *,
    secrets: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
    fixes: Path | None = None,
    edits: Mapping[int, Mapping[str, str]] | None = None,
) -> ResumePlan:
    """Turn rows left in flight into uncertain ones and queue everything not known delivered.

    A run stopped while still reading its file first reads the rest of it (``continued_reading``),
    so that the resume delivers the whole file, not just the part read before the stop. Given
    ``fixes`` (a corrected copy of the run's error report), or ``edits`` (rows corrected in the
    app: row number → cells), the fixed rows are taken into the run and sent with the rest
    (``core.fixes``). Rows refused for their content stay refused
    (sending them again cannot help); rows that failed for passing reasons, rows never sent
    and uncertain rows are queued again. Of two resumes of one run started together, only one
    goes on (``HistoryStore.take_over``). Given
    ``secrets``, a connector that can look records up (``core.settling``) is first asked about
    each uncertain row: rows it finds are marked delivered and not sent again.
    """
    info = store.get_run(run_id)
    if info.platform != connector.platform:
        raise InputError(
            f"Run {run_id} went to a {info.platform} connector, but '{info.connector}' is now "
            f"{connector.platform}; add a {info.platform} connector named '{info.connector}' to resume it."
        )
    before = None if info.status in (RUN_RUNNING, RUN_PREPARING) else store.take_over(run_id)
    if before is None:
        raise InputError(f"Run {run_id} is still running in another window or terminal.")
    try:
        plan = _prepare(
            store, info, connector, secrets=secrets, transport=transport, fixes=fixes, edits=edits
        )
    except BaseException:
        store.give_back(run_id, before)
        raise
    if before in (RUN_COMPLETED, RUN_COMPLETED_WITH_ERRORS) and not store.counts(run_id).pending:
        # A finished run with every row settled: a delivery would only rewrite when it ended.
        store.give_back(run_id, before)
        return replace(plan, nothing_to_send=True)
    return plan


def _prepare(
    store: HistoryStore,
    info: RunInfo,
    connector: Connector,
    *,
    secrets: Mapping[str, str] | None,
    transport: httpx.BaseTransport | None,
    fixes: Path | None,
    edits: Mapping[int, Mapping[str, str]] | None = None,
) -> ResumePlan:
    run_id = info.run_id
    read = continue_reading(store, run_id, connector)
    fixed = apply_fixes(store, run_id, connector, fixes) if fixes is not None else None
    if edits:
        fixed = apply_edits(store, run_id, connector, edits)
    store.settle_interrupted(run_id)
    uncertain = [v.row_number for v in store.iter_rows(run_id, (RowStatus.UNCERTAIN,))]
    report: SettleReport | None = None
    if uncertain and secrets is not None and lookup_connector(connector) is not None:
        report = settle_uncertain(
            store,
            run_id,
            connector,
            connector_name=info.connector,
            scope=connector.dedupe_scope(),
            secrets=secrets,
            transport=transport,
            timeout_s=connector.settings.timeout_s,
        )
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
    if report is not None:
        note = f"{report.note} {note}".strip()
    if not connector.upserts:
        # Any of them may have arrived before: sent again, they may be there twice. (A resume
        # is the coordinator's word to send them, resend_after_lost_answer or not: that setting
        # only keeps a run from sending them again on its own.)
        still_uncertain = [v.row_number for v in store.iter_rows(run_id, (RowStatus.UNCERTAIN,))]
        store.note_lost_answer(run_id, still_uncertain, note)
    requeued = store.requeue(run_id, (RowStatus.UNCERTAIN, RowStatus.FAILED), settled=note)
    # Claims a finished run gave up are taken again; a row another run has claimed or delivered
    # since is skipped rather than sent twice.
    store.take_back_claimed(run_id)  # left to another run that did not deliver them
    store.reclaim(run_id, force=bool(info.reading.get("force", False)))
    if info.status == RUN_COMPLETED and not requeued and not store.counts(run_id).pending:
        note = "Every row of this run was already delivered."
    return ResumePlan(run_id, uncertain, requeued, note, report, read, fixed)
