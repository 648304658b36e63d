"""10times register (the "Pull API"): attendees, and ticket orders with billing, into a 10times event.

Unknown publicly, and therefore settings rather than guesses: the rate limits (``max_concurrency``,
``rate_limit_per_minute``), the most attendees one request may carry
(``max_attendees_per_request``), and the wording of 10times' failure messages — which ones mean a
setup problem such as an IP that is not whitelisted (``setup_error_fragments``) and which ones mean
the attendee is already registered (``already_registered_fragments``). The shape of ``userInfo`` for
several attendees is also undocumented: both an object and a list are read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field, StringConstraints, field_validator

from attendee_relay.connectors.setting_types import BaseUrl, CommaList, event_id
from attendee_relay.connectors.targets import synonyms_for
from attendee_relay.connectors.wire import (
    FORM_CONTENT_TYPE,
    as_list,
    as_text,
    excerpt,
    form_encode,
    join_url,
    message_text,
    read_json,
    retry_after,
)
from attendee_relay.core.connector_api import (
    ConnectionTestResult,
    ConnectorSettings,
    HttpRequest,
    HttpResponse,
)
from attendee_relay.core.errors import SetupError, TransientError
from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome

if TYPE_CHECKING:
    from attendee_relay.core.connector_api import Connector

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

#: ``response[<questionId>]``: a dynamic target for the answers to one custom question.
RESPONSE_FIELD = re.compile(r"^response\[([A-Za-z0-9_-]+)\]$")

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


@dataclass(frozen=True, slots=True)
class _Spec:
    """One optional field: its target name, wire key, and how it is offered for mapping."""

    name: str
    wire: str
    label: str
    concept: str
    type: FieldType
    help: str
    group: str


_ATTENDEE_SPECS = (
    _Spec("designation", "designation", "Designation", "job_title", FieldType.TEXT,
          "The attendee's job title (designation).", "Attendee"),
    _Spec("company", "company", "Company", "company", FieldType.TEXT,
          "The attendee's company.", "Attendee"),
    _Spec("city", "city", "City", "city", FieldType.TEXT, "The attendee's city.", "Attendee"),
    _Spec("country", "country", "Country", "country", FieldType.COUNTRY,
          "The attendee's country.", "Attendee"),
    _Spec("phone", "phone", "Mobile", "phone", FieldType.PHONE,
          "The attendee's mobile number with country code, e.g. +91 98765 43210.", "Attendee"),
    _Spec("noEmail", "noEmail", "No e-mail", "", FieldType.FLAG,
          "1 means 10times sends this attendee no notification; by default it does.", "Attendee"),
    _Spec("ticketTypeId", "ticketTypeId", "Ticket type id", "ticket_type_id", FieldType.INTEGER,
          "Only for a purchased ticket: the id of the ticket type bought.", "Ticket"),
    _Spec("ticketName", "ticketName", "Ticket name", "ticket_name", FieldType.TEXT,
          "Only for a purchased ticket: the name of the ticket bought.", "Ticket"),
    _Spec("ticketPrice", "ticketPrice", "Ticket price", "ticket_price", FieldType.NUMBER,
          "Only for a purchased ticket: the price of the ticket bought.", "Ticket"),
)  # fmt: skip

_BILLING_SPECS = (
    _Spec("billing.orderNo", "orderNo", "Order number", "order_no", FieldType.TEXT,
          "Only for a purchased ticket: the unique id of the purchase. Rows with the same order "
          "number are sent together, in one request.", "Billing"),
    _Spec("billing.datePurchased", "datePurchased", "Date purchased", "purchase_date",
          FieldType.TEXT, "When the order was placed, e.g. 2020-09-03 13:00:01.", "Billing"),
    _Spec("billing.quantity", "quantity", "Quantity", "quantity", FieldType.INTEGER,
          "Total number of tickets bought in this order.", "Billing"),
    _Spec("billing.ticketcost", "ticketcost", "Order total", "order_total", FieldType.NUMBER,
          "Total amount paid for the tickets of this order.", "Billing"),
    _Spec("billing.billingname", "billingname", "Buyer name", "buyer_name", FieldType.TEXT,
          "The purchaser's name for this order.", "Billing"),
    _Spec("billing.billingemailid", "billingemailid", "Buyer e-mail", "buyer_email",
          FieldType.EMAIL, "The purchaser's e-mail for this order.", "Billing"),
    _Spec("billing.buyerPhoneNo", "buyerPhoneNo", "Buyer mobile", "buyer_phone", FieldType.PHONE,
          "The purchaser's mobile number for this order.", "Billing"),
    _Spec("billing.currency", "currency", "Currency", "currency", FieldType.TEXT,
          "The currency the tickets were bought in, e.g. INR, USD.", "Billing"),
    _Spec("billing.noEmail", "noEmail", "Buyer: no e-mail", "", FieldType.FLAG,
          "1 means 10times sends the purchaser no notification; by default it does.", "Billing"),
)  # fmt: skip


def _spec_field(spec: _Spec) -> TargetField:
    own = (
        (spec.name, spec.wire)
        if spec.group != "Billing"
        else (spec.name, f"billing[{spec.wire}]", f"billing {spec.wire}")
    )
    return TargetField(
        name=spec.name,
        label=spec.label,
        type=spec.type,
        help=spec.help,
        synonyms=synonyms_for(spec.concept, *own),
        group=spec.group,
        concept=spec.concept,
    )


def attendee_fields() -> list[TargetField]:
    """The attendee fields of 10times register (no billing); the push connector reuses them."""
    required = [
        TargetField(
            name="name",
            label="Name",
            required=True,
            help="The attendee's full name (mandatory).",
            synonyms=synonyms_for("full_name", "name"),
            concept="full_name",
        ),
        TargetField(
            name="email",
            label="E-mail",
            required=True,
            type=FieldType.EMAIL,
            strict=True,
            help="The attendee's e-mail address (mandatory).",
            synonyms=synonyms_for("email", "email", exclude=("buyer_email",)),
            concept="email",
        ),
    ]
    return required + [_spec_field(spec) for spec in _ATTENDEE_SPECS]


def _raise_missing_key(secrets: Mapping[str, str]) -> str:
    key = secrets.get("api_key", "").strip()
    if not key:
        raise SetupError(
            "No 10times API key is stored for this connector: add the key 10times gave you "
            "as the secret 'api_key'."
        )
    return key


class TenTimesConnector:
    """Registers attendees to a 10times event through ``POST /v1/register``.

    One request carries one attendee, or all attendees of one ticket order (rows sharing a
    ``billing.orderNo``) under one billing block. 10times is not an upsert: sending the same
    attendee twice is answered "already registered", which counts as delivered. Unknown publicly
    and therefore settings: rate limits, attendees per request, and which failure messages mean a
    setup problem or an existing registration (see the module docstring).
    """

    platform: ClassVar[str] = "10times"
    title: ClassVar[str] = "10times"
    summary: ClassVar[str] = "Register attendees and ticket orders to a 10times event."
    secret_names: ClassVar[tuple[str, ...]] = ("api_key",)
    settings_model: ClassVar[type[ConnectorSettings]] = TenTimesSettings
    max_batch_size: ClassVar[int] = 50
    upserts: ClassVar[bool] = False

    def __init__(self, settings: TenTimesSettings) -> None:
        self.settings: ConnectorSettings = settings
        self._settings = settings
        # The per-request limit is unknown, so it is a setting; the instance value shadows the
        # class default that the engine reads.
        self.max_batch_size = settings.max_attendees_per_request  # type: ignore[misc]

    # -- mapping ---------------------------------------------------------------------------

    def target_fields(self) -> list[TargetField]:
        """Attendee fields (name and e-mail first), then ticket and billing fields."""
        return attendee_fields() + [_spec_field(spec) for spec in _BILLING_SPECS]

    def accepts_extra_field(self, name: str) -> bool:
        """``response[<questionId>]`` feeds the answers to one of the event's custom questions."""
        return RESPONSE_FIELD.match(name) is not None

    def batch_key(self, record: MappedRecord) -> str | None:
        """The order number: an order's attendees go in one request."""
        return as_text(record.fields.get("billing.orderNo")) or None

    def identity(self, record: MappedRecord) -> str:
        """The lower-cased e-mail."""
        return as_text(record.fields.get("email")).lower()

    def dedupe_scope(self) -> str:
        """Deliveries are distinct per event."""
        return f"event={self._settings.event}"

    # -- request ---------------------------------------------------------------------------

    def register_url(self) -> str:
        """The full URL of the register endpoint."""
        return join_url(self._settings.base_url or DEFAULT_BASE_URL, REGISTER_PATH)

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """One form-encoded register request for one attendee or one order's attendees."""
        settings = self._settings
        pairs = [
            ("key", _raise_missing_key(secrets)),
            ("event", settings.event),
            ("channel", settings.channel),
        ]
        pairs += self._billing_pairs(batch)
        for index, record in enumerate(batch):
            pairs += self._attendee_pairs(index, record)
        return HttpRequest(
            method="POST",
            url=self.register_url(),
            headers={"Content-Type": FORM_CONTENT_TYPE, "Accept": "application/json"},
            body=form_encode(pairs),
        )

    def _billing_pairs(self, batch: Sequence[MappedRecord]) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for spec in _BILLING_SPECS:
            # Each billing field comes from the first record of the order that has it.
            value = next(
                (text for record in batch if (text := as_text(record.fields.get(spec.name)))), ""
            )
            if value:
                pairs.append((f"billing[{spec.wire}]", value))
        has_no_email = any(key == "billing[noEmail]" for key, _ in pairs)
        if pairs and not has_no_email and not self._settings.notify_attendees:
            # Not notifying attendees but e-mailing their buyer would surprise a coordinator.
            pairs.append(("billing[noEmail]", "1"))
        return pairs

    def _attendee_pairs(self, index: int, record: MappedRecord) -> list[tuple[str, str]]:
        prefix = f"attendee[{index}]"
        fields = record.fields
        pairs = [
            (f"{prefix}[name]", as_text(fields.get("name"))),
            (f"{prefix}[email]", as_text(fields.get("email"))),
        ]
        for spec in _ATTENDEE_SPECS:
            value = as_text(fields.get(spec.name))
            if spec.name == "noEmail" and not value and not self._settings.notify_attendees:
                value = "1"
            if value:
                pairs.append((f"{prefix}[{spec.wire}]", value))
        for name, raw in fields.items():
            match = RESPONSE_FIELD.match(name)
            if match is None:
                continue
            # A list is several answers (repeat the [] key); a text is one answer, commas and all.
            answers = as_list(raw) if isinstance(raw, list) else [as_text(raw)]
            pairs += [(f"{prefix}[response][{match.group(1)}][]", a) for a in answers if a]
        return pairs

    # -- response --------------------------------------------------------------------------

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        """Read 10times' JSON answer into one outcome per attendee of the request.

        Raises:
            SetupError: the key, the IP whitelist or the event id is wrong.
            TransientError: an HTML error page, a 429 or a server error.
        """
        code = response.status_code
        if code in (401, 403):
            said = _said(response)
            raise SetupError(
                f"10times refused the key (HTTP {code}){said}: check the API key stored for this "
                "connector and ask 10times to whitelist this computer's public IP address."
            )
        if code == 429:
            raise TransientError(
                "10times asked us to slow down (HTTP 429); the rows will be sent again.",
                retry_after=retry_after(response.headers),
            )
        payload = read_json(response, "10times")
        if not isinstance(payload, Mapping):
            return self._unexpected(batch, response)
        status, message = _status_and_message(payload)
        if status == 1:
            return self._delivered(batch, payload, message)
        if status == 0:
            return self._failed(batch, response, message)
        return self._unexpected(batch, response)

    def _delivered(
        self, batch: Sequence[MappedRecord], payload: Mapping[str, object], message: str
    ) -> list[RecordOutcome]:
        links = _floor_links(payload.get("userInfo"), [self.identity(r) for r in batch])
        answer = f"status=1 {message}".strip()
        return [
            RecordOutcome(
                row_number=record.row_number,
                kind=OutcomeKind.DELIVERED,
                answer=excerpt(answer),
                links={"floorLink": links[index]} if index in links else {},
            )
            for index, record in enumerate(batch)
        ]

    def _failed(
        self, batch: Sequence[MappedRecord], response: HttpResponse, message: str
    ) -> list[RecordOutcome]:
        lowered = message.lower()
        if any(f.lower() in lowered for f in self._settings.setup_error_fragments if f.strip()):
            raise SetupError(f"10times says: {message!r}. {self._setup_fix(lowered)}")
        answer = excerpt(f"status=0 {message}".strip())
        if any(f.lower() in lowered for f in self._settings.already_registered_fragments if f):
            return self._already_registered(batch, lowered, answer)
        if response.status_code >= 500:
            raise TransientError(
                f"10times had a server error (HTTP {response.status_code}): {excerpt(message, 80)}",
                retry_after=retry_after(response.headers),
            )
        reason = (
            f"10times refused the registration: {excerpt(message)}"
            if message
            else ("10times refused the registration without saying why.")
        )
        return [
            RecordOutcome(record.row_number, OutcomeKind.REFUSED, reason=reason, answer=answer)
            for record in batch
        ]

    def _already_registered(
        self, batch: Sequence[MappedRecord], lowered_message: str, answer: str
    ) -> list[RecordOutcome]:
        named = [bool(self.identity(r)) and self.identity(r) in lowered_message for r in batch]
        if len(batch) == 1 or not any(named):
            return [
                RecordOutcome(r.row_number, OutcomeKind.DELIVERED, "already registered", answer)
                for r in batch
            ]
        # The message names some attendees of the order: 10times may have turned the whole order
        # down, so the others are sent again (a second "already registered" is harmless).
        return [
            RecordOutcome(r.row_number, OutcomeKind.DELIVERED, "already registered", answer)
            if is_named
            else RecordOutcome(
                r.row_number,
                OutcomeKind.RETRY,
                "another attendee of this order was already registered; sending again",
                answer,
            )
            for r, is_named in zip(batch, named, strict=True)
        ]

    def _setup_fix(self, lowered_message: str) -> str:
        if re.search(r"\bip\b|whitelist", lowered_message):
            return "Ask 10times to whitelist this computer's public IP address, then try again."
        if "channel" in lowered_message:
            return f"Check the channel setting (now {self._settings.channel!r}) with 10times."
        if "event" in lowered_message:
            return (
                f"Check the event id setting (now {self._settings.event}) against the event's "
                "id in 10times."
            )
        if "key" in lowered_message or "authori" in lowered_message:
            return "Check the API key stored for this connector (10times provides it)."
        return (
            "Check the API key, the event id, and that 10times has whitelisted this "
            "computer's public IP address."
        )

    def _unexpected(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        if response.status_code >= 500:
            raise TransientError(
                f"10times had a server error (HTTP {response.status_code}).",
                retry_after=retry_after(response.headers),
            )
        reason = (
            f"10times answered without a known status (HTTP {response.status_code}): "
            f"{excerpt(response.text, 120)}"
        )
        return [
            RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason, excerpt(response.text))
            for r in batch
        ]

    # -- connection test -------------------------------------------------------------------

    def connection_test_request(self, secrets: Mapping[str, str]) -> HttpRequest | None:
        """None: 10times has no harmless test endpoint; the user may send one test attendee."""
        return None

    def read_connection_test(self, response: HttpResponse) -> ConnectionTestResult:
        """Never used (there is no test request); says how to check the connector instead."""
        return ConnectionTestResult(
            ok=False,
            message="10times has no test endpoint: send one test attendee to check the connector.",
        )


