"""InfluencerSoft ``addupdatelead``: contacts added or updated (by e-mail), with lists and tags.

Unknown publicly, and therefore settings: rate limits (``max_concurrency``,
``rate_limit_per_minute``), and which secret signs an API 2.0 answer's ``hash`` — so checking it is
optional (``verify_hash``, off by default; when on, the documented API 1.0 formula
``md5("{error_code}::{error_text}::{api_key}")`` is used). The host is derived from ``username``;
``base_url`` overrides it for a sandbox or staging host.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field, field_validator, model_validator

from attendee_relay.connectors.influencersoft_fields import LIST_FIELDS, REACHES_LEAD, lead_fields
from attendee_relay.connectors.setting_types import BaseUrl, CommaList
from attendee_relay.connectors.wire import (
    FORM_CONTENT_TYPE,
    as_list,
    as_text,
    body_description,
    excerpt,
    form_encode,
    join_url,
    merge_unique,
    read_json,
    retry_after,
)
from attendee_relay.core.connector_api import (
    ConnectionTestResult,
    ConnectorSettings,
    HttpRequest,
    HttpResponse,
)
from attendee_relay.core.errors import RowError, SetupError, TransientError
from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome

if TYPE_CHECKING:
    from attendee_relay.core.connector_api import Connector

ADD_UPDATE_PATH = "/api/addupdatelead"
_USERNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")

#: error_code -> what it means, for codes that are the row's own fault.
ROW_ERRORS: dict[int, str] = {
    2: "no data was received",
    3: "the data is wrong",
    100: "the e-mail is missing",
    101: "subscription error",
    103: "invalid group (list id)",
    104: "subscription is forbidden",
}

#: "Already subscribed": the lead is there and in the list (API_NOTES, "InfluencerSoft —
#: addupdatelead": "a delivered row, not a refused one").
ALREADY_SUBSCRIBED = 102

#: error_code -> the sentence that says what to fix, for codes that stop the run.
SETUP_ERRORS: dict[int, str] = {
    1: "the request's key or hash is missing: check the API key stored for this connector "
    "(Integration and API section of your InfluencerSoft account).",
    4: "the key or hash is wrong: check the API key stored for this connector "
    "(Integration and API section of your InfluencerSoft account).",
    5: "the user name is unknown: check the username setting (your login, the first part of "
    "https://USERNAME.influencersoft.com).",
    6: "this computer's IP address is not permitted: allow it in InfluencerSoft's API settings "
    "(Integration and API), then try again.",
    7: "the InfluencerSoft account is disabled: sign in to InfluencerSoft and re-enable it or "
    "contact their support.",
}


class InfluencerSoftSettings(ConnectorSettings):
    """Settings of an InfluencerSoft connector (the API key is a secret, not a setting)."""

    base_url: BaseUrl = Field(
        default="",
        description="Overrides https://USERNAME.influencersoft.com (sandbox or staging host).",
    )
    max_concurrency: int = Field(
        default=16,
        ge=1,
        le=64,
        description="Most requests in flight; halved on a 429 and grown back (no published limit).",
    )
    rate_limit_per_minute: int = Field(
        default=0,
        ge=0,
        description="Most requests a minute; 0 = no fixed cap, pacing follows 429/Retry-After.",
    )
    username: str = Field(
        default="",
        description="your InfluencerSoft login, the first part of https://USERNAME.influencersoft.com",
    )
    add_to_lists: CommaList = Field(
        default_factory=list, description="Group ids every contact is added to (comma-separated)."
    )
    remove_from_lists: CommaList = Field(
        default_factory=list, description="Group ids every contact is removed from."
    )
    add_tags: CommaList = Field(default_factory=list, description="Tags added to every contact.")
    remove_tags: CommaList = Field(
        default_factory=list, description="Tags removed from every contact."
    )
    verify_hash: bool = Field(
        default=False,
        description="Check the answer's hash with the API 1.0 formula (the 2.0 secret is unknown).",
    )

    @field_validator("username", mode="before")
    @classmethod
    def _username_from_pasted_url(cls, value: object) -> object:
        # Coordinators paste the address of their account: keep only the third-level name.
        if isinstance(value, str):
            value = re.sub(r"^\s*https?://", "", value.strip(), flags=re.IGNORECASE)
            value = value.split("/", 1)[0]
            value = re.sub(r"\.influencersoft\.com$", "", value, flags=re.IGNORECASE)
        return value

    @field_validator("username", mode="after")
    @classmethod
    def _username_is_a_host_label(cls, value: str) -> str:
        if value and not _USERNAME.match(value):
            raise ValueError(
                "must be your InfluencerSoft login: letters, digits and dashes, as in "
                "https://USERNAME.influencersoft.com"
            )
        return value

    @model_validator(mode="after")
    def _username_or_base_url(self) -> InfluencerSoftSettings:
        if not self.username and not self.base_url:
            raise ValueError(
                "Missing setting 'username' (your InfluencerSoft login, the first part of "
                "https://USERNAME.influencersoft.com); or set base_url to the API host."
            )
        return self

    @property
    def api_base(self) -> str:
        """``base_url`` when set, else https://{username}.influencersoft.com."""
        return self.base_url or f"https://{self.username.lower()}.influencersoft.com"


