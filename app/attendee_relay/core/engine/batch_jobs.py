"""Asynchronous batch jobs (iVvy's Batch API): submit many records, poll progress, read results.

An optional connector capability. The engine sends the connector's ``build_request`` (the job's
submission) as usual; when the connector ``uses_batch_job`` for that batch, the answer is handed
here instead of to ``read_response``: the job is polled until done and its per-job results become
per-record outcomes. A platform that turns the batch API down (``BatchUnavailable``) gets the
records one call at a time instead. A connector whose delivered records need more calls that use
their new platform ids (``FollowUpJobConnector``: iVvy adds contacts to subscription groups and
links leads to them) gets those calls run as further jobs, or one by one, before the outcomes are
final. Like connectors, this module does no I/O of its own: the engine passes a ``send`` that
paces, sends and raises ``TransientError`` for 429/5xx.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from attendee_relay.core.connector_api import (
    BatchJobConnector,
    FollowUpJobConnector,
    HttpRequest,
    HttpResponse,
)
from attendee_relay.core.errors import RowError, TransientError
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome

__all__ = [
    "BatchJobConnector",
    "BatchJobRunner",
    "BatchUnavailable",
    "FollowUpJobConnector",
    "batch_job_connector",
]

Send = Callable[[HttpRequest], Awaitable[HttpResponse]]
_T = TypeVar("_T")


class BatchUnavailable(TransientError):
    """The platform did not take the batch as a job (feature off, job format refused):
    deliver its records one call at a time instead."""


def batch_job_connector(connector: object) -> BatchJobConnector | None:
    """``connector`` as a batch-job connector, or None when it has no such capability."""
    return connector if isinstance(connector, BatchJobConnector) else None


class BatchJobRunner:
    """Drives one connector's jobs from submission answer to per-record outcomes.

    Args:
        connector: the batch-job connector.
        secrets: passed to the connector's request builders.
        sleep: ``asyncio.sleep`` (tests pass a fake that advances ``clock``).
        clock: monotonic seconds.
        log: called with a sentence when something worth telling happens (a restart, a fallback).
    """

    #: Transient failures while polling are waited out this many times in a row at most.
    MAX_POLL_FAILURES = 6

    def __init__(
        self,
        connector: BatchJobConnector,
        secrets: Mapping[str, str],
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self._connector = connector
        self._secrets = secrets
        self._sleep = sleep
        self._clock = clock
        self._log = log or (lambda _message: None)

    def applies(self, batch: Sequence[MappedRecord]) -> bool:
        """Whether the request built for ``batch`` submits a job."""
        return self._connector.uses_batch_job(batch)

    async def complete(
        self, batch: Sequence[MappedRecord], response: HttpResponse, send: Send
    ) -> list[RecordOutcome]:
        """Outcomes of ``batch`` whose submission was answered with ``response``.

        Raises:
            SetupError: the platform refused our credentials while polling.
            TransientError: the job did not finish in time even after a restart; the engine
                then submits the records again (the platform upserts them).
        """
        try:
            job_id = self._connector.read_job_started(batch, response)
        except BatchUnavailable as err:
            self._log(f"{err} Sending the {len(batch)} records one at a time.")
            outcomes = await self.one_by_one(batch, send)
        else:
            outcomes = await self._finish(
                job_id,
                lambda answer: self._connector.read_job_results(batch, job_id, answer),
                send,
            )
        if isinstance(self._connector, FollowUpJobConnector):
            outcomes = await self._follow_up(self._connector, batch, outcomes, send)
        return outcomes

    async def _follow_up(
        self,
        follow: FollowUpJobConnector,
        batch: Sequence[MappedRecord],
        outcomes: list[RecordOutcome],
        send: Send,
    ) -> list[RecordOutcome]:
        """Run the calls the delivered records still need, as jobs (or one by one)."""
        calls = list(follow.follow_up_calls(batch, outcomes))
        if not calls:
            return outcomes
        answers: list[object] = []
        size = max(1, follow.follow_up_calls_per_job)
        for start in range(0, len(calls), size):
            part = calls[start : start + size]
            submitted = await send(follow.follow_up_job_request(part, self._secrets))
            try:
                job_id = self._connector.read_job_started(batch, submitted)
            except BatchUnavailable as err:
                self._log(f"{err} Making the {len(part)} follow-up calls one at a time.")
                for call in part:
                    response = await send(follow.follow_up_call_request(call, self._secrets))
                    answers.append(follow.read_follow_up_call(response))
                continue
            answers += await self._finish(
                job_id, functools.partial(follow.read_job_answers, job_id), send
            )
        return follow.read_follow_up(batch, outcomes, calls, answers)

    async def _finish(
        self, job_id: str, read: Callable[[HttpResponse], _T | None], send: Send
    ) -> _T:
        """Await job ``job_id``'s results (restarting it once if it stalls) and read them.

        Raises:
            TransientError: the job did not finish in time even after a restart; the engine
                then submits the records again (the platform upserts them).
        """
        outcomes = await self._await_results(job_id, read, send)
        if outcomes is not None:
            return outcomes
        self._log(f"Batch job {job_id} has not finished; asking the platform to restart it.")
        await send(self._connector.job_restart_request(job_id, self._secrets))
        outcomes = await self._await_results(job_id, read, send)
        if outcomes is not None:
            return outcomes
        raise TransientError(
            f"Batch job {job_id} did not finish within {self._connector.job_timeout_s:g} s, "
            "even after a restart."
        )

    async def _await_results(
        self, job_id: str, read: Callable[[HttpResponse], _T | None], send: Send
    ) -> _T | None:
        """Poll until the job is done and read its results; None if the time runs out."""
        deadline = self._clock() + self._connector.job_timeout_s
        failures = 0
        while self._clock() < deadline:
            await self._sleep(self._connector.job_poll_interval_s)
            try:
                progress = self._connector.read_job_progress(
                    job_id,
                    await send(self._connector.job_progress_request(job_id, self._secrets)),
                )
                if progress < 100:
                    failures = 0
                    continue
                outcomes = read(
                    await send(self._connector.job_results_request(job_id, self._secrets))
                )
            except TransientError as err:
                # A hiccup while polling must not submit the job a second time: wait it out.
                failures += 1
                if failures >= self.MAX_POLL_FAILURES:
                    raise
                if err.retry_after:
                    await self._sleep(err.retry_after)
                continue
            if outcomes is not None:
                return outcomes
        return None

    async def one_by_one(self, batch: Sequence[MappedRecord], send: Send) -> list[RecordOutcome]:
        """Deliver each record with its own ordinary call (the connector's single request).

        A record refused for its content is refused alone; a passing failure leaves it for the
        engine to try again.
        """
        outcomes: list[RecordOutcome] = []
        for record in batch:
            try:
                response = await send(self._connector.single_request(record, self._secrets))
                outcomes += self._connector.read_response([record], response)
            except RowError as err:
                outcomes.append(RecordOutcome(record.row_number, OutcomeKind.REFUSED, str(err)))
            except TransientError as err:
                outcomes.append(RecordOutcome(record.row_number, OutcomeKind.RETRY, str(err)))
        return outcomes
