"""The engine over a mock transport: concurrency, retries, setup stops, order batches, checkpoints."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from attendee_relay.core.connector_api import HttpRequest
from attendee_relay.core.engine.retry import RetryPolicy
from attendee_relay.core.engine.runner import ImportEngine, RunResult
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.journal import journal_path, read_journal
from attendee_relay.core.records import MappedRecord, RowStatus
from unit.engine.fake_connector import FakeConnector

FAST_RETRY = RetryPolicy(max_attempts=4, base_s=0.001, cap_s=0.002)


def make_run(store: HistoryStore, rows: list[dict[str, str]]) -> int:
    run_id = store.create_run(
        kind="import", connector="fake", platform="fake", dedupe_scope="fake", settings={}
    )
    store.add_rows(
        run_id,
        [
            RowInsert(
                i + 2,
                RowStatus.PENDING,
                source=r,
                record=r,
                fingerprint=f"fp{i}",
                batch_key=r.get("order"),
            )
            for i, r in enumerate(rows)
        ],
    )
    store.finish_reading(run_id)
    return run_id


def make_engine(
    store: HistoryStore,
    run_id: int,
    connector: FakeConnector,
    handler: Callable[[httpx.Request], Awaitable[httpx.Response]],
) -> ImportEngine:
    return ImportEngine(
        store=store,
        run_id=run_id,
        connector=connector,
        connector_name="fake",
        secrets={"api_key": "k-123456"},
        transport=httpx.MockTransport(handler),
        retry=FAST_RETRY,
    )


def run_engine(
    tmp_path: Path,
    rows: list[dict[str, str]],
    handler: Callable[[httpx.Request], httpx.Response],
    **settings: object,
) -> tuple[RunResult, HistoryStore]:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = make_run(store, rows)

    async def async_handler(request: httpx.Request) -> httpx.Response:
        return handler(request)

    engine = make_engine(store, run_id, FakeConnector(**settings), async_handler)
    return engine.run_blocking(), store


def ok(request: httpx.Request) -> httpx.Response:
    rows = json.loads(request.content)["rows"]
    return httpx.Response(200, json={"results": ["ok"] * len(rows)})


def people(n: int) -> list[dict[str, str]]:
    return [{"email": f"p{i}@example.com"} for i in range(n)]


def test_every_row_is_delivered_and_recorded(tmp_path: Path) -> None:
    result, store = run_engine(tmp_path, people(25), ok, rate_limit_per_minute=0)

    assert result.status == "completed"
    assert result.counts.delivered == 25
    assert result.sent == 25
    assert all(
        r.status is RowStatus.DELIVERED and r.attempts == 1 for r in store.iter_rows(result.run_id)
    )


def test_rows_sharing_a_batch_key_travel_in_one_request_even_when_apart(tmp_path: Path) -> None:
    bodies: list[list[dict[str, str]]] = []

    def record(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content)["rows"])
        return ok(request)

    rows = [
        {"email": "a@x.org", "order": "A"},
        {"email": "b@x.org"},
        {"email": "c@x.org", "order": "A"},
        {"email": "d@x.org", "order": "B"},
    ]
    run_engine(tmp_path, rows, record, rate_limit_per_minute=0, max_concurrency=1)

    assert [[r["email"] for r in body] for body in bodies] == [
        ["a@x.org", "c@x.org"],
        ["b@x.org"],
        ["d@x.org"],
    ]


def test_passing_failures_are_retried_until_they_succeed(tmp_path: Path) -> None:
    tries: dict[str, int] = {}

    def flaky(request: httpx.Request) -> httpx.Response:
        # Each row: first an HTML 503, then a reset connection, then success.
        email = json.loads(request.content)["rows"][0]["email"]
        tries[email] = tries.get(email, 0) + 1
        if tries[email] == 1:
            return httpx.Response(503, text="<html>busy</html>")
        if tries[email] == 2:
            raise httpx.ReadError("connection reset")
        return ok(request)

    result, store = run_engine(
        tmp_path, people(5), flaky, rate_limit_per_minute=0, max_concurrency=1
    )

    assert result.counts.delivered == 5
    assert {r.attempts for r in store.iter_rows(result.run_id)} == {3}


def test_a_429_retry_after_is_honoured(tmp_path: Path) -> None:
    seen: list[float] = []

    def limited(request: httpx.Request) -> httpx.Response:
        import time

        seen.append(time.monotonic())
        if len(seen) == 1:
            return httpx.Response(429, headers={"Retry-After": "1"}, text="slow down")
        return ok(request)

    result, _ = run_engine(tmp_path, people(1), limited, rate_limit_per_minute=0)

    assert result.counts.delivered == 1
    assert seen[1] - seen[0] >= 0.95


def test_rows_refused_by_the_platform_are_not_retried(tmp_path: Path) -> None:
    def refuse_second(request: httpx.Request) -> httpx.Response:
        rows = json.loads(request.content)["rows"]
        return httpx.Response(
            200, json={"results": ["bad" if r["email"] == "p1@example.com" else "ok" for r in rows]}
        )

    result, store = run_engine(tmp_path, people(3), refuse_second, rate_limit_per_minute=0)

    refused = [r for r in store.iter_rows(result.run_id) if r.status is RowStatus.REFUSED]
    assert [(r.row_number, r.attempts, r.reason) for r in refused] == [(3, 1, "said bad")]
    assert result.status == "completed_with_errors"


def test_gives_up_after_max_attempts_with_the_last_reason(tmp_path: Path) -> None:
    result, store = run_engine(
        tmp_path,
        people(2),
        lambda r: httpx.Response(502, text="bad gateway"),
        rate_limit_per_minute=0,
    )

    rows = list(store.iter_rows(result.run_id))
    assert {r.status for r in rows} == {RowStatus.FAILED}
    assert all("Gave up after 4 tries" in r.reason and "502" in r.reason for r in rows)


def test_a_setup_error_stops_the_run_and_keeps_the_rest_pending(tmp_path: Path) -> None:
    calls = {"n": 0}

    def refused_key(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return httpx.Response(401, text="no")

    result, store = run_engine(
        tmp_path, people(30), refused_key, rate_limit_per_minute=0, max_concurrency=1
    )

    assert result.status == "stopped"
    assert "key was refused" in result.message
    assert calls["n"] == 1
    assert store.counts(result.run_id).pending == 30


def test_a_row_whose_earlier_try_may_have_arrived_is_uncertain_after_a_setup_stop(
    tmp_path: Path,
) -> None:
    calls = {"n": 0}

    def timeout_then_refused(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:  # the platform may have processed it; the answer never came
            raise httpx.ReadTimeout("no answer")
        return httpx.Response(401, text="no")

    result, store = run_engine(
        tmp_path, people(1), timeout_then_refused, rate_limit_per_minute=0, max_concurrency=1
    )

    assert result.status == "stopped"
    assert calls["n"] == 2
    assert [r.status for r in store.iter_rows(result.run_id)] == [RowStatus.UNCERTAIN]


def test_an_unreachable_host_stops_as_a_setup_problem(tmp_path: Path) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    result, store = run_engine(
        tmp_path, people(3), down, rate_limit_per_minute=0, max_concurrency=1
    )

    assert result.status == "stopped"
    assert "Cannot connect to fake.test" in result.message
    assert store.counts(result.run_id).pending == 3


def test_never_more_requests_in_flight_than_max_concurrency(tmp_path: Path) -> None:
    state = {"now": 0, "peak": 0}

    async def slow(request: httpx.Request) -> httpx.Response:
        state["now"] += 1
        state["peak"] = max(state["peak"], state["now"])
        await asyncio.sleep(0.01)
        state["now"] -= 1
        return ok(request)

    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = make_run(store, people(40))
    engine = make_engine(
        store, run_id, FakeConnector(rate_limit_per_minute=0, max_concurrency=5), slow
    )
    result = engine.run_blocking()

    assert result.counts.delivered == 40
    assert state["peak"] == 5


def test_cancel_stops_sending_and_leaves_the_run_resumable(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = make_run(store, people(50))
    sent = {"n": 0}
    engine: ImportEngine

    async def handler(request: httpx.Request) -> httpx.Response:
        sent["n"] += 1
        if sent["n"] == 3:
            engine.cancel()
        await asyncio.sleep(0.001)
        return ok(request)

    engine = make_engine(
        store, run_id, FakeConnector(rate_limit_per_minute=0, max_concurrency=1), handler
    )
    result = engine.run_blocking()

    assert result.status == "interrupted"
    counts = store.counts(run_id)
    assert sent["n"] == 3  # the request in flight at the cancel finished; no new one started
    assert counts.delivered == 3
    assert counts.pending == 47


def test_pause_holds_new_requests_until_resumed(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = make_run(store, people(9))
    times: list[float] = []
    engine: ImportEngine

    async def handler(request: httpx.Request) -> httpx.Response:
        loop = asyncio.get_running_loop()
        times.append(loop.time())
        if len(times) == 1:
            engine.pause()
            loop.call_later(0.3, engine.resume)
        return ok(request)

    engine = make_engine(
        store, run_id, FakeConnector(rate_limit_per_minute=0, max_concurrency=1), handler
    )
    result = engine.run_blocking()

    assert result.counts.delivered == 9
    assert times[1] - times[0] >= 0.25


def test_rows_left_in_flight_by_a_crash_become_uncertain(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = make_run(store, people(4))
    store.mark_in_flight(run_id, [2, 3])

    assert store.settle_interrupted(run_id) == [2, 3]
    assert store.counts(run_id).uncertain == 2


def test_an_unexpected_error_in_a_worker_ends_the_run_instead_of_hanging(tmp_path: Path) -> None:
    class BrokenConnector(FakeConnector):
        def build_request(
            self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
        ) -> HttpRequest:
            if batch[0].row_number >= 5:
                raise KeyError("a bug in the connector")
            return super().build_request(batch, secrets)

    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = make_run(store, people(60))

    async def respond(request: httpx.Request) -> httpx.Response:
        return ok(request)

    engine = make_engine(
        store, run_id, BrokenConnector(rate_limit_per_minute=0, max_concurrency=1), respond
    )

    async def bounded() -> RunResult:
        return await asyncio.wait_for(engine.run(), timeout=20)

    with pytest.raises(KeyError, match="a bug in the connector"):
        asyncio.run(bounded())
    assert store.counts(run_id).delivered < 60  # it stopped


def test_a_request_leaves_journaled_and_the_next_only_once_its_outcome_survives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At concurrency 1 each request waits for the previous one's slot. By then that row's
    # outcome must be durable: committed in the history or written to the journal; and the
    # request's own row must be journaled as sent. The history's writer is made slow, as it is
    # while SQLite checkpoints its log.
    record_outcomes = HistoryStore.record_outcomes

    def slow_record_outcomes(self: HistoryStore, *args: Any, **kwargs: Any) -> None:
        time.sleep(0.02)
        record_outcomes(self, *args, **kwargs)

    monkeypatch.setattr(HistoryStore, "record_outcomes", slow_record_outcomes)
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = make_run(store, people(30))
    journal = journal_path(store.path, run_id)
    unknown: list[int] = []
    unjournaled: list[int] = []
    answered: list[int] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        row = 2 + people(30).index(json.loads(request.content)["rows"][0])
        contents = read_journal(journal)
        rows = contents.rows if contents else {}
        if row not in rows or rows[row].status is not RowStatus.IN_FLIGHT:
            unjournaled.append(row)
        if answered:
            journaled = {n for n, fate in rows.items() if fate.outcome is not None}
            committed = {
                r.row_number
                for r in HistoryStore(store.path).iter_rows(run_id, (RowStatus.DELIVERED,))
            }
            if answered[-1] not in journaled | committed:
                unknown.append(answered[-1])
        answered.append(row)
        return ok(request)

    engine = make_engine(
        store, run_id, FakeConnector(rate_limit_per_minute=0, max_concurrency=1), handler
    )
    result = engine.run_blocking()

    assert result.counts.delivered == 30 and len(answered) == 30
    assert unjournaled == []
    assert unknown == []
    assert not journal.exists()  # every outcome reached the history: the journal has served
