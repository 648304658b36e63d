"""Settings of an ExpoPlatform connector (the API key is a secret).

Seed 003 and API_NOTES ("ExpoPlatform Open API v2"): the base URL and key are issued per event by
ExpoPlatform's API manager (no default host); ``status`` is one of UPLOADED/ACTIVE/INACTIVE and the
platform's default for a new visitor is not published. The list getter's path, its paging and the
format of its ``timestamp`` delta filter are not public either: settings with sensible defaults.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, field_validator

from attendee_relay.connectors.setting_types import BaseUrl, event_id
from attendee_relay.core.connector_api import ConnectorSettings

API = "/api/v2/account"

ParamName = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z_][\w.\[\]-]*$")
]


def _timestamp_format(value: str) -> str:
    value = value.strip()
    if value != "unix" and "%" not in value:
        raise ValueError("must be 'unix' (seconds since 1970) or a date format with % codes")
    return value


TimestampFormat = Annotated[str, AfterValidator(_timestamp_format)]


class ExpoPlatformSettings(ConnectorSettings):
    """Settings of an ExpoPlatform connector (the API key is a secret)."""

    base_url: BaseUrl = Field(
        description="the API address ExpoPlatform's API manager gave you, e.g. https://x.expoplatform.com"
    )
    event: str = Field(description="the event id in ExpoPlatform (event_id)")
    status: Literal["", "UPLOADED", "ACTIVE", "INACTIVE"] = Field(
        default="",
        description="Status to set on every visitor sent; empty (the default) sends none, so "
        "new visitors get ExpoPlatform's own default and existing ones keep theirs. Setting "
        "it changes the status of every visitor re-imported (UPLOADED demotes ACTIVE ones).",
    )
    send_email: bool = Field(default=False, description="Let ExpoPlatform e-mail each visitor.")
    form_encoding: Literal["multipart", "urlencoded"] = Field(
        default="multipart", description="Body encoding: multipart form-data or urlencoded."
    )
    rate_limit_per_minute: int = Field(
        default=300, ge=0, description="Most calls a minute (ExpoPlatform's limit is unknown)."
    )
    pull_path: str = Field(
        default=f"{API}/list",
        description="Path of the visitor list getter (not public: ask the API manager).",
    )
    pull_page_param: ParamName = Field(
        default="page", description="Form field of the list's 1-based page (not public)."
    )
    pull_limit_param: ParamName = Field(
        default="limit", description="Form field of the list's page size (not public)."
    )
    pull_limit: int = Field(default=100, ge=1, le=1000, description="Visitors asked for a page.")
    timestamp_format: TimestampFormat = Field(
        default="unix",
        description="How the list's 'timestamp' (changed since) is written: 'unix' seconds, or "
        "a date format with % codes, in UTC (not public).",
    )

    @field_validator("base_url", mode="after")
    @classmethod
    def _base_url_given(cls, value: str) -> str:
        if not value:
            raise ValueError("must be the API address ExpoPlatform's API manager gave you")
        return value

    @field_validator("event", mode="before")
    @classmethod
    def _event_is_digits(cls, value: object) -> object:
        return event_id(value, "ExpoPlatform")
