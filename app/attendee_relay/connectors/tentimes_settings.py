"""Settings of a 10times connector (the API key is a secret).

Unknown publicly (API_NOTES, "10times — register"), and therefore settings rather than guesses:
the rate limits (``max_concurrency``, ``rate_limit_per_minute``), the most attendees one request
may carry (``max_attendees_per_request``), and the wording of 10times' failure messages — which
ones mean a setup problem such as an IP that is not whitelisted (``setup_error_fragments``) and
which ones mean the attendee is already registered (``already_registered_fragments``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from attendee_relay.connectors.setting_types import BaseUrl, CommaList, event_id
from attendee_relay.core.connector_api import ConnectorSettings

DEFAULT_BASE_URL = "https://api.10times.com"
REGISTER_PATH = "/v1/register"

DEFAULT_SETUP_FRAGMENTS = (
    "ip not allowed",
    "ip address not allowed",
    "not whitelisted",
    "whitelist",
    "invalid key",
    "key is invalid",
    "unauthorized",
    "unauthorised",
    "invalid api key",
    "invalid event",
    "invalid channel",
)
DEFAULT_ALREADY_REGISTERED_FRAGMENTS = ("already registered", "already exists")

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class TenTimesSettings(ConnectorSettings):
    """Settings of a 10times register connector (the API key is a secret, not a setting)."""

    base_url: BaseUrl = Field(
        default=DEFAULT_BASE_URL,
        description="Scheme and host of the 10times API; /v1/register is added to it.",
    )
    max_concurrency: int = Field(
        default=16,
        ge=1,
        le=64,
        description="Most requests in flight; halved on a 429 and grown back (10times publishes no limit).",
    )
    rate_limit_per_minute: int = Field(
        default=0,
        ge=0,
        description="Most requests a minute; 0 = no fixed cap, pacing follows 429/Retry-After (10times publishes no limit).",
    )
    event: str = Field(description="the event id from 10times, digits only")
    channel: NonEmptyText = Field(
        description="the channel the registrations come from, e.g. the name of your ticketing site"
    )
    # Off unless chosen: a first real import must not e-mail every attendee by surprise.
    notify_attendees: bool = Field(
        default=False,
        description="Let 10times e-mail each attendee; off sends noEmail=1 unless a row maps its own.",
    )
    max_attendees_per_request: int = Field(
        default=50,
        ge=1,
        le=1000,
        description="Most attendees of one order sent in one request (10times' limit is unknown).",
    )
    setup_error_fragments: CommaList = Field(
        default_factory=lambda: list(DEFAULT_SETUP_FRAGMENTS),
        description="Parts of a 10times failure message that mean the setup is wrong (stop the run).",
    )
    already_registered_fragments: CommaList = Field(
        default_factory=lambda: list(DEFAULT_ALREADY_REGISTERED_FRAGMENTS),
        description="Parts of a 10times failure message that mean the attendee is already there.",
    )

    @field_validator("event", mode="before")
    @classmethod
    def _event_is_digits(cls, value: object) -> object:
        return event_id(value, "10times")
