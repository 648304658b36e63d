"""What the engine needs from a connector. Connectors implement it; core never imports them.

A connector is pure: given records it builds an HTTP request, given the response it says what
happened to each record. The engine does all I/O, retries, rate limiting and bookkeeping.

Beyond ``Connector``, what a connector can do is declared by the small protocols below, checked
with ``isinstance`` (they are ``runtime_checkable``), never by probing attributes: asynchronous
batch jobs (``BatchJobConnector``, and ``FollowUpJobConnector`` for calls that need the ids a job
gave), looking a record up (``LookupConnector``), pulling lists (``PullConnector``), the account's
own lists for the wizard (``ListsConnector``, ``CategoriesConnector``) and OAuth sign-in
(``OAuthConnector``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from attendee_relay.core.fields import TargetField
from attendee_relay.core.records import MappedRecord, RecordOutcome

if TYPE_CHECKING:
    from attendee_relay.core.oauth import OAuthClient


class ConnectorSettings(BaseModel):
    """Non-secret settings every connector has. Connectors subclass this and add their own.

    Saved in the connector profile (config dir); secrets are never fields of this model.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    base_url: str = Field(
        default="", description="Scheme and host (plus any path prefix) of the platform's API."
    )
    max_concurrency: int = Field(default=4, ge=1, le=64, description="Requests in flight at once.")
    rate_limit_per_minute: int = Field(
        default=120, ge=0, description="Most requests a minute; 0 means no limit."
    )
    timeout_s: float = Field(
        default=30.0, gt=0, le=600, description="Seconds to wait for an answer."
    )
    max_attempts: int = Field(
        default=8,
        ge=1,
        le=20,
        description="Tries per request before a passing failure counts as failed.",
    )
    resend_after_lost_answer: bool = Field(
        default=True,
        description=(
            "Send a request again when its answer was lost (the platform may have processed "
            "it). Only matters on platforms that cannot update a record: yes puts the attendee "
            "first and reports a possible duplicate; no leaves the row uncertain for you to check."
        ),
    )


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """A request as it goes on the wire. ``body`` is the exact bytes sent."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """What came back. ``elapsed_s`` is the round trip as the engine measured it."""

    status_code: int
    headers: Mapping[str, str]
    body: bytes
    elapsed_s: float = 0.0

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class ConnectionTestResult:
    """Outcome of ``connector test``: ok, and one sentence on what was checked or what to fix."""

    ok: bool
    message: str


class Connector(Protocol):
    """A platform connector, configured with its settings (secrets are passed per call).

    Class attributes:
        platform: the CLI name (``10times``, ``influencersoft``, ...).
        title: a human title for the UI.
        summary: one line on what the platform is for.
        secret_names: the secrets this connector needs (``api_key``, ...).
        settings_model: the pydantic model of its settings.
        max_batch_size: most records one request may carry.
        upserts: the platform updates a record with the same identity instead of creating a
            second one, so re-sending a row whose fate is unknown is harmless.
    """

    platform: ClassVar[str]
    title: ClassVar[str]
    summary: ClassVar[str]
    secret_names: ClassVar[tuple[str, ...]]
    settings_model: ClassVar[type[ConnectorSettings]]
    max_batch_size: ClassVar[int]
    upserts: ClassVar[bool]

    settings: ConnectorSettings

    def target_fields(self) -> list[TargetField]:
        """The fields a mapping can fill, required ones first."""
        ...

    def accepts_extra_field(self, name: str) -> bool:
        """Whether ``name`` (not among ``target_fields``) is a valid dynamic target,
        e.g. ``response[123]`` for a 10times custom question."""
        ...

    def batch_key(self, record: MappedRecord) -> str | None:
        """Records with the same non-None key go in one request (e.g. a 10times order number)."""
        ...

    def identity(self, record: MappedRecord) -> str:
        """The record's identity on the platform (usually the lower-cased email)."""
        ...

    def dedupe_scope(self) -> str:
        """What, besides the connector's name, makes a delivery distinct: usually the event id."""
        ...

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """The one HTTP request that delivers ``batch``."""
        ...

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        """One outcome per record of ``batch``.

        Raises:
            SetupError: the answer shows the setup is wrong (bad key, IP not allowed).
            TransientError: the answer is a passing failure (e.g. an HTML error page).
        """
        ...

    def connection_test_request(self, secrets: Mapping[str, str]) -> HttpRequest | None:
        """A harmless request that proves settings and secrets work, or None if the platform
        has no such endpoint (then the user may choose to send one test attendee)."""
        ...

    def read_connection_test(self, response: HttpResponse) -> ConnectionTestResult:
        """Read the answer to ``connection_test_request``."""
        ...


