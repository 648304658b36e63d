"""10times Push API, in the direction of a CRM: each lead POSTed as raw JSON to any receiver URL.

It is how a coordinator tests a CRM's receiver (10times' "Run a sample test") and pushes leads to a
CRM that has no connector here. Unknown publicly, and therefore settings or documented choices: the
field names 10times pushes (we use the register field names plus ``type`` and the custom variables
as top-level keys), how a receiver authenticates (``auth_header`` / ``auth_prefix`` with the optional
secret ``api_key``), and any rate limit (``max_concurrency``, ``rate_limit_per_minute``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field, field_validator

from attendee_relay.connectors.setting_types import event_id
from attendee_relay.connectors.targets import synonyms_for
from attendee_relay.connectors.tentimes_fields import attendee_fields
from attendee_relay.connectors.wire import (
    JSON_CONTENT_TYPE,
    as_list,
    as_text,
    excerpt,
    retry_after,
)
from attendee_relay.core.connector_api import (
    ConnectionTestResult,
    ConnectorSettings,
    HttpRequest,
    HttpResponse,
)
from attendee_relay.core.errors import SetupError, TransientError
from attendee_relay.core.fields import TargetField
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome

if TYPE_CHECKING:
    from attendee_relay.core.connector_api import Connector

#: Extra targets a mapping may add: any simple key, sent as a top-level JSON key.
EXTRA_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
_HEADER_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
#: Fields a lead carries that are not attendee data and never go into the JSON.
_NOT_SENT = frozenset({"noEmail"})


def _parse_custom_variables(value: object) -> object:
    """Accept a JSON object text or ``name=value,name2=value2`` as well as a mapping."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return {}
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                raise ValueError(
                    'must be a JSON object like {"event_id": "123"} or name=value pairs '
                    "separated by commas"
                ) from None
        else:
            pairs: dict[str, str] = {}
            for part in (p.strip() for p in text.split(",")):
                if not part:
                    continue
                name, sep, val = part.partition("=")
                if not sep or not name.strip():
                    raise ValueError(
                        "must be name=value pairs separated by commas, e.g. "
                        "event_id=123,event_name=Expo (or a JSON object)"
                    )
                pairs[name.strip()] = val.strip()
            return pairs
    if isinstance(value, Mapping):
        return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in value.items()}
    return value


