"""ExpoPlatform Open API v2: visitors created or updated through ``/api/v2/account/set`` (seed 003).

Form-data bodies: seed 003 points to ExpoPlatform's Swagger documentation and API_NOTES says
"requests are form-data", which in Swagger/Postman terms is ``multipart/form-data`` (as opposed
to ``x-www-form-urlencoded``); a PHP back end reads both the same way, so the encoding is a setting
(``form_encoding``, multipart by default). Unknown publicly, and therefore settings or liberal
readers rather than guesses: rate limits, the list getter's path and paging (``pull_path``,
``page``/``limit``), the shape of ``exists`` and ``getCategories`` answers (read as booleans/ids and
``id``/``name`` lists under common keys), and visitor field names beyond the documented ones —
those pass through under the names the user types in the mapping (``accepts_extra_field``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field, field_validator

from attendee_relay.connectors.setting_types import BaseUrl, event_id
from attendee_relay.connectors.targets import synonyms_for
from attendee_relay.connectors.wire import (
    FORM_CONTENT_TYPE,
    as_text,
    excerpt,
    form_encode,
    join_url,
    message_text,
    read_json,
    retry_after,
)
from attendee_relay.core.connector_api import (
    Choice,
    ConnectionTestResult,
    ConnectorSettings,
    HttpRequest,
    HttpResponse,
    LookupConnector,
    LookupResult,
    PullPage,
)
from attendee_relay.core.errors import SetupError, TransientError
from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome

if TYPE_CHECKING:
    from attendee_relay.core.connector_api import Connector, PullConnector

API = "/api/v2/account"
#: Field names the mapping may add: simple identifiers (``company``, ``job_title``, ``category_id``).
EXTRA_FIELD = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
#: Wire names the connector sets itself; a mapping may not override them as extra fields.
RESERVED = frozenset({"event_id", "status", "send_email", "id"})
PULL_LIMIT = 100
PULL_COLUMNS = ["Id", "Email", "First Name", "Last Name", "External Id", "Status"]
_PULL_WIRE = {
    "Id": "id",
    "Email": "email",
    "First Name": "first_name",
    "Last Name": "last_name",
    "External Id": "external_id",
    "Status": "status",
}


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


def _field(name: str, label: str, concept: str, help_text: str, **kw: object) -> TargetField:
    return TargetField(
        name=name,
        label=label,
        help=help_text,
        synonyms=synonyms_for(concept, name),
        concept=concept,
        **kw,  # type: ignore[arg-type]
    )


def multipart_encode(pairs: Sequence[tuple[str, str]], boundary: str) -> bytes:
    """A ``multipart/form-data`` body of text fields, in order (RFC 7578)."""
    lines: list[bytes] = []
    for key, value in pairs:
        name = key.replace("\\", "\\\\").replace('"', '\\"')
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            value.encode("utf-8"),
        ]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines)


class ExpoPlatformConnector:
    """Creates or updates ExpoPlatform visitors of one event (an upsert matched by id, then
    ``external_id``, then e-mail), one visitor a request, authenticated by
    ``Authorization: Basic <API KEY>`` (the key as given, not base64 of user:password)."""

    platform: ClassVar[str] = "expoplatform"
    title: ClassVar[str] = "ExpoPlatform"
    summary: ClassVar[str] = "Create or update visitors of an ExpoPlatform event."
    secret_names: ClassVar[tuple[str, ...]] = ("api_key",)
    settings_model: ClassVar[type[ConnectorSettings]] = ExpoPlatformSettings
    max_batch_size: ClassVar[int] = 1
    upserts: ClassVar[bool] = True
    pull_identity_column: ClassVar[str] = "Id"

    def __init__(self, settings: ExpoPlatformSettings) -> None:
        self.settings: ConnectorSettings = settings
        self._settings = settings

    def __repr__(self) -> str:
        return f"ExpoPlatformConnector(base_url={self._settings.base_url!r})"

    # -- mapping ---------------------------------------------------------------------------

    def target_fields(self) -> list[TargetField]:
        """The documented visitor fields: e-mail, first and last name, external id."""
        return [
            _field("email", "E-mail", "email", "The visitor's e-mail (required to create).",
                   required=True, type=FieldType.EMAIL, strict=True),
            _field("first_name", "First name", "first_name", "The visitor's first name.",
                   required=True),
            _field("last_name", "Last name", "last_name", "The visitor's last name.",
                   required=True),
            _field("external_id", "External id", "external_id",
                   "A stable id from your system (attendee or order id): ExpoPlatform matches "
                   "a visitor by it before the e-mail."),
        ]  # fmt: skip

    def accepts_extra_field(self, name: str) -> bool:
        """Any simple field name (``company``, ``category_id``...) passes through as typed."""
        return EXTRA_FIELD.match(name) is not None and name not in RESERVED

    def batch_key(self, record: MappedRecord) -> str | None:
        """None: one visitor per request."""
        return None

    def identity(self, record: MappedRecord) -> str:
        """The lower-cased e-mail."""
        return as_text(record.fields.get("email")).lower()

    def dedupe_scope(self) -> str:
        """Visitors are per event."""
        return f"event={self._settings.event}"

    # -- requests --------------------------------------------------------------------------

    def _call(
        self, endpoint: str, pairs: list[tuple[str, str]], secrets: Mapping[str, str]
    ) -> HttpRequest:
        key = secrets.get("api_key", "").strip()
        if not key:
            raise SetupError(
                "No ExpoPlatform API key is stored for this connector: add the key from "
                "ExpoPlatform's API manager as the secret 'api_key'."
            )
        headers = {"Authorization": f"Basic {key}", "Accept": "application/json"}
        if self._settings.form_encoding == "multipart":
            boundary = f"relay{uuid.uuid4().hex}"
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            body = multipart_encode(pairs, boundary)
        else:
            headers["Content-Type"] = FORM_CONTENT_TYPE
            body = form_encode(pairs)
        path = endpoint if endpoint.startswith("/") else f"{API}/{endpoint}"
        return HttpRequest("POST", join_url(self._settings.base_url, path), headers, body)

    def visitor_pairs(self, record: MappedRecord) -> list[tuple[str, str]]:
        """The form fields of one visitor: the event, documented fields, then extra fields."""
        s = self._settings
        pairs = [("event_id", s.event)]
        for name in ("email", "first_name", "last_name", "external_id"):
            if value := as_text(record.fields.get(name)):
                pairs.append((name, value))
        # ``set`` overwrites what it is sent (an upsert): a status sent on every call would
        # demote live visitors, so it goes only when the user chose one.
        if s.status:
            pairs.append(("status", s.status))
        pairs.append(("send_email", "1" if s.send_email else "0"))
        known = {"email", "first_name", "last_name", "external_id"}
        for name, raw in record.fields.items():
            if name not in known and self.accepts_extra_field(name) and (value := as_text(raw)):
                pairs.append((name, value))
        return pairs

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """One ``account/set`` request for the (single) visitor of ``batch``."""
        if len(batch) != 1:
            raise ValueError(f"an account/set request carries one visitor, got {len(batch)}")
        return self._call("set", self.visitor_pairs(batch[0]), secrets)

    # -- answers ---------------------------------------------------------------------------

    def _raise_for_status(self, response: HttpResponse, what: str) -> None:
        code = response.status_code
        said = _said(response)
        if code in (401, 403):
            raise SetupError(
                f"ExpoPlatform refused the API key (HTTP {code}){said}: check the key stored for "
                "this connector (ExpoPlatform's API manager issues it per event)."
            )
        if code == 404:
            raise SetupError(
                f"ExpoPlatform answered 404 for {what}{said}: check the base_url setting "
                f"({self._settings.base_url}) and the event id ({self._settings.event})."
            )
        if code == 429:
            raise TransientError(
                "ExpoPlatform asked us to slow down (HTTP 429).",
                retry_after=retry_after(response.headers),
            )
        if code >= 500:
            raise TransientError(f"ExpoPlatform had a server error (HTTP {code}){said}.")

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        """``{id, status: CREATE|UPDATE, errors}``: delivered, with non-fatal errors as a remark.

        Raises:
            SetupError: 401 (bad or expired key), 404 (unknown endpoint, event or category).
            TransientError: 429, 5xx or an answer that is not JSON.
        """
        if response.status_code == 404 and (reason := _row_not_found(batch, response)):
            return [
                RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason, excerpt(response.text))
                for r in batch
            ]
        self._raise_for_status(response, "account/set")
        if response.status_code == 400:
            reason = f"ExpoPlatform refused the visitor (HTTP 400){_said(response) or '.'}"
            return [
                RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason, excerpt(response.text))
                for r in batch
            ]
        payload = _unwrap(read_json(response, "ExpoPlatform"))
        remote = as_text(str(payload.get("id") or ""))
        status = as_text(str(payload.get("status") or "")).upper()
        warnings = message_text(payload.get("errors"))
        if status not in ("CREATE", "UPDATE") and not remote:
            reason = f"ExpoPlatform answered without an id or status: {excerpt(response.text, 120)}"
            return [RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason) for r in batch]
        return [
            RecordOutcome(
                r.row_number,
                OutcomeKind.DELIVERED,
                f"ExpoPlatform noted: {warnings}" if warnings else "",
                answer=excerpt(f"{status} id={remote}"),
                remote_id=remote,
            )
            for r in batch
        ]

    # -- connection test, lookups, categories ----------------------------------------------

    def connection_test_request(self, secrets: Mapping[str, str]) -> HttpRequest | None:
        """``account/checkToken``: verifies the key."""
        return self._call("checkToken", [("event_id", self._settings.event)], secrets)

    def read_connection_test(self, response: HttpResponse) -> ConnectionTestResult:
        """OK on HTTP 200."""
        try:
            self._raise_for_status(response, "checkToken")
        except (SetupError, TransientError) as err:
            return ConnectionTestResult(False, str(err))
        if response.status_code != 200:
            return ConnectionTestResult(
                False, f"ExpoPlatform answered HTTP {response.status_code}{_said(response)}."
            )
        return ConnectionTestResult(
            True, f"ExpoPlatform at {self._settings.base_url} accepted the API key."
        )

    def lookup_request(self, record: MappedRecord, secrets: Mapping[str, str]) -> HttpRequest:
        """``account/exists`` for the visitor's e-mail (and external id when mapped)."""
        pairs = [("event_id", self._settings.event), ("email", self.identity(record))]
        if external := as_text(record.fields.get("external_id")):
            pairs.append(("external_id", external))
        return self._call("exists", pairs, secrets)

    def read_lookup(self, record: MappedRecord, response: HttpResponse) -> LookupResult:
        """Found when the answer is true (``exists``/``result``/``data``) or carries an id."""
        self._raise_for_status(response, "exists")
        if response.status_code == 400:
            raise TransientError(f"ExpoPlatform could not check the visitor{_said(response)}.")
        raw = read_json(response, "ExpoPlatform")
        if isinstance(raw, bool):
            return LookupResult(raw)
        payload = _unwrap(raw)
        for key in ("exists", "result", "data", "found"):
            value = payload.get(key)
            if isinstance(value, bool):
                return LookupResult(value, as_text(str(payload.get("id") or "")))
        remote = payload.get("id")
        return LookupResult(bool(remote), as_text(str(remote or "")))

    def list_categories_request(self, secrets: Mapping[str, str]) -> HttpRequest:
        """``account/getCategories``: the event's visitor categories (for the wizard)."""
        return self._call("getCategories", [("event_id", self._settings.event)], secrets)

    def read_categories(self, response: HttpResponse) -> list[Choice]:
        """Category ids and names from the answer (a list, or one under data/categories)."""
        self._raise_for_status(response, "getCategories")
        raw = read_json(response, "ExpoPlatform")
        return [
            Choice(
                as_text(str(item.get("id"))),
                as_text(str(item.get("name") or item.get("title") or item.get("id"))),
            )
            for item in _items(raw)
            if item.get("id") is not None
        ]

    def set_category_request(
        self, name: str, secrets: Mapping[str, str], category_id: str = ""
    ) -> HttpRequest:
        """``account/setCategory``: create a visitor category, or rename ``category_id``."""
        pairs = [("event_id", self._settings.event), ("name", name)]
        if category_id:
            pairs.append(("id", category_id))
        return self._call("setCategory", pairs, secrets)

    def read_set_category(self, response: HttpResponse) -> str:
        """The id of the created or renamed category."""
        self._raise_for_status(response, "setCategory")
        if response.status_code != 200:
            raise TransientError(f"ExpoPlatform did not save the category{_said(response)}.")
        return as_text(str(_unwrap(read_json(response, "ExpoPlatform")).get("id") or ""))

    # -- pull ------------------------------------------------------------------------------

    def pull_columns(self) -> list[str]:
        """Id, Email, First Name, Last Name, External Id, Status."""
        return list(PULL_COLUMNS)

    def first_pull_cursor(self, options: Mapping[str, str]) -> object | None:
        """None: the first page is page 1, and the options are read on every page."""
        return None

    def pull_request(
        self, cursor: object | None, secrets: Mapping[str, str], options: Mapping[str, str]
    ) -> HttpRequest:
        """A page (``page``, ``limit``) of the list getter; ``modified_since`` becomes its
        ``timestamp`` delta filter."""
        page = cursor if isinstance(cursor, int) else 1
        pairs = [
            ("event_id", self._settings.event),
            ("page", str(page)),
            ("limit", str(PULL_LIMIT)),
        ]
        if since := options.get("modified_since", "").strip():
            pairs.append(("timestamp", since))
        return self._call(self._settings.pull_path, pairs, secrets)

    def read_pull_page(self, cursor: object | None, response: HttpResponse) -> PullPage:
        """Visitors of the page; the next page is asked for while a page comes back full."""
        self._raise_for_status(response, self._settings.pull_path)
        if response.status_code != 200:
            raise TransientError(f"ExpoPlatform did not list visitors{_said(response)}.")
        items = _items(read_json(response, "ExpoPlatform"))
        rows = [
            {column: as_text(str(item.get(wire) or "")) for column, wire in _PULL_WIRE.items()}
            for item in items
        ]
        page = cursor if isinstance(cursor, int) else 1
        return PullPage(rows, page + 1 if len(items) >= PULL_LIMIT else None)


