"""What the engine needs from a connector. Connectors implement it; core never imports them.

A connector is pure: given records it builds an HTTP request, given the response it says what
happened to each record. The engine does all I/O, retries, rate limiting and bookkeeping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field

from attendee_relay.core.fields import TargetField
from attendee_relay.core.records import MappedRecord, RecordOutcome


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
    """

    rows: list[dict[str, str]]
    next_cursor: object | None


class PullConnector(Protocol):
    """A connector that can also list records (GEVME attendees, iVvy contacts, ...).

    Like ``Connector``, pure: the caller sends the requests, paces them and retries them.
    """

    platform: ClassVar[str]
    title: ClassVar[str]
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