def _said(response: HttpResponse) -> str:
    """``: 'message'`` from a JSON error body, or "" when there is none."""
    try:
        payload = read_json(response, "10times")
    except TransientError:
        return ""
    if isinstance(payload, Mapping):
        _, message = _status_and_message(payload)
        if message:
            return f" saying {excerpt(message, 120)!r}"
    return ""


def _status_and_message(payload: Mapping[str, object]) -> tuple[int | None, str]:
    """``status`` as 1, 0 or another int (None if missing), and the failure ``message``.

    The docs say ``status`` "contains the status code and message", so an object holding
    ``code`` and ``message`` is read as well as a plain 1 / "1".
    """
    raw = payload.get("status")
    message = message_text(payload.get("message"))
    if isinstance(raw, Mapping):
        message = message or message_text(raw.get("message"))
        raw = raw.get("code", raw.get("status"))
    message = message or message_text(payload.get("error")) or message_text(payload.get("msg"))
    return _as_int(raw), message


def _as_int(value: object) -> int | None:
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def _floor_links(user_info: object, emails: Sequence[str]) -> dict[int, str]:
    """Which attendee (by index in the request) got which one-click floor link.

    ``userInfo`` is an object for one attendee; for several it may be a list in request order or
    an object keyed by index or e-mail. Anything else yields no links rather than a crash.
    """
    links: dict[int, str] = {}

    def place(item: object, fallback: int | None) -> None:
        if not isinstance(item, Mapping):
            return
        link = item.get("floorLink")
        if not isinstance(link, str) or not link.strip():
            return
        email = item.get("email")
        index = fallback
        if isinstance(email, str) and email.strip().lower() in emails:
            index = emails.index(email.strip().lower())
        if index is not None and 0 <= index < len(emails):
            links.setdefault(index, link.strip())

    if isinstance(user_info, list):
        for position, item in enumerate(user_info):
            place(item, position)
    elif isinstance(user_info, Mapping):
        if "floorLink" in user_info:
            place(user_info, 0 if len(emails) == 1 else None)
        else:
            for key, item in user_info.items():
                key_text = str(key).strip().lower()
                if key_text.isdigit():
                    place(item, int(key_text))
                else:
                    place(item, emails.index(key_text) if key_text in emails else None)
    return links


if TYPE_CHECKING:
    _conforms: type[Connector] = TenTimesConnector