class InfluencerSoftConnector:
    """Adds or updates InfluencerSoft contacts through ``POST /api/addupdatelead``.

    One contact per request, form-encoded, authenticated by the form field ``rpsKey``. The
    platform matches contacts by e-mail (the upsert). The article allows a lead without one ("if
    not specified, it will be created without email"): such a row is sent when a phone or a
    messenger id reaches the lead (its identity here, so the same row in a file or a later run is
    still recognised), knowing InfluencerSoft adds it anew each time. Lists and tags of a row are
    merged with the connector's defaults. Unknown publicly and therefore settings: rate limits and
    the 2.0 response signing secret (``verify_hash``, off by default).

    Answer codes as API_NOTES ("InfluencerSoft — addupdatelead") maps them: 0 and 102 ("already
    subscribed": the lead is there and in the list) are delivered; 2, 3, 100, 101, 103 and 104
    refuse the row; 1 and 4 to 7 are the setup's and stop the run.
    """

    platform: ClassVar[str] = "influencersoft"
    title: ClassVar[str] = "InfluencerSoft"
    summary: ClassVar[str] = "Add or update contacts in InfluencerSoft, with lists and tags."
    secret_names: ClassVar[tuple[str, ...]] = ("api_key",)
    settings_model: ClassVar[type[ConnectorSettings]] = InfluencerSoftSettings
    max_batch_size: ClassVar[int] = 1
    upserts: ClassVar[bool] = True

    def __init__(self, settings: InfluencerSoftSettings) -> None:
        self.settings: ConnectorSettings = settings
        self._settings = settings
        # Only kept when verify_hash is on: the answer is signed with the key it was sent with.
        self._signing_key = ""

    def __repr__(self) -> str:
        return f"InfluencerSoftConnector(api_base={self._settings.api_base!r})"

    def target_fields(self) -> list[TargetField]:
        """``lead_email`` first, then names, phone, addresses, social ids, lists and tags."""
        return lead_fields()

    def accepts_extra_field(self, name: str) -> bool:
        """No dynamic targets: custom CRM fields are not yet accepted by the API."""
        return False

    def batch_key(self, record: MappedRecord) -> str | None:
        """None: one contact per request."""
        return None

    def identity(self, record: MappedRecord) -> str:
        """The lower-cased e-mail (InfluencerSoft updates the contact with the same e-mail);
        without one, the phone or messenger id that reaches the lead."""
        email = as_text(record.fields.get("lead_email")).lower()
        if email:
            return email
        for name in REACHES_LEAD:
            if value := as_text(record.fields.get(name)):
                return f"{name}={value.lower()}"
        return ""

    def dedupe_scope(self) -> str:
        """The account's host: contacts are per account."""
        return f"account={self._settings.api_base}"

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """One form-encoded addupdatelead request for the (single) contact of ``batch``."""
        if len(batch) != 1:
            raise ValueError(
                f"an addupdatelead request carries exactly one contact, got {len(batch)}"
            )
        key = secrets.get("api_key", "").strip()
        if not key:
            raise SetupError(
                "No InfluencerSoft API key is stored for this connector: add the key from the "
                "'Integration and API' section of your account as the secret 'api_key'."
            )
        if self._settings.verify_hash:
            self._signing_key = key
        record = batch[0]
        if not self.identity(record):
            raise RowError(
                "InfluencerSoft needs the lead's e-mail, or else a phone or a messenger id "
                "(WhatsApp, Telegram, ...); this row has none of them."
            )
        pairs = [("rpsKey", key)]
        defaults = {
            "add_to_lists": self._settings.add_to_lists,
            "remove_from_lists": self._settings.remove_from_lists,
            "add_tags": self._settings.add_tags,
            "remove_tags": self._settings.remove_tags,
        }
        for name in LIST_FIELDS:
            merged = merge_unique(defaults[name], as_list(record.fields.get(name)))
            if merged:
                pairs.append((name, ",".join(merged)))
        for field in lead_fields():
            if field.type is FieldType.LIST:
                continue
            value = as_text(record.fields.get(field.name))
            if value:
                pairs.append((field.name, value))
        return HttpRequest(
            method="POST",
            url=join_url(self._settings.api_base, ADD_UPDATE_PATH),
            headers={"Content-Type": FORM_CONTENT_TYPE, "Accept": "application/json"},
            body=form_encode(pairs),
        )

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        """Success is ``error_code == 0`` whatever the text (HTTP status is 200 even for errors).

        Raises:
            SetupError: codes 1, 4, 5, 6, 7, HTTP 401/403/404, or a hash that does not match.
            TransientError: a body that is not JSON (an HTML error page), a 429 or a 5xx.
        """
        code = response.status_code
        if code in (401, 403):
            raise SetupError(
                f"InfluencerSoft refused the request (HTTP {code}): check the API key stored for "
                "this connector and that this computer's IP is allowed in its API settings."
            )
        if code == 404:
            raise SetupError(
                f"InfluencerSoft has no API at {self._settings.api_base} (HTTP 404): check the "
                "username setting (or base_url)."
            )
        if code == 429:
            raise TransientError(
                "InfluencerSoft asked us to slow down (HTTP 429); the contact will be sent again.",
                retry_after=retry_after(response.headers),
            )
        payload = read_json(response, "InfluencerSoft")
        error_code = _error_code(payload)
        if error_code is None or not isinstance(payload, Mapping):
            if code >= 500:
                raise TransientError(f"InfluencerSoft had a server error (HTTP {code}).")
            raise TransientError(
                f"InfluencerSoft answered HTTP {code} without an error_code: "
                f"{body_description(response.text)}."
            )
        text = str(payload.get("error_text") or "").strip()
        answer = excerpt(f"error_code={error_code} {text}".strip())
        if error_code in SETUP_ERRORS:
            said = f" ({text!r})" if text else ""
            raise SetupError(
                f"InfluencerSoft answered error_code {error_code}{said}: {SETUP_ERRORS[error_code]}"
            )
        if self._settings.verify_hash:
            self._check_hash(error_code, text, payload.get("hash"))
        if error_code == 0:
            return [
                RecordOutcome(r.row_number, OutcomeKind.DELIVERED, answer=answer) for r in batch
            ]
        if error_code == ALREADY_SUBSCRIBED:
            note = "InfluencerSoft says the contact is already in the list (error_code 102)."
            return [RecordOutcome(r.row_number, OutcomeKind.DELIVERED, note, answer) for r in batch]
        meaning = ROW_ERRORS.get(error_code, "an error code InfluencerSoft does not document")
        said = f" ({text!r})" if text else ""
        reason = f"InfluencerSoft refused the contact: error_code {error_code}, {meaning}{said}."
        return [RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason, answer) for r in batch]

    def _check_hash(self, error_code: int, text: str, given: object) -> None:
        if not self._signing_key:
            raise SetupError(
                "Cannot check InfluencerSoft's answer hash without the API key: turn verify_hash "
                "off or send the request again."
            )
        expected = hashlib.md5(
            f"{error_code}::{text}::{self._signing_key}".encode(), usedforsecurity=False
        ).hexdigest()
        if not isinstance(given, str) or not hmac.compare_digest(expected, given.strip().lower()):
            raise SetupError(
                "InfluencerSoft's answer did not carry the expected hash: the answer may not come "
                "from InfluencerSoft, or the account signs with another secret; turn the "
                "verify_hash setting off if you trust the connection."
            )

    def connection_test_request(self, secrets: Mapping[str, str]) -> HttpRequest | None:
        """None: InfluencerSoft has no harmless test endpoint; send one test contact instead."""
        return None

    def read_connection_test(self, response: HttpResponse) -> ConnectionTestResult:
        """Never used (there is no test request); says how to check the connector instead."""
        return ConnectionTestResult(
            ok=False,
            message="InfluencerSoft has no test endpoint: send one test contact to check it.",
        )


def _error_code(payload: object) -> int | None:
    if not isinstance(payload, Mapping):
        return None
    raw = payload.get("error_code")
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


if TYPE_CHECKING:
    _conforms: type[Connector] = InfluencerSoftConnector