@dataclass(frozen=True, slots=True)
class PullPage:
    """One page of records read from a platform.

    Attributes:
        rows: records as flat text columns (header -> value), e.g. ``{"Email": ..., "First Name": ...}``
            using the same header spellings a CSV export would have, so auto-mapping works on them.
        next_cursor: what ``pull_request`` needs for the next page, or None after the last one.
        note: one sentence the user should read about the pull (e.g. that a list without
            filters was filtered after reading), or "".
    """

    rows: list[dict[str, str]]
    next_cursor: object | None
    note: str = ""


@runtime_checkable
class PullConnector(Protocol):
    """A connector that can also list records (GEVME attendees, iVvy contacts, ...).

    Like ``Connector``, pure: the caller sends the requests, paces them and retries them.

    Attributes:
        pull_identity_column: the column that identifies a pulled record (a record seen twice,
            as a list shifts under a pull, is kept once); "" to compare whole rows.
    """

    platform: ClassVar[str]
    title: ClassVar[str]
    pull_identity_column: ClassVar[str]
    settings: ConnectorSettings

    def pull_columns(self) -> list[str]:
        """The headers every pulled row has, in a sensible order (the CSV's header line)."""
        ...

    def first_pull_cursor(self, options: Mapping[str, str]) -> object | None:
        """The cursor of the first page. ``options`` are per-pull choices such as
        ``modified_since``: a connector that needs them on every page keeps them in its cursor
        (connectors hold no state between pages). None when the first page needs nothing.

        Raises:
            InputError: an option the connector does not know, or a missing setting.
        """
        ...

    def pull_request(
        self, cursor: object | None, secrets: Mapping[str, str], options: Mapping[str, str]
    ) -> HttpRequest:
        """The request for the page at ``cursor`` (``first_pull_cursor``'s for the first page).
        ``options`` are the pull's options, as given to ``first_pull_cursor``."""
        ...

    def read_pull_page(self, cursor: object | None, response: HttpResponse) -> PullPage:
        """Rows of one page and where the next one is.

        Raises:
            SetupError: not authorised (see ``TokenExpired`` for OAuth platforms).
            TransientError: a passing failure.
        """
        ...


@dataclass(frozen=True, slots=True)
class LookupResult:
    """Whether the platform has the record, and its id there when it said."""

    found: bool
    remote_id: str = ""


@runtime_checkable
class LookupConnector(Protocol):
    """A connector that can ask the platform whether a record arrived (settling rows whose
    fate a stopped run left unknown)."""

    title: ClassVar[str]

    def lookup_request(self, record: MappedRecord, secrets: Mapping[str, str]) -> HttpRequest:
        """A harmless request that finds ``record`` on the platform."""
        ...

    def read_lookup(self, record: MappedRecord, response: HttpResponse) -> LookupResult:
        """Found or not. Raises SetupError / TransientError like ``read_response``."""
        ...


