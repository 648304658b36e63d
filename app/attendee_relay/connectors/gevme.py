"""GEVME: attendees of an event, read through GEVME's API after an OAuth 2.0 sign-in (seed 001).

A source, not a destination: GEVME documents reading registrations, not writing them, so this
connector pulls (``PullConnector``) and refuses to be an import's target.

Unknown publicly, and therefore settings or tolerant code rather than guesses (API_NOTES, "GEVME":
"Pagination style, response envelope ... unknown — make the paging robust"): the paging parameters
(``limit_param`` and ``page_param``, ``limit`` and a 1-based ``page`` by default), the response
envelope (a list under ``data`` or a bare list is read, a short or empty page ends the list: see
``page_query`` and ``read_page``), the attendee field names (see ``gevme_fields``), the date format
of ``modifiedFrom``/``modifiedTo`` (``modified_format``), refresh tokens and token lifetime (both
"has a refresh token" and "must sign in again" are handled), whether GEVME wants the extra
``scope`` in token requests (``token_scope``, default ``root`` as documented) and whether it
accepts any loopback port as redirect (``redirect_port``, 0 = any, RFC 8252).

Because the paging is a guess, a pull checks GEVME kept to it: a page identical to the one before
(a server that ignores ``page_param``), or records beyond the ``total`` the list announced, stop
the pull with one sentence naming the settings to change, and nothing is written, rather than
reading the first page again and again until the page cap.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, ClassVar, Literal
from urllib.parse import urlencode

from pydantic import AfterValidator, Field, StringConstraints

from attendee_relay.connectors.gevme_fields import CANONICAL_COLUMNS, attendee_row
from attendee_relay.connectors.setting_types import BaseUrl
from attendee_relay.connectors.wire import (
    excerpt,
    join_url,
    message_text,
    option_moment,
    read_json,
    retry_after,
)
from attendee_relay.core.connector_api import (
    ConnectionTestResult,
    ConnectorSettings,
    HttpRequest,
    HttpResponse,
    PullPage,
)
from attendee_relay.core.engine.retry import RETRYABLE_STATUSES
from attendee_relay.core.errors import SetupError, TokenExpired, TransientError
from attendee_relay.core.fields import TargetField
from attendee_relay.core.oauth import TOKEN_SECRET_NAMES, OAuthClient
from attendee_relay.core.records import MappedRecord, RecordOutcome

DEFAULT_BASE_URL = "https://www.gevme.com/apiv2/api"
AUTHORIZE_PATH = "/oauth/authorize"
TOKEN_PATH = "/oauth/access_token"  # noqa: S105 - a URL path
MAX_PAGE_SIZE = 1000  # GEVME: at most 1,000 records a call

#: ``pull`` options (``--set KEY=VALUE``) and the query parameter each becomes.
PULL_OPTIONS = {
    "modified_since": "modifiedFrom",
    "modified_from": "modifiedFrom",
    "modifiedfrom": "modifiedFrom",
    "modified_until": "modifiedTo",
    "modified_to": "modifiedTo",
    "modifiedto": "modifiedTo",
    "email": "where[email]",
}

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _optional_url(value: str) -> str:
    value = value.strip()
    if value and not value.lower().startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://, or be empty for GEVME's own")
    return value


OptionalUrl = Annotated[str, AfterValidator(_optional_url)]


def _strftime_format(value: str) -> str:
    value = value.strip()
    if "%" not in value:
        raise ValueError("must be a date format with % codes, e.g. %Y-%m-%d %H:%M:%S")
    return value


DateFormat = Annotated[str, AfterValidator(_strftime_format)]
ParamName = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z_][\w.\[\]-]*$")
]


class GevmeSettings(ConnectorSettings):
    """Settings of a GEVME connector (``client_secret`` and the tokens are secrets)."""

    base_url: BaseUrl = Field(
        default=DEFAULT_BASE_URL,
        description="GEVME's API root; /events/... and /oauth/... are added to it.",
    )
    max_concurrency: int = Field(default=1, ge=1, le=64, description="Requests in flight at once.")
    rate_limit_per_minute: int = Field(
        default=500, ge=0, description="Most requests a minute (GEVME asks for at most 500)."
    )
    client_id: NonEmptyText = Field(description="the Client ID GEVME issued to your organisation")
    event: str = Field(default="", description="the GEVME event id whose attendees are read")
    scope: str = Field(default="root", description="Scope asked for when signing in.")
    token_scope: str = Field(
        default="root",
        description="Extra 'scope' sent with token requests, as GEVME documents; empty sends none.",
    )
    authorize_url: OptionalUrl = Field(
        default="", description="Authorization endpoint; empty means {base_url}/oauth/authorize."
    )
    token_url: OptionalUrl = Field(
        default="", description="Token endpoint; empty means {base_url}/oauth/access_token."
    )
    client_auth: Literal["form", "basic"] = Field(
        default="form",
        description="How client_secret is sent: in the form (GEVME) or as HTTP Basic.",
    )
    redirect_port: int = Field(
        default=0,
        ge=0,
        le=65535,
        description="Loopback port for the sign-in redirect; 0 = any free port.",
    )
    login_timeout_s: float = Field(
        default=300.0, gt=0, le=3600, description="Seconds to wait for the browser sign-in."
    )
    page_size: int = Field(
        default=MAX_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Attendees asked for per call."
    )
    page_param: ParamName = Field(
        default="page", description="Query parameter of the 1-based page number (not published)."
    )
    limit_param: ParamName = Field(
        default="limit", description="Query parameter of the page size (not published)."
    )
    modified_format: DateFormat = Field(
        default="%Y-%m-%d %H:%M:%S",
        description="How modifiedFrom/modifiedTo dates are written, as Python strftime codes "
        "(UTC; GEVME does not publish its format).",
    )


# ----- paging: the one place that knows how GEVME pages (unpublished; change here) ------------


def page_query(
    page: int, page_size: int, page_param: str = "page", limit_param: str = "limit"
) -> dict[str, str]:
    """Query parameters of page ``page`` (1-based)."""
    return {limit_param: str(page_size), page_param: str(page)}


def list_total(body: object) -> int | None:
    """The number of records the whole list has, when the answer says (``meta.total``)."""
    meta = body.get("meta") if isinstance(body, Mapping) else None
    total = meta.get("total") if isinstance(meta, Mapping) else None
    return total if isinstance(total, int) and not isinstance(total, bool) else None


@dataclass(frozen=True, slots=True)
class GevmePullCursor:
    """Where a pull is: the page to ask for, its filters, and what came before (to notice a
    list that does not page the way the settings say).

    Attributes:
        page: the 1-based page to ask for.
        filters: query parameters from the pull's options (``modifiedFrom`` ...).
        digest: a fingerprint of the previous page's records ("" before the first).
        seen: records read so far.
        keys: fingerprints of the records read so far.
        probing: this page is asked for after a short page, to learn whether the list goes on.
    """

    page: int = 1
    filters: tuple[tuple[str, str], ...] = ()
    digest: str = ""
    seen: int = 0
    #: Fingerprints of every record read so far: a page bringing none new is the first page
    #: again, reshuffled (a list that ignores the page parameter), or the end of a short list.
    keys: frozenset[str] = frozenset()
    #: Asking for the page after a short one with no total: GEVME may page by fewer than asked.
    probing: bool = False


def _digest(records: Sequence[Mapping[str, object]]) -> str:
    text = json.dumps(records, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_page(
    body: object, page: int, page_size: int
) -> tuple[list[Mapping[str, object]], int | None]:
    """The records of one answer and the next page number, or None after the last page.

    Accepts ``{"data": [...]}`` (also ``attendees``/``results``/``items``) or a bare list; stops
    on a short or empty page, or when ``meta.last_page`` says so.

    Raises:
        TransientError: the answer has no list of records at all.
    """
    records: object = body
    meta: object = None
    if isinstance(body, Mapping):
        meta = body.get("meta")
        records = next(
            (body[k] for k in ("data", "attendees", "results", "items") if k in body), None
        )
        if isinstance(records, Mapping) and isinstance(records.get("data"), list):
            records = records["data"]  # {"data": {"data": [...], "current_page": ...}}
    if not isinstance(records, list):
        raise TransientError("GEVME answered without a list of attendees; it will be tried again.")
    rows = [r for r in records if isinstance(r, Mapping)]
    last = meta.get("last_page") if isinstance(meta, Mapping) else None
    done = len(records) < page_size or (isinstance(last, int) and page >= last)
    return rows, None if done else page + 1


# ----- the connector ---------------------------------------------------------------------------


class GevmeConnector:
    """Reads a GEVME event's attendees; signs in with OAuth 2.0 (see ``oauth_client``)."""

    platform: ClassVar[str] = "gevme"
    title: ClassVar[str] = "GEVME"
    summary: ClassVar[str] = "Registration platform: pull an event's attendees (OAuth sign-in)."
    secret_names: ClassVar[tuple[str, ...]] = ("client_secret", *TOKEN_SECRET_NAMES)
    #: All optional: a public client has no secret, and the tokens come from ``login``.
    optional_secret_names: ClassVar[tuple[str, ...]] = secret_names
    #: Secrets written by the sign-in, not typed by a person (a wizard hides them).
    token_secret_names: ClassVar[tuple[str, ...]] = TOKEN_SECRET_NAMES
    settings_model: ClassVar[type[ConnectorSettings]] = GevmeSettings
    max_batch_size: ClassVar[int] = 1
    upserts: ClassVar[bool] = False
    signs_in_with_oauth: ClassVar[bool] = True
    can_pull: ClassVar[bool] = True
    can_push: ClassVar[bool] = False
    pull_identity_column: ClassVar[str] = "Attendee ID"

    def __init__(self, settings: GevmeSettings) -> None:
        self.settings: GevmeSettings = settings

    # OAuth ------------------------------------------------------------------------------------

    def oauth_client(self, secrets: Mapping[str, str]) -> OAuthClient:
        """The OAuth client for ``login``, with GEVME's endpoints unless overridden."""
        s = self.settings
        return OAuthClient(
            authorize_url=s.authorize_url or join_url(s.base_url, AUTHORIZE_PATH),
            token_url=s.token_url or join_url(s.base_url, TOKEN_PATH),
            client_id=s.client_id,
            client_secret=secrets.get("client_secret", ""),
            scope=s.scope.strip(),
            token_scope=s.token_scope.strip(),
            client_auth=s.client_auth,
            redirect_port=s.redirect_port,
            timeout_s=s.login_timeout_s,
            http_timeout_s=s.timeout_s,
        )

    # Pulling ----------------------------------------------------------------------------------

    def pull_columns(self) -> list[str]:
        return list(CANONICAL_COLUMNS)

    def first_pull_cursor(self, options: Mapping[str, str]) -> GevmePullCursor:
        """Page 1, with the options as query parameters (dates in ``modified_format``).

        Raises:
            SetupError: an option GEVME does not have.
            InputError: a date that cannot be read.
        """
        filters: list[tuple[str, str]] = []
        for key, value in options.items():
            name = PULL_OPTIONS.get(key.strip().lower())
            if name is None:
                known = ", ".join(sorted({"modified_since", "modified_until", "email"}))
                raise SetupError(f"GEVME has no pull option '{key}'; use one of: {known}.")
            if value.strip():
                text = value.strip()
                if name in ("modifiedFrom", "modifiedTo"):
                    text = option_moment(text, key).strftime(self.settings.modified_format)
                filters.append((name, text))
        return GevmePullCursor(1, tuple(filters))

    def pull_request(
        self, cursor: object | None, secrets: Mapping[str, str], options: Mapping[str, str]
    ) -> HttpRequest:
        event = self.settings.event.strip()
        if not event:
            raise SetupError(
                "No GEVME event is set; set the event id with --set event=ID "
                "(or in the connector's settings)."
            )
        at = cursor if isinstance(cursor, GevmePullCursor) else self.first_pull_cursor(options)
        s = self.settings
        params = page_query(at.page, s.page_size, s.page_param, s.limit_param)
        params.update(at.filters)
        url = join_url(s.base_url, f"/events/{event}/attendees")
        return HttpRequest("GET", f"{url}?{urlencode(params)}", self._headers(secrets))

    def read_pull_page(self, cursor: object | None, response: HttpResponse) -> PullPage:
        """The page's rows and the cursor of the next page, or None after the last.

        Raises:
            SetupError: the list does not page as the settings say (a repeated page, records
                beyond its total, an empty page before it): the pull stops. A short page
                before the announced total asks for the next (GEVME may page by fewer).
        """
        self._raise_for_status(response)
        at = cursor if isinstance(cursor, GevmePullCursor) else GevmePullCursor()
        body = read_json(response, self.title)
        records, next_page = read_page(body, at.page, self.settings.page_size)
        digest = _digest(records)
        total = list_total(body)
        keys = [_digest([r]) for r in records]
        fresh = [k for k in keys if k not in at.keys]
        if at.probing and not fresh:
            return PullPage([], None)  # the short page before was the last one after all
        self._check_paging(at, records, digest, total, new=len(fresh))
        got = at.seen + len(records)
        if next_page is None and total is not None and got < total:
            if not records:
                raise SetupError(
                    f"GEVME ended its list after {got} of the {total} records it announced, so "
                    "the pull stopped. Nothing was written; try again, or lower page_size."
                )
            next_page = at.page + 1  # a short page before the total: GEVME pages by fewer
        probing = False
        if next_page is None and total is None and 0 < len(records) < self.settings.page_size:
            # No total to check against: a short page may be the end, or GEVME's own page size
            # (smaller than asked). One more page tells: new records mean it goes on.
            next_page, probing = at.page + 1, True
        following = (
            None
            if next_page is None
            else replace(
                at,
                page=next_page,
                digest=digest,
                seen=at.seen + len(records),
                keys=at.keys | frozenset(keys),
                probing=probing,
            )
        )
        return PullPage([attendee_row(r) for r in records], following)

    def _check_paging(
        self,
        at: GevmePullCursor,
        records: Sequence[Mapping[str, object]],
        digest: str,
        total: int | None,
        *,
        new: int,
    ) -> None:
        s = self.settings
        fix = (
            f"Nothing was written. Set page_param and limit_param (now '{s.page_param}' and "
            f"'{s.limit_param}') to the names your GEVME API pages with."
        )
        if records and at.page > 1 and digest == at.digest:
            raise SetupError(
                f"GEVME sent page {at.page} identical to page {at.page - 1}: it does not read "
                f"the '{s.page_param}' parameter, so the pull stopped. {fix}"
            )
        if records and at.page > 1 and not new:
            raise SetupError(
                f"GEVME sent page {at.page} with only records it had sent before: it does not "
                f"read the '{s.page_param}' parameter, so the pull stopped. {fix}"
            )
        if records and total is not None and at.seen >= total:
            raise SetupError(
                f"GEVME sent more records after the {total} its list announced (page "
                f"{at.page}): the paging is not understood, so the pull stopped. {fix}"
            )

    def _headers(self, secrets: Mapping[str, str]) -> dict[str, str]:
        token = secrets.get("access_token", "")
        if not token:
            raise TokenExpired(
                "This GEVME connector is not signed in; sign in with: attendee-relay login NAME"
            )
        return {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def _raise_for_status(self, response: HttpResponse) -> None:
        status = response.status_code
        if status < 400:
            return
        detail = _message(response)
        if status == 401:
            raise TokenExpired(f"GEVME refused the access token ({detail or 'HTTP 401'}).")
        if status in RETRYABLE_STATUSES:
            raise TransientError(
                f"GEVME answered HTTP {status}.", retry_after=retry_after(response.headers)
            )
        if status == 403:
            raise SetupError(
                "The GEVME user you signed in as may not read this event's attendees; ask GEVME "
                "for access or sign in as another user."
            )
        if status == 404:
            raise SetupError(
                f"GEVME does not know event '{self.settings.event}' ({detail or 'HTTP 404'}); "
                "check the event setting."
            )
        raise SetupError(f"GEVME refused the request: HTTP {status} {detail}".rstrip() + ".")

    # The target side of ``Connector``: GEVME is a source only ---------------------------------

    def target_fields(self) -> list[TargetField]:
        return []

    def accepts_extra_field(self, name: str) -> bool:
        return False

    def batch_key(self, record: MappedRecord) -> str | None:
        return None

    def identity(self, record: MappedRecord) -> str:
        return ""

    def dedupe_scope(self) -> str:
        return f"event={self.settings.event.strip()}"

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        raise SetupError(
            "GEVME is a source here, not a destination: pull its attendees "
            "(attendee-relay pull NAME OUT.csv) and import them into another connector."
        )

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        raise SetupError("GEVME is a source here, not a destination.")

    def connection_test_request(self, secrets: Mapping[str, str]) -> HttpRequest | None:
        first = self.pull_request(None, secrets, {})  # also checks event and token are there
        url = first.url.split("?", 1)[0]
        query = page_query(1, 1, self.settings.page_param, self.settings.limit_param)
        return HttpRequest("GET", f"{url}?{urlencode(query)}", first.headers)

    def read_connection_test(self, response: HttpResponse) -> ConnectionTestResult:
        try:
            self._raise_for_status(response)
            read_page(read_json(response, self.title), 1, 1)
        except TokenExpired:
            return ConnectionTestResult(
                False, "GEVME refused the sign-in; sign in again with: attendee-relay login NAME"
            )
        except (SetupError, TransientError) as err:
            return ConnectionTestResult(False, str(err))
        return ConnectionTestResult(
            True, f"Signed in: GEVME lists the attendees of event {self.settings.event}."
        )


def _message(response: HttpResponse) -> str:
    try:
        data = read_json(response, "GEVME")
    except TransientError:
        return excerpt(response.text, 120)
    if isinstance(data, Mapping):
        return excerpt(message_text(data.get("message") or data.get("error") or ""), 120)
    return ""
