"""ImportEngine: delivers a prepared run's pending rows through a connector over HTTP.

Many requests in flight (``max_concurrency``), never faster than ``rate_limit_per_minute``,
passing failures retried with backoff, a setup failure stops the run with the rest kept pending.
Every request's rows are journaled as sent before it leaves, and its outcome before its slot is
free (``core/history/journal.py``); the history commits the same changes behind the journal. So
a killed process can resume without re-sending what is known to be delivered.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import httpx

from attendee_relay.core.connector_api import Connector, HttpRequest, HttpResponse
from attendee_relay.core.engine.batch_jobs import (
    BatchJobConnector,
    BatchJobRunner,
    batch_job_connector,
)
from attendee_relay.core.engine.concurrency import AdaptiveConcurrency
from attendee_relay.core.engine.events import EngineEvent, LogLine, Progress
from attendee_relay.core.engine.ratelimit import RateLimiter
from attendee_relay.core.engine.retry import RETRYABLE_STATUSES, RetryPolicy, parse_retry_after
from attendee_relay.core.engine.sender import AnswerLost, CannotConnect, HttpxSender, Sender
from attendee_relay.core.errors import RelayError, RowError, SetupError, TransientError
from attendee_relay.core.glossary import count_of
from attendee_relay.core.history import HistoryStore, RunCounts
from attendee_relay.core.history.journal import DeliveryJournal, journal_path
from attendee_relay.core.history.problems import explain, is_disk_problem
from attendee_relay.core.history.store import (
    RUN_COMPLETED,
    RUN_COMPLETED_WITH_ERRORS,
    RUN_INTERRUPTED,
    RUN_PARTLY_READ,
    RUN_PREPARING,
    RUN_RUNNING,
    RUN_STOPPED,
)
from attendee_relay.core.history.writer import HistoryWriter, Write
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome, RowStatus


def _remember_missing_sniffio() -> None:
    """Make a missing ``sniffio`` cheap to find missing.

    httpcore imports sniffio each time it sets up a lock or event (encode/httpcore#1102), and
    anyio >= 4.11 no longer installs it. Python does not cache a failed import, so each try
    searched sys.path: ~40% of the engine's CPU time. A None entry fails the same way at once.
    """
    try:
        import sniffio  # noqa: F401
    except ImportError:
        sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]


_remember_missing_sniffio()

#: A refused connection is tried this many times at most before the run stops as a setup problem:
#: a wrong host or a laptop offline will not heal within a backoff schedule.
CONNECT_ATTEMPTS = 4

#: A request that waited longer than this for a slot or the rate limit is built again before it
#: leaves: some platforms sign the time into it (iVvy allows five minutes).
REBUILD_AFTER_S = 60.0

#: How long the history's writer lets row changes gather before one commit. Nothing waits for
#: these commits (the journal makes each change durable first), and fewer, larger commits take
#: the writer thread off the event loop's back: fewer wake-ups competing for the GIL, and less
#: SQLite log to write and checkpoint.
WRITER_GATHER_S = 0.05
#: How long requests in flight may still finish after a cancel before they are abandoned.
CANCEL_GRACE_S = 0.5
#: How often a run checks on another run that is delivering some of its rows at the same time.
OTHER_RUN_POLL_S = 0.5

_now = time.monotonic


@dataclass(frozen=True, slots=True)
class RunResult:
    """How a delivery session ended."""

    run_id: int
    status: str
    message: str
    sent: int
    counts: RunCounts


class ImportEngine:
    """Sends a run's pending rows. Create, then ``await run()`` (or ``run_blocking()``)."""

    def __init__(
        self,
        *,
        store: HistoryStore,
        run_id: int,
        connector: Connector,
        connector_name: str,
        secrets: Mapping[str, str],
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        on_event: Callable[[EngineEvent], None] | None = None,
        progress_interval_s: float = 0.25,
        on_exchange: Callable[[HttpRequest, HttpResponse], None] | None = None,
    ) -> None:
        self._store = store
        self._run_id = run_id
        self._connector = connector
        self._name = connector_name
        self._scope = connector.dedupe_scope()
        self._secrets = dict(secrets)
        self._transport = transport
        settings = connector.settings
        self._policy = retry or RetryPolicy(max_attempts=settings.max_attempts)
        self._limiter = RateLimiter(settings.rate_limit_per_minute)
        self._slots: AdaptiveConcurrency | None = None  # made inside the running loop
        self._concurrency = settings.max_concurrency
        self._timeout = settings.timeout_s
        self._resend_after_lost = settings.resend_after_lost_answer
        self._emit = on_event or (lambda _event: None)
        self._progress_interval = progress_interval_s
        self._on_exchange = on_exchange
        # Platforms with asynchronous batch jobs (iVvy) answer a submission, not the records.
        jobs = batch_job_connector(connector)
        self._jobs = (
            BatchJobRunner(jobs, self._secrets, log=lambda m: self._emit(LogLine("info", m)))
            if jobs is not None
            else None
        )
        self._rng = random.Random()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._unpaused: asyncio.Event | None = None
        self._stopping = False
        self._cancelled = False
        self._setup_error: str | None = None
        self._pending_pause: bool | None = None
        self._lock = threading.Lock()
        # live counters
        self._counts = RunCounts()
        self._sent = 0
        self._settled_times: deque[tuple[float, int]] = deque()
        self._in_flight = 0
        self._last_progress = 0.0
        self._paused = False
        self._crash: Exception | None = None  # what broke a worker, raised when all have ended
        self._workers: list[asyncio.Task[None]] = []
        self._queue: asyncio.Queue[list[MappedRecord] | None] | None = None
        self._abandoned = False  # the workers were cancelled a moment after a cancel
        self._writer: HistoryWriter | None = None  # the row checkpoints' thread, while running
        self._journal: DeliveryJournal | None = None  # rows sent and settled, durable at once

    # ----- control (safe from any thread) -----------------------------------------------------

    def pause(self) -> None:
        self._control(lambda: self._set_paused(True), pending=True)

    def resume(self) -> None:
        self._control(lambda: self._set_paused(False), pending=False)

    def cancel(self) -> None:
        """Stop sending new requests; those in flight get ``CANCEL_GRACE_S`` to finish, then
        are abandoned (their rows end uncertain, for a resume to settle), so that a server gone
        quiet cannot hold a cancel for its whole timeout. The run stays resumable."""
        self._stopping = True
        self._cancelled = True

        def stop_soon() -> None:
            self._set_paused(False)
            assert self._loop is not None
            self._loop.call_later(CANCEL_GRACE_S, self._abandon_in_flight)

        self._control(stop_soon, pending=False)

    def _abandon_in_flight(self) -> None:
        """On the loop, a moment after a cancel: stop every worker where it waits (an answer, a
        back-off, a batch job's poll) and empty the queue the producer may be blocked on."""
        if self._queue is None:
            return
        self._abandoned = True
        for worker in self._workers:
            worker.cancel()
        while not self._queue.empty():
            self._queue.get_nowait()

    def _control(self, action: Callable[[], None], pending: bool) -> None:
        with self._lock:
            loop = self._loop
            if loop is None:
                self._pending_pause = pending
                return
        try:
            same_thread = asyncio.get_running_loop() is loop
        except RuntimeError:
            same_thread = False
        if same_thread:
            action()  # from the engine's own loop (a callback): take effect before the next request
        else:
            loop.call_soon_threadsafe(action)

    def _set_paused(self, paused: bool) -> None:
        assert self._unpaused is not None
        self._paused = paused
        if paused:
            self._unpaused.clear()
        else:
            self._unpaused.set()
        self._progress(force=True)

    # ----- running ----------------------------------------------------------------------------

    def run_blocking(self) -> RunResult:
        return asyncio.run(self.run())

    async def run(self) -> RunResult:
        with self._lock:
            self._loop = asyncio.get_running_loop()
        self._unpaused = asyncio.Event()
        self._unpaused.set()
        self._slots = AdaptiveConcurrency(self._concurrency)
        if self._pending_pause:
            self._set_paused(True)
        self._counts = self._store.counts(self._run_id)
        self._counts.failed = 0  # failed rows were re-queued by resume, or there are none yet
        self._store.set_run_status(self._run_id, RUN_RUNNING)
        self._started = time.monotonic()
        queue: asyncio.Queue[list[MappedRecord] | None] = asyncio.Queue(
            maxsize=self._concurrency * 2
        )
        sender = self._sender()
        self._store.replay_journal(self._run_id)  # normally done by resume already: a no-op
        self._journal = DeliveryJournal(
            journal_path(self._store.path, self._run_id), self._name, self._scope
        )
        self._writer = HistoryWriter(self._store.path, gather_s=WRITER_GATHER_S)
        try:
            try:
                self._writer.start()
                await self._deliver_all(sender, queue)
                await self._wait_for_other_runs()
            finally:
                try:
                    await sender.aclose()
                finally:
                    await self._close_checkpoints()
            return self._finish()
        except (sqlite3.Error, OSError) as err:  # a full disk, most likely: run resumable
            if isinstance(err, OSError) and not is_disk_problem(err):
                raise
            raise explain(
                err, self._store.path, file_bytes=self._source_size(), run_id=self._run_id
            ) from err

    async def _wait_for_other_runs(self) -> None:
        """Rows this run skipped because another run was delivering them at the same time: while
        that run goes on, wait for its outcome, so that this run's report can say what became
        of them (delivered by it, or not) instead of calling them done."""
        announced: set[int] = set()
        while not self._stopping:
            holders = self._store.held_by_other_runs(self._run_id)
            alive = {
                run: n
                for run, n in holders.items()
                if self._store.get_run(run).status in (RUN_RUNNING, RUN_PREPARING)
            }
            if not alive:
                return
            for run, n in alive.items():
                if run not in announced:
                    announced.add(run)
                    self._emit(
                        LogLine(
                            "info",
                            f"Waiting for run {run}, which is delivering {n:,} of these rows at "
                            "the same time.",
                            (),
                        )
                    )
            await asyncio.sleep(OTHER_RUN_POLL_S)

    def _source_size(self) -> int | None:
        """The run's file's size, to say how much room its history needs (None if unknown)."""
        try:
            size = self._store.get_run(self._run_id).source_size
        except (sqlite3.Error, RelayError):
            return None
        return size if size > 0 else None

    async def _close_checkpoints(self) -> None:
        """Wait until every row checkpoint is committed (the run's end reads them back); then
        the journal has served. If the history failed, the journal stays for a resume."""
        assert self._writer is not None and self._journal is not None
        try:
            await asyncio.to_thread(self._writer.close)
        except BaseException:
            self._journal.close()
            raise
        self._journal.remove()

    async def _deliver_all(
        self, sender: Sender, queue: asyncio.Queue[list[MappedRecord] | None]
    ) -> None:
        # Twice as many workers as slots: while a request is on the wire, another worker's next
        # request is already built and checkpointed, waiting for a slot.
        workers = [
            asyncio.create_task(self._worker(sender, queue)) for _ in range(2 * self._concurrency)
        ]
        self._workers, self._queue = workers, queue
        try:
            for batch in self._batches():
                if self._stopping:
                    break
                await queue.put(batch)
        finally:
            if not self._abandoned:
                for _ in workers:
                    await queue.put(None)
            # An abandoned worker ends cancelled; the others' errors are kept in self._crash.
            await asyncio.gather(*workers, return_exceptions=True)
        if self._crash is not None:
            raise self._crash

    def _sender(self) -> Sender:
        """An httpx transport given by the caller (tests, mocks) as given; else aiohttp (see
        ``sender`` and ``aiohttp_sender`` for why not httpx's own stack)."""
        if self._transport is not None:
            return HttpxSender(self._transport, self._timeout)
        # Imported here: aiohttp takes ~0.6 s to import, which the app's start-up must not pay.
        from attendee_relay.core.engine.aiohttp_sender import AiohttpSender

        return AiohttpSender(self._concurrency, self._timeout)

    def _batches(self) -> Iterator[list[MappedRecord]]:
        """Group consecutive pending rows sharing a batch key, up to the connector's batch size."""
        limit = max(1, self._connector.max_batch_size)
        # Platforms with a batch API (iVvy) take unrelated rows together; others only an order's.
        any_rows = isinstance(self._connector, BatchJobConnector)
        current: list[MappedRecord] = []
        current_key: str | None = None
        self._fingerprints: dict[int, str] = {}
        for chunk in self._store.iter_pending(self._run_id):
            for pending in chunk:
                self._fingerprints[pending.record.row_number] = pending.fingerprint
                if current and (
                    len(current) >= limit
                    or (
                        not any_rows
                        and (pending.batch_key is None or pending.batch_key != current_key)
                    )
                ):
                    yield current
                    current = []
                current.append(pending.record)
                current_key = pending.batch_key
                if self._stopping:
                    return
        if current:
            yield current

    async def _worker(
        self, sender: Sender, queue: asyncio.Queue[list[MappedRecord] | None]
    ) -> None:
        while (batch := await queue.get()) is not None:
            if self._stopping:
                continue  # keep taking batches, so that the producer is never left waiting
            try:
                await self._deliver(sender, batch)
            except Exception as err:
                # A bug or a failing history must stop the run, not leave the others waiting
                # for batches nobody takes: stop, let everyone finish, raise it after.
                self._stopping = True
                if self._crash is None:
                    self._crash = err

    async def _deliver(self, sender: Sender, records: list[MappedRecord]) -> None:
        """Send one batch until every record is settled, the run stops, or tries run out.

        The request is built before it waits for a slot (twice as many workers as slots), so
        whenever a request ends the next one, already prepared by another worker, leaves at
        once. Its rows are journaled as sent just before it leaves.
        """
        attempt = 0
        connect_failures = 0
        reached = False  # whether any try may have reached the platform
        assert self._unpaused is not None
        while records and not self._stopping:
            await self._unpaused.wait()
            attempt += 1
            retry: TransientError | None = None
            try:
                request, built_at = self._connector.build_request(records, self._secrets), _now()
                if not await self._take_slot():
                    break
                await self._limiter.acquire()
                if _now() - built_at > REBUILD_AFTER_S:  # signed with the time (iVvy): refresh
                    request = self._connector.build_request(records, self._secrets)
                # From here the rows may be sent: a crash leaves them uncertain, never lost.
                self._mark_sent([r.row_number for r in records])
                self._sent += len(records) if attempt == 1 else 0
                last_try = attempt >= self._policy.max_attempts
                again = await self._exchange_in_slot(sender, records, request, last_try)
            except SetupError as err:
                self._stop_for_setup(str(err))  # this try was refused, not processed
                break
            except RowError as err:
                self._record(records, OutcomeKind.REFUSED, str(err))
                return
            except TransientError as err:
                connect_failures = connect_failures + 1 if isinstance(err, CannotConnect) else 0
                reached = reached or not (isinstance(err, CannotConnect) or err.status_code == 429)
                retry = err
            if retry is not None:
                if isinstance(retry, AnswerLost) and not self._connector.upserts:
                    if not self._resend_after_lost:
                        self._leave_uncertain(records, retry)
                        return
                    self._note_lost_answer(records)
                if connect_failures >= CONNECT_ATTEMPTS:
                    self._stop_for_setup(f"{retry} Check base_url and the network, then resume.")
                    break
                if attempt >= self._policy.max_attempts:
                    self._record(
                        records,
                        OutcomeKind.RETRY,
                        f"Gave up after {attempt} {'try' if attempt == 1 else 'tries'}: {retry}",
                    )
                    return
                await self._back_off(records, retry, attempt)
                continue
            reached = True
            records = again
            if records:
                await asyncio.sleep(self._policy.delay(attempt, None, self._rng))
        if records and not reached:
            # Stopped before any try got through: none of these can have arrived, so they stay
            # pending for a resume. Rows a try may have reached stay in flight: the run's end
            # marks them uncertain.
            self._set_pending([r.row_number for r in records])

    async def _take_slot(self) -> bool:
        """Wait for a free slot while the run is not paused; False when the run is stopping."""
        assert self._unpaused is not None and self._slots is not None
        while True:
            await self._slots.acquire()
            if self._stopping:
                await self._slots.release()
                return False
            if self._unpaused.is_set():
                return True
            await self._slots.release()  # paused while waiting: hold no slot while paused
            await self._unpaused.wait()

    async def _exchange_in_slot(
        self, sender: Sender, records: list[MappedRecord], request: HttpRequest, last_try: bool
    ) -> list[MappedRecord]:
        """Send ``request`` holding a slot (taken by the caller), read the answer and store the
        outcomes; return the records the platform asked to have again.

        The slot is held until the outcomes are journaled (``core/history/journal.py``): a
        request counts as in flight until its rows' fate survives the process, so a crash can
        leave at most ``max_concurrency`` requests' rows unknown (and a setup error stops the
        run before another request leaves). The history's commit follows on the writer thread.
        """
        assert self._slots is not None
        self._in_flight += len(records)
        throttled = False
        try:
            response = await self._send(sender, request)
            if self._jobs is not None and self._jobs.applies(records):
                # A batch job's polls belong to the same exchange: the slot is held throughout.
                outcomes = await self._jobs.complete(
                    records, response, lambda r: self._send_paced(sender, r)
                )
            else:
                outcomes = self._connector.read_response(records, response)
            return self._apply(records, outcomes, last_try)
        except RowError as err:  # the whole request refused for its rows: settled in the slot
            self._record(records, OutcomeKind.REFUSED, str(err))
            return []
        except TransientError as err:
            throttled = err.status_code == 429
            raise
        finally:
            self._in_flight -= len(records)
            await self._slots.release(throttled=throttled)

    async def _back_off(
        self, records: list[MappedRecord], err: TransientError, attempt: int
    ) -> None:
        """Wait before the next try (everyone waits when the platform sent Retry-After)."""
        delay = self._policy.delay(attempt, err.retry_after, self._rng)
        if err.retry_after is not None:
            self._limiter.hold_until(time.monotonic() + err.retry_after)
        numbers = tuple(r.row_number for r in records)
        self._emit(LogLine("warning", f"{err} Retrying in {delay:.1f} s.", numbers))
        await asyncio.sleep(delay)

    async def _send_paced(self, sender: Sender, request: HttpRequest) -> HttpResponse:
        """A follow-up call of a batch job (poll, results): paced like every other request."""
        await self._limiter.acquire()
        return await self._send(sender, request)

    async def _send(self, sender: Sender, request: HttpRequest) -> HttpResponse:
        response = await sender.send(request)
        if self._on_exchange is not None:
            self._on_exchange(request, response)
        if response.status_code in RETRYABLE_STATUSES:
            raise TransientError(
                f"The platform answered HTTP {response.status_code}.",
                retry_after=parse_retry_after(response.headers.get("retry-after")),
                status_code=response.status_code,
            )
        return response

    def _apply(
        self, records: list[MappedRecord], outcomes: Sequence[RecordOutcome], last_try: bool
    ) -> list[MappedRecord]:
        """Store settled outcomes; return the records the platform asked us to try again."""
        by_row = {o.row_number: o for o in outcomes}
        settled: list[tuple[RecordOutcome, RowStatus]] = []
        again: list[MappedRecord] = []
        for record in records:
            outcome = by_row.get(record.row_number)
            if outcome is None:
                outcome = RecordOutcome(
                    record.row_number,
                    OutcomeKind.RETRY,
                    "The platform's answer did not cover this row.",
                )
            if outcome.kind is OutcomeKind.RETRY and not last_try:
                again.append(record)
                continue
            settled.append((outcome, _status_of(outcome.kind)))
        self._settle(settled)
        return again

    def _record(self, records: Sequence[MappedRecord], kind: OutcomeKind, reason: str) -> None:
        self._settle(
            [(RecordOutcome(r.row_number, kind, reason), _status_of(kind)) for r in records]
        )

    def _settle(self, settled: Sequence[tuple[RecordOutcome, RowStatus]]) -> None:
        """Count ``settled``, journal it (durable on return) and have it written to the history
        (in order, after the rows' in-flight marks)."""
        if not settled:
            return
        # The fingerprints go with the write, as they are popped just below.
        fingerprints = {
            o.row_number: self._fingerprints[o.row_number]
            for o, _status in settled
            if o.row_number in self._fingerprints
        }
        run_id, name, scope = self._run_id, self._name, self._scope
        assert self._journal is not None
        self._journal.settled(settled, fingerprints)
        self._rows_post(
            lambda store: store.record_outcomes(run_id, name, scope, settled, fingerprints)
        )
        for outcome, _status in settled:  # settled rows need no fingerprint: memory stays flat
            self._fingerprints.pop(outcome.row_number, None)
        now = time.monotonic()
        for outcome, status in settled:
            self._counts.pending -= 1
            if status is RowStatus.DELIVERED:
                self._counts.delivered += 1
            elif status is RowStatus.REFUSED:
                self._counts.refused += 1
                self._emit(
                    LogLine(
                        "warning",
                        f"Row {outcome.row_number} refused: {outcome.reason}",
                        (outcome.row_number,),
                    )
                )
            else:
                self._counts.failed += 1
                self._emit(
                    LogLine(
                        "error",
                        f"Row {outcome.row_number} failed: {outcome.reason}",
                        (outcome.row_number,),
                    )
                )
        self._settled_times.append((now, len(settled)))
        self._progress()

    def _mark_sent(self, numbers: list[int]) -> None:
        """Journal the rows as sent (durable on return), then mark them in flight in the history."""
        assert self._journal is not None
        self._journal.sent(numbers)
        run_id = self._run_id
        self._rows_post(lambda store: store.mark_in_flight(run_id, numbers))

    def _rows_post(self, change: Write) -> None:
        """Have the history catch up with ``change`` (a failure is raised when the run ends)."""
        assert self._writer is not None
        self._writer.post(change)

    def _set_pending(self, numbers: list[int]) -> None:
        assert self._journal is not None
        self._journal.pending(numbers)
        run_id = self._run_id
        self._rows_post(lambda store: store.set_rows_status(run_id, numbers, RowStatus.PENDING))

    def _note_lost_answer(self, records: Sequence[MappedRecord]) -> None:
        """The answer to these rows was lost and they are about to be sent again: the platform
        (which cannot update a record) may end up holding them twice. Said in each row's story
        and counted as possible duplicates."""
        run_id, numbers = self._run_id, [r.row_number for r in records]
        note = (
            f"Sent again: an answer was lost after sending, so {self._connector.title} may hold "
            "this attendee twice; check it there."
        )
        self._rows_post(lambda store: store.note_lost_answer(run_id, numbers, note))

    def _leave_uncertain(self, records: Sequence[MappedRecord], err: TransientError) -> None:
        """``resend_after_lost_answer`` is off: the row is not sent again, and ends uncertain."""
        run_id, numbers = self._run_id, [r.row_number for r in records]
        reason = (
            f"{err} It may have arrived: check {self._connector.title}. Not sent again, as "
            "resend_after_lost_answer is off; a resume sends it again."
        )
        self._counts.uncertain += len(numbers)
        self._rows_post(
            lambda store: store.set_rows_status(run_id, numbers, RowStatus.UNCERTAIN, reason)
        )

    def _stop_for_setup(self, message: str) -> None:
        if self._setup_error is None:
            self._setup_error = message
            self._emit(LogLine("error", message))
        self._stopping = True

    def _progress(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_progress < self._progress_interval:
            return
        self._last_progress = now
        while self._settled_times and self._settled_times[0][0] < now - 10:
            self._settled_times.popleft()
        span = now - (self._settled_times[0][0] if self._settled_times else now)
        span = max(span, min(now - self._started, 10.0), 1e-3)
        rate = sum(n for _, n in self._settled_times) / span
        c = self._counts
        done = c.delivered + c.refused + c.failed + c.skipped
        remaining = max(0, c.total - done)
        self._emit(
            Progress(
                done=done,
                total=c.total,
                delivered=c.delivered,
                refused=c.refused,
                failed=c.failed,
                skipped=c.skipped,
                in_flight=self._in_flight,
                rate_per_s=rate,
                eta_s=remaining / rate if rate > 0 else None,
                paused=self._paused,
            )
        )

    def _finish(self) -> RunResult:
        leftover = self._store.settle_interrupted(self._run_id)  # only after a cancel mid-retry
        counts = self._store.counts(self._run_id)
        info = self._store.get_run(self._run_id)
        if not info.fully_read:
            # Only reachable if a caller delivers a run whose reading was cut short without
            # resuming it first (prepare_resume reads on): never "completed" with rows unread.
            status = RUN_PARTLY_READ
            message = (
                f"Only the first {info.rows_read:,} rows of {info.source_name} were read; "
                f"resume with attendee-relay resume {self._run_id} to read and send the rest."
            )
        elif self._setup_error is not None:
            status, message = RUN_STOPPED, self._setup_error
        elif self._cancelled:
            status = RUN_INTERRUPTED
            message = (
                f"Cancelled; {count_of(counts.unsettled, 'row')} can still be sent with resume."
            )
        elif counts.held_elsewhere and not (counts.refused or counts.failed or counts.unsettled):
            status = RUN_COMPLETED_WITH_ERRORS
            message = (
                f"{counts.held_elsewhere:,} rows were left to another run that was delivering them "
                f"and has not delivered them; attendee-relay history {self._run_id} names it. "
                f"Resume that run if it stopped, or this one (attendee-relay resume "
                f"{self._run_id}) once it is over."
            )
        elif counts.refused or counts.failed or counts.unsettled:
            status = RUN_COMPLETED_WITH_ERRORS
            message = f"{counts.refused} refused, {counts.failed} failed" + (
                f", {counts.uncertain} uncertain (check the platform, then resume)."
                if counts.uncertain
                else "."
            )
        elif counts.skipped:
            status = RUN_COMPLETED
            message = (
                f"Every row delivered: {counts.delivered:,} by this run, {counts.skipped:,} "
                "skipped as delivered (or being delivered) by another run."
            )
        else:
            status, message = RUN_COMPLETED, "Every row delivered."
        if leftover:
            message += (
                f" {len(leftover):,} {'row was' if len(leftover) == 1 else 'rows were'} in flight "
                "and marked uncertain."
            )
        finished = status in (RUN_COMPLETED, RUN_COMPLETED_WITH_ERRORS)
        self._store.release_claims(self._run_id, keep_unsettled=not finished)
        self._store.set_run_status(self._run_id, status, message)
        self._progress(force=True)
        return RunResult(self._run_id, status, message, self._sent, counts)


def _status_of(kind: OutcomeKind) -> RowStatus:
    return {
        OutcomeKind.DELIVERED: RowStatus.DELIVERED,
        OutcomeKind.REFUSED: RowStatus.REFUSED,
        OutcomeKind.RETRY: RowStatus.FAILED,
    }[kind]
