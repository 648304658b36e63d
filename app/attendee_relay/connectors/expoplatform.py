"""ExpoPlatform Open API v2: visitors created or updated through ``/api/v2/account/set`` (seed 003).

One module per role: ``expoplatform_settings`` (settings), ``expoplatform_wire`` (a call on the
wire, statuses), ``expoplatform_push`` (a visitor's fields and ``set``'s answer),
``expoplatform_lookup`` (``exists``), ``expoplatform_lists`` (categories) and
``expoplatform_pull`` (the list getter). The facts behind them, from seed 003 and API_NOTES
("ExpoPlatform Open API v2"), are in each module's docstring; in short:

- ``set`` is an upsert that overwrites what it is sent: ``status`` goes only when the user chose
  one (``expoplatform_push``), so re-importing after go-live never demotes ACTIVE visitors.
- 404 means an unknown endpoint, event or category: a category is the row's, and refuses only it.
- Form-data bodies: seed 003 points to ExpoPlatform's Swagger documentation and API_NOTES says
  "requests are form-data", which in Swagger/Postman terms is ``multipart/form-data``; a PHP back
  end reads both the same way, so the encoding is a setting (``form_encoding``).

Unknown publicly, and therefore settings or liberal readers rather than guesses: rate limits, the
list getter's path, paging and ``timestamp`` format, the shape of ``exists`` and ``getCategories``
answers, and visitor field names beyond the documented ones — those pass through under the names
the user types in the mapping (``accepts_extra_field``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from attendee_relay.connectors import (
    expoplatform_lists,
    expoplatform_lookup,
    expoplatform_pull,
    expoplatform_push,
)
from attendee_relay.connectors.expoplatform_settings import ExpoPlatformSettings
from attendee_relay.connectors.expoplatform_wire import call, raise_for_status, said
from attendee_relay.connectors.wire import as_text
from attendee_relay.core.connector_api import (
    Choice,
    ConnectionTestResult,
    ConnectorSettings,
    HttpRequest,
    HttpResponse,
    LookupResult,
    PullPage,
)
from attendee_relay.core.errors import SetupError, TransientError
from attendee_relay.core.fields import TargetField
from attendee_relay.core.records import MappedRecord, RecordOutcome

if TYPE_CHECKING:
    from attendee_relay.core.connector_api import (
        CategoriesConnector,
        Connector,
        LookupConnector,
        PullConnector,
    )

__all__ = ["ExpoPlatformConnector", "ExpoPlatformSettings"]


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
        return expoplatform_push.visitor_fields()

    def accepts_extra_field(self, name: str) -> bool:
        """Any simple field name (``company``, ``category_id``...) passes through as typed."""
        return expoplatform_push.accepts_extra_field(name)

    def batch_key(self, record: MappedRecord) -> str | None:
        """None: one visitor per request."""
        return None

    def identity(self, record: MappedRecord) -> str:
        """The lower-cased e-mail."""
        return as_text(record.fields.get("email")).lower()

    def dedupe_scope(self) -> str:
        """Visitors are per event."""
        return f"event={self._settings.event}"

    # -- visitors --------------------------------------------------------------------------

    def visitor_pairs(self, record: MappedRecord) -> list[tuple[str, str]]:
        """The form fields of one visitor."""
        return expoplatform_push.visitor_pairs(self._settings, record)

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """One ``account/set`` request for the (single) visitor of ``batch``."""
        if len(batch) != 1:
            raise ValueError(f"an account/set request carries one visitor, got {len(batch)}")
        return call(self._settings, "set", self.visitor_pairs(batch[0]), secrets)

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        """``{id, status: CREATE|UPDATE, errors}``: delivered, with non-fatal errors as a remark.

        Raises:
            SetupError: 401 (bad or expired key), 404 (unknown endpoint or event).
            TransientError: 429, 5xx or an answer that is not JSON.
        """
        return expoplatform_push.read_set_answer(self._settings, batch, response)

    # -- connection test -------------------------------------------------------------------

    def connection_test_request(self, secrets: Mapping[str, str]) -> HttpRequest | None:
        """``account/checkToken``: verifies the key."""
        return call(self._settings, "checkToken", [("event_id", self._settings.event)], secrets)

    def read_connection_test(self, response: HttpResponse) -> ConnectionTestResult:
        """OK on HTTP 200."""
        try:
            raise_for_status(self._settings, response, "checkToken")
        except (SetupError, TransientError) as err:
            return ConnectionTestResult(False, str(err))
        if response.status_code != 200:
            return ConnectionTestResult(
                False, f"ExpoPlatform answered HTTP {response.status_code}{said(response)}."
            )
        return ConnectionTestResult(
            True, f"ExpoPlatform at {self._settings.base_url} accepted the API key."
        )

    # -- settling uncertain rows -----------------------------------------------------------

    def lookup_request(self, record: MappedRecord, secrets: Mapping[str, str]) -> HttpRequest:
        """``account/exists`` for the visitor's e-mail (and external id when mapped)."""
        return expoplatform_lookup.lookup_request(self._settings, record, secrets)

    def read_lookup(self, record: MappedRecord, response: HttpResponse) -> LookupResult:
        """Found when the answer is true or carries an id."""
        return expoplatform_lookup.read_lookup(self._settings, response)

    # -- categories ------------------------------------------------------------------------

    def list_categories_request(self, secrets: Mapping[str, str]) -> HttpRequest:
        """``account/getCategories``: the event's visitor categories (for the wizard)."""
        return expoplatform_lists.categories_request(self._settings, secrets)

    def read_categories(self, response: HttpResponse) -> list[Choice]:
        """Category ids and names from the answer."""
        return expoplatform_lists.read_categories(self._settings, response)

    def set_category_request(
        self, name: str, secrets: Mapping[str, str], category_id: str = ""
    ) -> HttpRequest:
        """``account/setCategory``: create a visitor category, or rename ``category_id``."""
        return expoplatform_lists.set_category_request(self._settings, name, secrets, category_id)

    def read_set_category(self, response: HttpResponse) -> str:
        """The id of the created or renamed category."""
        return expoplatform_lists.read_set_category(self._settings, response)

    # -- pull ------------------------------------------------------------------------------

    def pull_columns(self) -> list[str]:
        """Id, Email, First Name, Last Name, External Id, Status."""
        return list(expoplatform_pull.PULL_COLUMNS)

    def first_pull_cursor(self, options: Mapping[str, str]) -> expoplatform_pull.ExpoPullCursor:
        """Page 1, with ``modified_since`` as the ``timestamp`` filter."""
        return expoplatform_pull.first_cursor(self._settings, options)

    def pull_request(
        self, cursor: object | None, secrets: Mapping[str, str], options: Mapping[str, str]
    ) -> HttpRequest:
        """A page of the list getter."""
        at = (
            cursor
            if isinstance(cursor, expoplatform_pull.ExpoPullCursor)
            else self.first_pull_cursor(options)
        )
        return expoplatform_pull.pull_request(self._settings, at, secrets)

    def read_pull_page(self, cursor: object | None, response: HttpResponse) -> PullPage:
        """Visitors of the page and the cursor of the next, while pages come back full."""
        at = (
            cursor
            if isinstance(cursor, expoplatform_pull.ExpoPullCursor)
            else expoplatform_pull.ExpoPullCursor()
        )
        return expoplatform_pull.read_pull_page(self._settings, at, response)


if TYPE_CHECKING:
    _conforms: type[Connector] = ExpoPlatformConnector
    _pulls: type[PullConnector] = ExpoPlatformConnector
    _looks_up: type[LookupConnector] = ExpoPlatformConnector
    _categories: type[CategoriesConnector] = ExpoPlatformConnector