@runtime_checkable
class BatchJobConnector(Protocol):
    """A connector that delivers through asynchronous batch jobs (iVvy's Batch API): any rows
    may share a job, a submission is answered with a job id, the job is polled until done.

    Every ``*_request`` method is called right before its request is sent (signatures that cover
    a timestamp stay fresh); every ``read_*`` method may raise ``SetupError`` or
    ``TransientError`` like ``read_response``.
    """

    job_poll_interval_s: float
    job_timeout_s: float

    def uses_batch_job(self, batch: Sequence[MappedRecord]) -> bool:
        """Whether ``build_request(batch)`` submits a job (else it is an ordinary call)."""
        ...

    def read_job_started(self, batch: Sequence[MappedRecord], response: HttpResponse) -> str:
        """The job id from the submission's answer.

        Raises:
            BatchUnavailable: the platform will not run this batch as a job.
        """
        ...

    def job_progress_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest: ...

    def read_job_progress(self, job_id: str, response: HttpResponse) -> float:
        """Percent done, 0 to 100."""
        ...

    def job_results_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest: ...

    def read_job_results(
        self, batch: Sequence[MappedRecord], job_id: str, response: HttpResponse
    ) -> list[RecordOutcome] | None:
        """One outcome per record, or None when the job has not finished yet."""
        ...

    def job_restart_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest:
        """Ask the platform to run a stalled job again."""
        ...

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest: ...

    def single_request(self, record: MappedRecord, secrets: Mapping[str, str]) -> HttpRequest:
        """The ordinary call that delivers ``record`` alone, answered as ``read_response`` reads."""
        ...

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]: ...


@runtime_checkable
class FollowUpJobConnector(Protocol):
    """A batch-job connector whose delivered records need more calls once their platform ids
    are known (iVvy: ``addContactsToSubscriptionGroup``, a lead linked by ``contactId``).

    Calls are opaque to the engine: the connector lists them, signs them (as one job or one by
    one, right before they are sent) and reads their answers in the same order.
    """

    follow_up_calls_per_job: int

    def follow_up_calls(
        self, batch: Sequence[MappedRecord], outcomes: Sequence[RecordOutcome]
    ) -> Sequence[object]:
        """The calls ``outcomes`` (of ``batch``) still need, in order; empty when none."""
        ...

    def follow_up_job_request(
        self, calls: Sequence[object], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """One job submission carrying ``calls`` (at most ``follow_up_calls_per_job``)."""
        ...

    def follow_up_call_request(self, call: object, secrets: Mapping[str, str]) -> HttpRequest:
        """``call`` as one ordinary request (when the platform will not take a job)."""
        ...

    def read_follow_up_call(self, response: HttpResponse) -> object:
        """The answer of one ordinary follow-up call, as a job result would carry it."""
        ...

    def read_job_answers(self, job_id: str, response: HttpResponse) -> list[object] | None:
        """Each call's answer from a finished job's results, or None when not finished."""
        ...

    def read_follow_up(
        self,
        batch: Sequence[MappedRecord],
        outcomes: Sequence[RecordOutcome],
        calls: Sequence[object],
        answers: Sequence[object],
    ) -> list[RecordOutcome]:
        """The final outcomes, given each follow-up call's answer."""
        ...


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of a platform's own list as the wizard offers it.

    Attributes:
        id: the id to store in a setting or a mapping (a group id, a custom field id...).
        name: what a coordinator sees.
        detail: more about it (a custom field's type and options, a group's member count).
    """

    id: str
    name: str
    detail: str = ""


@runtime_checkable
class ListsConnector(Protocol):
    """A connector that can read the account's own lists for the wizard (iVvy: custom fields,
    subscription groups, lead sources, types and stages)."""

    def list_request(self, kind: str, secrets: Mapping[str, str]) -> HttpRequest:
        """The request for list ``kind``. Raises InputError for a list it does not have."""
        ...

    def read_list(self, kind: str, response: HttpResponse) -> list[Choice]:
        """The entries of list ``kind`` from the answer."""
        ...


@runtime_checkable
class CategoriesConnector(Protocol):
    """A connector that can list and create the event's visitor categories (ExpoPlatform)."""

    def list_categories_request(self, secrets: Mapping[str, str]) -> HttpRequest: ...

    def read_categories(self, response: HttpResponse) -> list[Choice]: ...

    def set_category_request(
        self, name: str, secrets: Mapping[str, str], category_id: str = ""
    ) -> HttpRequest: ...

    def read_set_category(self, response: HttpResponse) -> str: ...


@runtime_checkable
class OAuthConnector(Protocol):
    """A connector that signs in with OAuth 2.0 (GEVME): ``login`` runs the flow with its
    client, and the tokens it gets are secrets the sign-in writes, not ones a person types."""

    token_secret_names: ClassVar[tuple[str, ...]]

    def oauth_client(self, secrets: Mapping[str, str]) -> OAuthClient:
        """The OAuth client, with the platform's endpoints unless settings override them."""
        ...
