"""iVvy contacts: ``contact?action=addOrUpdateContact`` one by one or through the Batch API, each
call signed (HMAC-SHA1, developer.ivvy.com), with an optional lead per contact.

Unknown publicly, and therefore settings: rate limits (``max_concurrency``,
``rate_limit_per_minute``; iVvy has a 429 but publishes no numbers), how long a batch may take
(``batch_timeout_s``) and how often to poll it (``batch_poll_interval_s``), and the
``callbackUrl`` a batch requires (``batch_callback_url``; the app polls instead, so by default it
is empty). A contact is created when new and updated when iVvy finds it (``updateIfExists``:
iVvy matches first name, last name and e-mail).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from attendee_relay.connectors import ivvy_lists
from attendee_relay.connectors.ivvy_errors import (
    BATCH_NOT_FINISHED,
    CLOCK_FIX,
    STALE_REQUEST,
    error_of,
    parse_error,
    raise_for_answer,
    raise_for_setup,
)
from attendee_relay.connectors.ivvy_fields import CONTACT_WIRE_FIELDS, CUSTOM_FIELD, contact_fields
from attendee_relay.connectors.ivvy_lists import LIST_CALLS, PULL_CALLS, PULL_COLUMNS, Choice
from attendee_relay.connectors.ivvy_settings import MAX_JOBS, IvvySettings
from attendee_relay.connectors.ivvy_signing import sign_request
from attendee_relay.connectors.wire import as_list, as_text, excerpt, join_url, read_json
from attendee_relay.core.connector_api import (
    ConnectionTestResult,
    ConnectorSettings,
    HttpRequest,
    HttpResponse,
    PullPage,
)
from attendee_relay.core.engine.batch_jobs import BatchUnavailable
from attendee_relay.core.errors import InputError, SetupError, TransientError
from attendee_relay.core.fields import TargetField
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome
from attendee_relay.core.settling import LookupResult

if TYPE_CHECKING:
    from attendee_relay.core.connector_api import Connector, PullConnector
    from attendee_relay.core.settling import LookupConnector

API_PREFIX = "/api/1.0"
PULL_PER_PAGE = 100


class IvvyConnector:
    """Adds or updates iVvy contacts, in signed Batch API jobs or one signed call each.

    Every request is signed when the engine builds it, right before it is sent, so a retry
    carries a fresh ``IVVY-Date`` and never falls outside iVvy's 5-minute window. A batch job
    carries up to ``jobs_per_batch`` calls (two per contact when leads are on); its results are
    read per call. A platform that will not take the job gets the contacts one call at a time.
    Leads are not upserts: a contact re-sent after an interruption may get a second lead.
    """

    platform: ClassVar[str] = "ivvy"
    title: ClassVar[str] = "iVvy"
    summary: ClassVar[str] = "Add or update iVvy contacts, with groups, custom fields and leads."
    secret_names: ClassVar[tuple[str, ...]] = ("api_key", "api_secret")
    settings_model: ClassVar[type[ConnectorSettings]] = IvvySettings
    max_batch_size: ClassVar[int] = MAX_JOBS
    upserts: ClassVar[bool] = True
    batch_any_rows: ClassVar[bool] = True
    supports_batch_jobs: ClassVar[bool] = True

    def __init__(self, settings: IvvySettings) -> None:
        self.settings: ConnectorSettings = settings
        self._settings = settings
        per_contact = 2 if settings.create_lead else 1
        jobs = settings.jobs_per_batch // per_contact if settings.use_batch_api else 1
        self.max_batch_size = max(1, jobs)  # type: ignore[misc]
        self.job_poll_interval_s = settings.batch_poll_interval_s
        self.job_timeout_s = settings.batch_timeout_s
        self._pull_source: str = settings.pull_source
        self._paid_only = settings.pull_paid_only

    def __repr__(self) -> str:
        return f"IvvyConnector(api_base={self._settings.api_base!r})"

    # -- signing ---------------------------------------------------------------------------

    def signed_call(
        self, namespace: str, action: str, params: Mapping[str, object], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """A signed ``POST {api}/api/1.0/{namespace}?action={action}`` with a JSON body, signed now.

        Raises:
            SetupError: the API key or secret is missing.
        """
        key = secrets.get("api_key", "").strip()
        secret = secrets.get("api_secret", "").strip()
        if not key or not secret:
            raise SetupError(
                "iVvy needs both an api_key and an api_secret stored for this connector "
                "(iVvy: Settings > API Keys); store them with `attendee-relay connector secret`."
            )
        url = join_url(self._settings.api_base, f"{API_PREFIX}/{namespace}?action={action}")
        body = json.dumps(params, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        signed = sign_request("POST", url, body, api_key=key, api_secret=secret)
        return HttpRequest("POST", url, signed.headers, body)

    # -- mapping ---------------------------------------------------------------------------

    def target_fields(self) -> list[TargetField]:
        """firstName, lastName, email first; then phone, externalId, groups and lead fields."""
        return contact_fields()

    def accepts_extra_field(self, name: str) -> bool:
        """``customFields[<fieldId>]`` fills one of the account's contact custom fields."""
        return CUSTOM_FIELD.match(name) is not None

    def batch_key(self, record: MappedRecord) -> str | None:
        """None: any contacts may share a job."""
        return None

    def identity(self, record: MappedRecord) -> str:
        """The lower-cased e-mail."""
        return as_text(record.fields.get("email")).lower()

    def dedupe_scope(self) -> str:
        """Contacts are per account, and an account lives at one host."""
        return f"account={self._settings.api_base}"

    # -- contacts --------------------------------------------------------------------------

    def contact_params(self, record: MappedRecord) -> dict[str, object]:
        """The ``addOrUpdateContact`` parameters of one record."""
        fields = record.fields
        params: dict[str, object] = {}
        for name in CONTACT_WIRE_FIELDS:
            value = as_text(fields.get(name))
            if value:
                params[name] = value
        groups = list(dict.fromkeys([*self._settings.groups, *as_list(fields.get("groups"))]))
        if groups:
            params["groups"] = [{"groupId": _id(g)} for g in groups]
        custom = [
            {"fieldId": _id(match.group(1)), "value": as_text(value)}
            for name, value in fields.items()
            if (match := CUSTOM_FIELD.match(name)) and as_text(value)
        ]
        if custom:
            params["customFields"] = custom
        if self._settings.update_if_exists:
            params["updateIfExists"] = True
        return params

    def lead_params(self, record: MappedRecord) -> dict[str, object]:
        """The ``addOrUpdateLead`` parameters of one record's lead (its contact given inline)."""
        fields = record.fields
        name = as_text(fields.get("leadName")) or " ".join(
            part
            for part in (as_text(fields.get("firstName")), as_text(fields.get("lastName")))
            if part
        )
        contact = {
            key: value
            for key in ("firstName", "lastName", "email", "externalId")
            if (value := as_text(fields.get(key)))
        }
        params: dict[str, object] = {
            "name": name,
            "sourceId": _id(self._settings.lead_source_id),
            "typeId": _id(self._settings.lead_type_id),
            "stageId": _id(self._settings.lead_stage_id),
            "contact": contact,
        }
        if description := as_text(fields.get("leadDescription")):
            params["description"] = description
        return params

    def uses_batch_job(self, batch: Sequence[MappedRecord]) -> bool:
        """A job for several contacts, or for any contact with its lead."""
        return self._settings.use_batch_api and (len(batch) > 1 or self._settings.create_lead)

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """A batch job submission (``batch?action=run``), or one ``addOrUpdateContact`` call."""
        if not self.uses_batch_job(batch):
            if len(batch) != 1:
                raise ValueError(
                    f"one addOrUpdateContact call carries one contact, got {len(batch)}"
                )
            return self.signed_call(
                "contact", "addOrUpdateContact", self.contact_params(batch[0]), secrets
            )
        jobs: list[dict[str, object]] = []
        for record in batch:
            jobs.append(
                {
                    "namespace": "contact",
                    "action": "addOrUpdateContact",
                    "params": self.contact_params(record),
                }
            )
            if self._settings.create_lead:
                jobs.append(
                    {
                        "namespace": "contact",
                        "action": "addOrUpdateLead",
                        "params": self.lead_params(record),
                    }
                )
        payload = {"jobs": jobs, "callbackUrl": self._settings.batch_callback_url}
        return self.signed_call("batch", "run", payload, secrets)

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        """Read one ``addOrUpdateContact`` answer: ``{success, id, message}`` or an error.

        Raises:
            SetupError: bad key or signature, revoked key, stale request (the clock), 403, 404.
            TransientError: 429, a server error, or an answer that is not JSON.
        """
        if response.status_code != 200:
            raise_for_answer(response, self._settings.api_base)
            error = parse_error(response)
            return [_refused(r, error.sentence(), error.sentence()) for r in batch]
        payload = read_json(response, "iVvy")
        return [self._contact_outcome(record, payload) for record in batch]

    def _contact_outcome(self, record: MappedRecord, payload: object) -> RecordOutcome:
        error = error_of(payload, 200)
        if error is not None:
            raise_for_setup(error, self._settings.api_base)
            return _refused(record, error.sentence(), error.sentence())
        if not isinstance(payload, Mapping):
            return _refused(record, f"iVvy answered {excerpt(str(payload), 80)!r}.", "")
        remote = as_text(str(payload.get("id"))) if payload.get("id") is not None else ""
        if payload.get("success") is False:
            message = as_text(str(payload.get("message") or "")) or "no reason given"
            return _refused(record, message, f"success=false {message}")
        return RecordOutcome(
            record.row_number,
            OutcomeKind.DELIVERED,
            answer=excerpt(f"success=true id={remote}".strip()),
            remote_id=remote,
        )

    # -- batch jobs ------------------------------------------------------------------------

    def read_job_started(self, batch: Sequence[MappedRecord], response: HttpResponse) -> str:
        """The ``asyncId`` of a submitted job.

        Raises:
            SetupError: the credentials or the clock are wrong.
            BatchUnavailable: iVvy would not take the job (format, not saved, not allowed).
        """
        if response.status_code != 200:
            error = parse_error(response)
            raise_for_setup(error, self._settings.api_base)
            raise BatchUnavailable(f"iVvy did not take the batch ({error.sentence()}).")
        payload = read_json(response, "iVvy")
        async_id = payload.get("asyncId") if isinstance(payload, Mapping) else None
        if not isinstance(async_id, str | int) or isinstance(async_id, bool) or not str(async_id):
            raise BatchUnavailable(
                f"iVvy answered the batch without an asyncId ({excerpt(str(payload), 80)})."
            )
        return str(async_id)

    def job_progress_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest:
        """``batch?action=progress`` for ``job_id``."""
        return self.signed_call("batch", "progress", {"async": job_id}, secrets)

    def read_job_progress(self, job_id: str, response: HttpResponse) -> float:
        """The job's ``progress`` in percent."""
        if response.status_code != 200:
            raise_for_answer(response, self._settings.api_base)
            raise TransientError(f"iVvy could not say how batch {job_id} is doing.")
        payload = read_json(response, "iVvy")
        raw = payload.get("progress") if isinstance(payload, Mapping) else None
        try:
            return float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise TransientError(f"iVvy gave no progress for batch {job_id}.") from None

    def job_results_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest:
        """``batch?action=results`` for ``job_id``."""
        return self.signed_call("batch", "results", {"async": job_id}, secrets)

    def job_restart_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest:
        """``batch?action=restart`` for a job that does not finish."""
        return self.signed_call("batch", "restart", {"async": job_id}, secrets)

    def job_repost_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest:
        """``batch?action=repost``: have iVvy call the batch's callbackUrl again."""
        return self.signed_call("batch", "repost", {"async": job_id}, secrets)

    def read_job_results(
        self, batch: Sequence[MappedRecord], job_id: str, response: HttpResponse
    ) -> list[RecordOutcome] | None:
        """Per-call results in job order: one call per contact, or contact then lead."""
        if response.status_code != 200:
            error = parse_error(response)
            if error.specific_code == BATCH_NOT_FINISHED:
                return None
            raise_for_setup(error, self._settings.api_base)
            raise TransientError(f"iVvy could not give the results of batch {job_id}.")
        payload = read_json(response, "iVvy")
        refusal = error_of(payload, 200)
        if refusal is not None:
            if refusal.specific_code == BATCH_NOT_FINISHED:
                return None
            raise_for_setup(refusal, self._settings.api_base)
            raise TransientError(f"iVvy could not give the results of batch {job_id}.")
        results = ivvy_lists.results_of(payload)
        step = 2 if self._settings.create_lead else 1
        outcomes: list[RecordOutcome] = []
        for index, record in enumerate(batch):
            mine = results[index * step : index * step + step]
            if len(mine) < step:
                outcomes.append(
                    RecordOutcome(
                        record.row_number,
                        OutcomeKind.RETRY,
                        f"Batch {job_id} gave no result for this contact.",
                    )
                )
                continue
            outcome = self._contact_outcome(record, mine[0].get("response"))
            if step == 2 and outcome.kind is OutcomeKind.DELIVERED:
                outcome = self._with_lead(outcome, mine[1].get("response"))
            outcomes.append(outcome)
        return outcomes

    def _with_lead(self, contact: RecordOutcome, answer: object) -> RecordOutcome:
        error = error_of(answer, 200)
        if error is not None:
            said = error.sentence()
        elif isinstance(answer, Mapping) and answer.get("success") is False:
            said = str(answer.get("message") or "no reason given")
        else:
            return contact
        return RecordOutcome(
            contact.row_number,
            OutcomeKind.REFUSED,
            f"The contact was saved (id {contact.remote_id}) but iVvy refused its lead: {said}",
            contact.answer,
            remote_id=contact.remote_id,
        )

    # -- connection test -------------------------------------------------------------------

    def connection_test_request(self, secrets: Mapping[str, str]) -> HttpRequest | None:
        """``test?action=ping``: proves the host, the key, the secret and the clock."""
        return self.signed_call("test", "ping", {}, secrets)

    def read_connection_test(self, response: HttpResponse) -> ConnectionTestResult:
        """OK when iVvy answers the ping with ``ack``."""
        if response.status_code == 200:
            try:
                payload = read_json(response, "iVvy")
            except TransientError as err:
                return ConnectionTestResult(False, str(err))
            if isinstance(payload, Mapping) and "ack" in payload:
                return ConnectionTestResult(
                    True,
                    f"iVvy at {self._settings.api_base} accepted the key and signature "
                    f"(server time {payload['ack']}).",
                )
            return ConnectionTestResult(
                False, f"iVvy answered the ping oddly: {response.text[:80]}"
            )
        error = parse_error(response)
        if error.specific_code == STALE_REQUEST:
            return ConnectionTestResult(False, CLOCK_FIX)
        try:
            raise_for_setup(error, self._settings.api_base)
        except (SetupError, TransientError) as err:
            return ConnectionTestResult(False, str(err))
        return ConnectionTestResult(False, f"iVvy refused the ping: {error.sentence()}")

    # -- settling uncertain rows -----------------------------------------------------------

    def lookup_request(self, record: MappedRecord, secrets: Mapping[str, str]) -> HttpRequest:
        """Look the contact up by ``externalId`` when the row has one, else by e-mail."""
        external = as_text(record.fields.get("externalId"))
        wanted = {"externalId": external} if external else {"email": self.identity(record)}
        return self.signed_call(
            "contact", "getContactList", {"perPage": 10, "start": 0, "filter": wanted}, secrets
        )

    def read_lookup(self, record: MappedRecord, response: HttpResponse) -> LookupResult:
        """Found when a returned contact has the row's externalId (or e-mail): the filter is
        checked here too, so a server that ignores it cannot fake a match."""
        if response.status_code != 200:
            raise_for_answer(response, self._settings.api_base)
            raise TransientError(
                f"iVvy could not look the contact up ({parse_error(response).sentence()})."
            )
        external = as_text(record.fields.get("externalId"))
        email = self.identity(record)
        for item in ivvy_lists.results_of(read_json(response, "iVvy")):
            same = (
                as_text(str(item.get("externalId") or "")) == external
                if external
                else as_text(str(item.get("email") or "")).lower() == email
            )
            if same:
                return LookupResult(True, str(item.get("id") or ""))
        return LookupResult(False)

    # -- the wizard's lists ----------------------------------------------------------------

    def list_request(self, kind: str, secrets: Mapping[str, str]) -> HttpRequest:
        """The request for one of iVvy's lists: ``custom_fields``, ``groups``, ``lead_sources``,
        ``lead_types`` or ``lead_stages`` (first 100 entries).

        Raises:
            InputError: an unknown list name.
        """
        if kind not in LIST_CALLS:
            raise InputError(f"iVvy has no list '{kind}'; choose one of: {', '.join(LIST_CALLS)}.")
        namespace, action = LIST_CALLS[kind]
        params: dict[str, object] = (
            {}
            if kind in ("custom_fields", "groups")
            else {
                "perPage": 100,
                "start": 0,
            }
        )
        return self.signed_call(namespace, action, params, secrets)

    def read_list(self, kind: str, response: HttpResponse) -> list[Choice]:
        """The entries of list ``kind`` from iVvy's answer (ids and names)."""
        if response.status_code != 200:
            raise_for_answer(response, self._settings.api_base)
            raise TransientError(
                f"iVvy could not list {kind} ({parse_error(response).sentence()})."
            )
        return ivvy_lists.read_choices(kind, response)

    # -- pull ------------------------------------------------------------------------------

    def pull_columns(self) -> list[str]:
        """Headers of the pulled rows for the ``pull_source`` in force."""
        return list(PULL_COLUMNS[self._pull_source])

    def pull_request(
        self, cursor: object | None, secrets: Mapping[str, str], options: Mapping[str, str]
    ) -> HttpRequest:
        """A page of contacts, or of attendees or registrations of an event, 100 a page.

        ``options`` may override the settings: ``source``, ``event``, ``paid_only``; and
        ``modified_since`` (iVvy timestamp) asks only for records changed since then.

        Raises:
            InputError: an unknown source, or attendees/registrations without an event id.
        """
        source = _pull_source(options.get("source") or self._pull_source)
        self._pull_source = source
        if "paid_only" in options:
            self._paid_only = options["paid_only"].strip().lower() in ("1", "yes", "true", "on")
        namespace, action, date_filter = PULL_CALLS[source]
        start = cursor if isinstance(cursor, int) else 0
        params: dict[str, object] = {"perPage": PULL_PER_PAGE, "start": start}
        if source != "contacts":
            event = (options.get("event") or self._settings.pull_event).strip()
            if not event.isdigit():
                raise InputError(
                    f"Pulling iVvy {source} needs the event's id: --set event=ID (or pull_event)."
                )
            params["eventId"] = int(event)
        if since := options.get("modified_since", "").strip():
            params["filter"] = {date_filter: since}
        return self.signed_call(namespace, action, params, secrets)

    def read_pull_page(self, cursor: object | None, response: HttpResponse) -> PullPage:
        """Rows of a page; the next page starts after them until ``meta.totalResults``.

        Raises:
            SetupError: credentials, clock or address are wrong.
            TransientError: a passing failure.
        """
        if response.status_code != 200:
            raise_for_answer(response, self._settings.api_base)
            raise TransientError(
                f"iVvy could not list records ({parse_error(response).sentence()})."
            )
        rows, total, count = ivvy_lists.read_page_rows(self._pull_source, response)
        if self._pull_source == "registrations" and self._paid_only:
            paid = {s.lower() for s in self._settings.paid_statuses}
            rows = [r for r in rows if r["Status"].lower() in paid]
        start = cursor if isinstance(cursor, int) else 0
        done = count < PULL_PER_PAGE or (total is not None and start + count >= total)
        return PullPage(rows, None if done or count == 0 else start + count)


def _pull_source(value: str) -> str:
    source = value.strip().lower() or "contacts"
    if source not in PULL_CALLS:
        raise InputError(f"iVvy can pull {', '.join(PULL_CALLS)}; got source={source!r}.")
    return source


def _id(value: str) -> int | str:
    """An id as iVvy expects it: a number when it is digits."""
    value = value.strip()
    return int(value) if value.isdigit() else value


def _refused(record: MappedRecord, reason: str, answer: str) -> RecordOutcome:
    return RecordOutcome(
        record.row_number,
        OutcomeKind.REFUSED,
        f"iVvy refused the contact: {reason}",
        excerpt(answer),
    )


if TYPE_CHECKING:
    _conforms: type[Connector] = IvvyConnector
    _pulls: type[PullConnector] = IvvyConnector
    _looks_up: type[LookupConnector] = IvvyConnector
