"""Batch jobs: poll until done, read results, restart a stalled job, fall back to single calls."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import ClassVar

from attendee_relay.core.connector_api import HttpRequest, HttpResponse
from attendee_relay.core.engine.batch_jobs import (
    BatchJobRunner,
    BatchUnavailable,
    FollowUpJobConnector,
    batch_job_connector,
)
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome


class FakeJobs:
    supports_batch_jobs: ClassVar[bool] = True
    job_poll_interval_s = 1.0
    job_timeout_s = 10.0

    def __init__(self, finish_after: int, unavailable: bool = False) -> None:
        self.finish_after = finish_after
        self.unavailable = unavailable
        self.polls = 0
        self.restarts = 0

    def uses_batch_job(self, batch: Sequence[MappedRecord]) -> bool:
        return len(batch) > 1

    def read_job_started(self, batch: Sequence[MappedRecord], response: HttpResponse) -> str:
        if self.unavailable:
            raise BatchUnavailable("no batches here.")
        return "job-1"

    def job_progress_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest:
        return HttpRequest("POST", "http://x/progress")

    def read_job_progress(self, job_id: str, response: HttpResponse) -> float:
        self.polls += 1
        return 100.0 if self.polls >= self.finish_after else 50.0

    def job_results_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest:
        return HttpRequest("POST", "http://x/results")

    def read_job_results(
        self, batch: Sequence[MappedRecord], job_id: str, response: HttpResponse
    ) -> list[RecordOutcome] | None:
        return [RecordOutcome(r.row_number, OutcomeKind.DELIVERED, answer="job") for r in batch]

    def job_restart_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest:
        self.restarts += 1
        return HttpRequest("POST", "http://x/restart")

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        return HttpRequest("POST", "http://x/run")

    def single_request(self, record: MappedRecord, secrets: Mapping[str, str]) -> HttpRequest:
        return HttpRequest("POST", f"http://x/single/{record.row_number}")

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        return [RecordOutcome(r.row_number, OutcomeKind.DELIVERED, answer="single") for r in batch]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sent: list[str] = []

    async def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def send(self, request: HttpRequest) -> HttpResponse:
        self.sent.append(
            request.url.rsplit("/", 1)[-1] if "single" not in request.url else "single"
        )
        return HttpResponse(200, {}, b"{}")


BATCH = [MappedRecord(2, {}), MappedRecord(3, {})]


def run(jobs: FakeJobs, clock: Clock) -> list[RecordOutcome]:
    runner = BatchJobRunner(jobs, {}, sleep=clock.sleep, clock=lambda: clock.now)
    return asyncio.run(runner.complete(BATCH, HttpResponse(200, {}, b"{}"), clock.send))


def test_a_job_is_polled_until_done_then_its_results_are_the_outcomes() -> None:
    clock = Clock()
    outcomes = run(FakeJobs(finish_after=3), clock)
    assert [o.answer for o in outcomes] == ["job", "job"]
    assert clock.sent == ["progress", "progress", "progress", "results"]


def test_a_stalled_job_is_restarted_once() -> None:
    jobs, clock = FakeJobs(finish_after=12), Clock()
    outcomes = run(jobs, clock)
    assert jobs.restarts == 1 and "restart" in clock.sent
    assert all(o.kind is OutcomeKind.DELIVERED for o in outcomes)


def test_an_unavailable_batch_api_falls_back_to_one_call_per_record() -> None:
    clock = Clock()
    outcomes = run(FakeJobs(finish_after=1, unavailable=True), clock)
    assert [o.answer for o in outcomes] == ["single", "single"]
    assert clock.sent == ["single", "single"]


def test_only_connectors_that_say_so_have_batch_jobs() -> None:
    assert batch_job_connector(FakeJobs(1)) is not None
    assert batch_job_connector(object()) is None


class FakeFollowUp(FakeJobs):
    """Each delivered record needs one more call (as iVvy's groups do), run as a job."""

    follow_up_calls_per_job = 2

    def follow_up_calls(
        self, batch: Sequence[MappedRecord], outcomes: Sequence[RecordOutcome]
    ) -> list[int]:
        return [o.row_number for o in outcomes if o.kind is OutcomeKind.DELIVERED]

    def follow_up_job_request(
        self, calls: Sequence[object], secrets: Mapping[str, str]
    ) -> HttpRequest:
        return HttpRequest("POST", "http://x/follow-up-run")

    def follow_up_call_request(self, call: object, secrets: Mapping[str, str]) -> HttpRequest:
        return HttpRequest("POST", f"http://x/follow-up-alone-{call}")

    def read_follow_up_call(self, response: HttpResponse) -> object:
        return "alone"

    def read_job_answers(self, job_id: str, response: HttpResponse) -> list[object] | None:
        return ["in a job", "in a job"]

    def read_follow_up(
        self,
        batch: Sequence[MappedRecord],
        outcomes: Sequence[RecordOutcome],
        calls: Sequence[object],
        answers: Sequence[object],
    ) -> list[RecordOutcome]:
        said = dict(zip(calls, answers, strict=True))
        return [
            RecordOutcome(o.row_number, o.kind, answer=f"{o.answer}+{said[o.row_number]}")
            for o in outcomes
        ]


def test_delivered_records_get_their_follow_up_calls_in_a_second_job() -> None:
    clock = Clock()
    outcomes = run(FakeFollowUp(finish_after=1), clock)
    assert [o.answer for o in outcomes] == ["job+in a job", "job+in a job"]
    assert clock.sent == ["progress", "results", "follow-up-run", "progress", "results"]


def test_follow_up_calls_go_one_by_one_when_jobs_are_refused() -> None:
    clock = Clock()
    outcomes = run(FakeFollowUp(finish_after=1, unavailable=True), clock)
    assert [o.answer for o in outcomes] == ["single+alone", "single+alone"]
    assert clock.sent == [
        "single", "single", "follow-up-run", "follow-up-alone-2", "follow-up-alone-3"
    ]  # fmt: skip


def test_only_connectors_with_follow_up_calls_are_follow_up_connectors() -> None:
    assert isinstance(FakeFollowUp(1), FollowUpJobConnector)
    assert not isinstance(FakeJobs(1), FollowUpJobConnector)
