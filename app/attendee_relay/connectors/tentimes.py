"""10times register (the "Pull API"): attendees, and ticket orders with billing, into a 10times event.

One module per role: ``tentimes_settings`` (settings and what is unknown publicly),
``tentimes_fields`` (the register fields), ``tentimes_request`` (the request),
``tentimes_answer`` (what the answer means per attendee) and ``tentimes_orders`` (an order that
does not fit in one request). The facts behind each are in its docstring (API_NOTES, "10times —
register", seed 000).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from attendee_relay.connectors.tentimes_answer import read_register_answer
from attendee_relay.connectors.tentimes_fields import RESPONSE_FIELD, attendee_fields, target_fields
from attendee_relay.connectors.tentimes_request import register_request, register_url
from attendee_relay.connectors.tentimes_settings import TenTimesSettings
from attendee_relay.connectors.wire import as_text
from attendee_relay.core.connector_api import (
    ConnectionTestResult,
    ConnectorSettings,
    HttpRequest,
    HttpResponse,
)
from attendee_relay.core.fields import TargetField
from attendee_relay.core.records import MappedRecord, RecordOutcome

if TYPE_CHECKING:
    from attendee_relay.core.connector_api import Connector

__all__ = ["TenTimesConnector", "TenTimesSettings", "attendee_fields"]


class TenTimesConnector:
    """Registers attendees to a 10times event through ``POST /v1/register``.

    One request carries one attendee, or all attendees of one ticket order (rows sharing a
    ``billing.orderNo``) under one billing block; an order that does not fit in one request goes
    with each part's own totals (``tentimes_orders``). 10times is not an upsert: sending the same
    attendee twice is answered "already registered", which counts as delivered. Unknown publicly
    and therefore settings: rate limits, attendees per request, and which failure messages mean a
    setup problem or an existing registration (see ``tentimes_settings``).
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
        return target_fields()

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

    # -- request and answer ----------------------------------------------------------------

    def register_url(self) -> str:
        """The full URL of the register endpoint."""
        return register_url(self._settings)

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """One form-encoded register request for one attendee or one order's attendees."""
        return register_request(self._settings, batch, secrets, self.max_batch_size)

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        """Read 10times' JSON answer into one outcome per attendee of the request.

        Raises:
            SetupError: the key, the IP whitelist or the event id is wrong.
            TransientError: an HTML error page, a 429 or a server error.
        """
        return read_register_answer(self._settings, batch, response, self.max_batch_size)

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


if TYPE_CHECKING:
    _conforms: type[Connector] = TenTimesConnector