def _row_not_found(batch: Sequence[MappedRecord], response: HttpResponse) -> str:
    """Why a 404 to ``set`` is the row's fault (an unknown category it names), or "".

    Seed 003 gives 404 for an unknown endpoint, event *or category*: the first two stop the
    run, but a category is the row's own value, so only that row is refused. The answer
    says which when its message names a category; else a row that carries a category
    field and an answer that names no event or endpoint is taken as the row's.
    """
    said = _said(response)
    text = said.lower()
    categories = {
        name: as_text(value)
        for record in batch
        for name, value in record.fields.items()
        if "categor" in name and as_text(value)
    }
    if "categor" in text or (categories and "event" not in text and "endpoint" not in text):
        named = ", ".join(f"{k}={v}" for k, v in categories.items())
        which = f" ({named})" if named else ""
        return (
            f"ExpoPlatform does not know the visitor's category{which} (HTTP 404){said or '.'}"
            " Pick one of the event's categories (connector wizard, or getCategories)."
        )
    return ""


def _unwrap(payload: object) -> Mapping[str, object]:
    """The answer's object, also when wrapped in ``data`` or ``result``."""
    if isinstance(payload, Mapping):
        for key in ("data", "result"):
            inner = payload.get(key)
            if isinstance(inner, Mapping) and ("id" in inner or "status" in inner):
                return inner
        return payload
    return {}


def _items(payload: object) -> list[Mapping[str, object]]:
    if isinstance(payload, Mapping):
        for key in ("data", "items", "categories", "accounts", "results", "list"):
            if isinstance(payload.get(key), list):
                payload = payload[key]
                break
    if not isinstance(payload, list):
        return []
    return [item for item in payload if isinstance(item, Mapping)]


def _said(response: HttpResponse) -> str:
    try:
        payload = read_json(response, "ExpoPlatform")
    except TransientError:
        return ""
    if isinstance(payload, Mapping):
        text = message_text(payload.get("message")) or message_text(payload.get("errors"))
        if text:
            return f" saying {excerpt(text, 160)!r}"
    return ""


if TYPE_CHECKING:
    _conforms: type[Connector] = ExpoPlatformConnector
    _pulls: type[PullConnector] = ExpoPlatformConnector
    _looks_up: type[LookupConnector] = ExpoPlatformConnector