class TenTimesPushSettings(ConnectorSettings):
    """Settings of a JSON push connector. ``base_url`` is the receiver's full URL."""

    base_url: str = Field(
        description="the full URL of the CRM's receiver, e.g. https://crm.example.com/hooks/10times"
    )
    max_concurrency: int = Field(
        default=16,
        ge=1,
        le=64,
        description="Most requests in flight; halved on a 429 and grown back.",
    )
    rate_limit_per_minute: int = Field(
        default=0,
        ge=0,
        description="Most leads a minute; 0 = no fixed cap, pacing follows 429/Retry-After.",
    )
    lead_type: Literal["visitor", "exhibitor"] = Field(
        default="visitor", description="The lead type sent as 'type' when a row has none."
    )
    custom_variables: dict[str, str] = Field(
        default_factory=dict,
        description="Name/value pairs added to every lead; they never overwrite a lead's own field.",
    )
    auth_header: str = Field(
        default="Authorization",
        description="Header that carries the secret api_key, when one is stored.",
    )
    auth_prefix: str = Field(
        default="",
        description="Text put before the key in that header, e.g. 'Bearer' (empty sends the key alone).",
    )
    event: str = Field(default="", description="A 10times event id sent as 'event' (optional).")

    @field_validator("base_url", mode="after")
    @classmethod
    def _is_http_url(cls, value: str) -> str:
        # The URL is the endpoint itself: a trailing slash may matter to the receiver, so it stays.
        value = value.strip()
        if not re.match(r"^https?://[^/\s]+", value, re.IGNORECASE):
            raise ValueError("must be the receiver's full http:// or https:// URL")
        return value

    @field_validator("lead_type", mode="before")
    @classmethod
    def _lower_lead_type(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("custom_variables", mode="before")
    @classmethod
    def _custom_variables(cls, value: object) -> object:
        return _parse_custom_variables(value)

    @field_validator("auth_header", mode="after")
    @classmethod
    def _header_name(cls, value: str) -> str:
        value = value.strip()
        if not _HEADER_TOKEN.match(value):
            raise ValueError("must be an HTTP header name such as Authorization or X-Api-Key")
        return value

    @field_validator("event", mode="before")
    @classmethod
    def _event_is_digits(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return ""
        return event_id(value, "10times")


class TenTimesPushConnector:
    """POSTs each lead as a JSON object to a CRM receiver, one lead per request.

    The body has the 10times register field names (``name``, ``email``, ``designation``,
    ``company``, ``city``, ``country``, ``phone``, ticket fields and any extra mapped keys), then
    ``type`` (the row's own, else the ``lead_type`` setting), ``event`` when set, then the custom
    variables — which never overwrite a lead's field of the same name. The secret ``api_key`` is
    optional: without it no auth header is sent. Unknown publicly and therefore settings: field
    names, authentication and rate limits (see the module docstring).
    """

    platform: ClassVar[str] = "10times-push"
    title: ClassVar[str] = "JSON push (10times Push API format)"
    summary: ClassVar[str] = "Push each lead as JSON to a CRM's receiver URL, as 10times does."
    secret_names: ClassVar[tuple[str, ...]] = ("api_key",)
    #: Secrets it works without: a receiver may need no authentication at all.
    optional_secret_names: ClassVar[tuple[str, ...]] = ("api_key",)
    settings_model: ClassVar[type[ConnectorSettings]] = TenTimesPushSettings
    max_batch_size: ClassVar[int] = 1
    upserts: ClassVar[bool] = False

    def __init__(self, settings: TenTimesPushSettings) -> None:
        self.settings: ConnectorSettings = settings
        self._settings = settings

    def target_fields(self) -> list[TargetField]:
        """The 10times attendee fields (without noEmail) plus the lead ``type``."""
        fields = [f for f in attendee_fields() if f.name not in _NOT_SENT]
        fields.append(
            TargetField(
                name="type",
                label="Lead type",
                help="visitor or exhibitor; empty uses the connector's lead type setting.",
                synonyms=synonyms_for("lead_type", "type"),
                concept="lead_type",
            )
        )
        return fields

    def accepts_extra_field(self, name: str) -> bool:
        """Any simple key (letters, digits, ``_ . -``): a CRM may take fields we do not know."""
        return EXTRA_FIELD.match(name) is not None and name not in _NOT_SENT

    def batch_key(self, record: MappedRecord) -> str | None:
        """None: one lead per request."""
        return None

    def identity(self, record: MappedRecord) -> str:
        """The lower-cased e-mail."""
        return as_text(record.fields.get("email")).lower()

    def dedupe_scope(self) -> str:
        """The receiver URL, and the event when one is set."""
        scope = f"url={self._settings.base_url}"
        return f"{scope} event={self._settings.event}" if self._settings.event else scope

    def lead_json(self, record: MappedRecord) -> dict[str, object]:
        """The JSON object sent for one lead."""
        lead: dict[str, object] = {}
        for name, value in record.fields.items():
            if name in _NOT_SENT:
                continue
            if isinstance(value, list):
                lead[name] = as_list(value)
            elif value.strip():
                lead[name] = value.strip()
        if not as_text(record.fields.get("type")):
            lead["type"] = self._settings.lead_type
        if self._settings.event:
            lead.setdefault("event", self._settings.event)
        for name, value in self._settings.custom_variables.items():
            lead.setdefault(name, value)
        return lead

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """One JSON POST to the receiver URL for the (single) lead of ``batch``."""
        if len(batch) != 1:
            raise ValueError(f"a push request carries exactly one lead, got {len(batch)}")
        headers = {"Content-Type": JSON_CONTENT_TYPE, "Accept": "application/json, */*"}
        key = secrets.get("api_key", "").strip()
        if key:
            prefix = self._settings.auth_prefix.strip()
            headers[self._settings.auth_header] = f"{prefix} {key}" if prefix else key
        body = json.dumps(self.lead_json(batch[0]), ensure_ascii=False).encode("utf-8")
        return HttpRequest(method="POST", url=self._settings.base_url, headers=headers, body=body)

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        """2xx delivers; 401/403/404/405 and redirects are setup problems; other 4xx refuse.

        Raises:
            SetupError: the receiver refused our credentials or the URL is wrong.
            TransientError: a 5xx, 408 or 429 (the engine normally retries these itself).
        """
        code = response.status_code
        short = excerpt(response.text, 160)
        url = self._settings.base_url
        if 200 <= code < 300:
            answer = f"HTTP {code} {short}".strip()
            return [
                RecordOutcome(r.row_number, OutcomeKind.DELIVERED, answer=answer) for r in batch
            ]
        if code in (401, 403):
            raise SetupError(
                f"The receiver at {url} refused the request (HTTP {code}): check the API key "
                f"stored for this connector and the auth_header setting ({self._settings.auth_header})."
            )
        if code in (404, 405):
            raise SetupError(
                f"The receiver URL {url} was not found or takes no POST (HTTP {code}): check the "
                "base_url setting."
            )
        if 300 <= code < 400:
            location = next((v for k, v in response.headers.items() if k.lower() == "location"), "")
            raise SetupError(
                f"The receiver at {url} answered with a redirect (HTTP {code})"
                + (f" to {location}" if location else "")
                + ": set base_url to the final URL."
            )
        if code in (408, 429) or code >= 500:
            raise TransientError(
                f"The receiver had a passing problem (HTTP {code}); the lead will be sent again.",
                retry_after=retry_after(response.headers),
            )
        reason = f"The receiver refused this lead (HTTP {code})" + (f": {short}" if short else ".")
        return [
            RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason=reason, answer=f"HTTP {code}")
            for r in batch
        ]

    def connection_test_request(self, secrets: Mapping[str, str]) -> HttpRequest | None:
        """None: a CRM receiver has no standard ping; the user sends a test lead instead."""
        return None

    def read_connection_test(self, response: HttpResponse) -> ConnectionTestResult:
        """Never used (there is no test request); says how to check the receiver instead."""
        return ConnectionTestResult(
            ok=False, message="A CRM receiver has no test endpoint: push one test lead to check it."
        )


if TYPE_CHECKING:
    _conforms: type[Connector] = TenTimesPushConnector
