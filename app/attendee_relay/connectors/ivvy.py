"""iVvy contacts: ``contact?action=addOrUpdateContact`` through the Batch API (or one signed call
each), then, once iVvy has given the contacts' ids, their subscription groups added and their
leads made in a second batch job.

The facts that shape it, from iVvy's developer docs (``vendor-docs/ivvy``):

- ``contact/add-or-update-contact.md`` ("groups"): the list "will override any groups currently
  set for the contact". With ``group_mode=add`` (the default) the upsert carries no ``groups`` and
  ``contact/add-contacts-to-subscription-group.md`` adds each group's contacts, so a contact keeps
  the groups it had; ``group_mode=replace`` sends ``groups`` and a contact leaves the others.
- Same page, ``updateIfExists``: an existing contact is matched on first name, last name and
  e-mail.
- ``contact/add-or-update-lead.md``: a contact's new lead needs ``name``, ``sourceId``,
  ``typeId``, ``stageId`` and ``industryId`` (``lead_*_id`` settings), and is linked by
  ``contactId``: an inline ``contact`` would be added as another contact.
- ``getting-started/batch/``: at most 200 calls a job (24448); ``results`` answers 24114 until
  the job has finished.
- ``getting-started/interpreting-the-response/filtering.md`` and the lists' own pages: see
  ``ivvy_pull`` (pulls) and ``ivvy_lookup`` (settling uncertain rows).

Unknown publicly, and therefore settings: rate limits (``max_concurrency``,
``rate_limit_per_minute``; iVvy has a 429 but publishes no numbers), how long a batch may take
(``batch_timeout_s``) and how often to poll it (``batch_poll_interval_s``), and the
``callbackUrl`` a batch requires (``batch_callback_url``; the app polls instead, so by default it
is empty). No list of industries is published: ``lead_industry_id`` is typed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from attendee_relay.connectors import ivvy_jobs, ivvy_lists, ivvy_lookup, ivvy_pull, ivvy_push
from attendee_relay.connectors.ivvy_calls import IvvyCall, job_request, signed_call
from attendee_relay.connectors.ivvy_errors import (
    CLOCK_FIX,
    STALE_REQUEST,
    parse_error,
    raise_for_answer,
    raise_for_setup,
)
from attendee_relay.connectors.ivvy_fields import CUSTOM_FIELD, contact_fields
from attendee_relay.connectors.ivvy_settings import MAX_JOBS, IvvySettings
from attendee_relay.connectors.wire import as_text, read_json
from attendee_relay.core.connector_api import (
    BatchJobConnector,
    Choice,
    ConnectionTestResult,
    ConnectorSettings,
    FollowUpJobConnector,
    HttpRequest,
    HttpResponse,
    LookupConnector,
    LookupResult,
    PullPage,
)
from attendee_relay.core.errors import SetupError, TransientError
from attendee_relay.core.fields import TargetField
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome

if TYPE_CHECKING:
    from attendee_relay.core.connector_api import Connector, PullConnector


class IvvyConnector:
    """Adds or updates iVvy contacts in signed Batch API jobs, then adds them to their groups
    and makes their leads.

    Every request is signed when the engine builds it, right before it is sent, so a retry
    carries a fresh ``IVVY-Date`` and never falls outside iVvy's 5-minute window. A platform that
    will not take a job gets the same calls one at a time. Leads are not upserts: a contact
    re-sent after an interruption may get a second lead.
    """

    platform: ClassVar[str] = "ivvy"
    title: ClassVar[str] = "iVvy"
    summary: ClassVar[str] = "Add or update iVvy contacts, with groups, custom fields and leads."
    secret_names: ClassVar[tuple[str, ...]] = ("api_key", "api_secret")
    settings_model: ClassVar[type[ConnectorSettings]] = IvvySettings
    max_batch_size: ClassVar[int] = MAX_JOBS
    upserts: ClassVar[bool] = True
    pull_identity_column: ClassVar[str] = "Id"

    def __init__(self, settings: IvvySettings) -> None:
        self.settings: ConnectorSettings = settings
        self._settings = settings
        # A contact's lead goes in the second job: keep room for it beside the group calls.
        per_contact = 2 if settings.create_lead else 1
        jobs = settings.jobs_per_batch // per_contact if settings.use_batch_api else 1
        self.max_batch_size = max(1, jobs)  # type: ignore[misc]
        self.job_poll_interval_s = settings.batch_poll_interval_s
        self.job_timeout_s = settings.batch_timeout_s
        self.follow_up_calls_per_job = settings.jobs_per_batch

    def __repr__(self) -> str:
        return f"IvvyConnector(api_base={self._settings.api_base!r})"

    def signed_call(
        self, namespace: str, action: str, params: Mapping[str, object], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """A signed ``POST {api}/api/1.0/{namespace}?action={action}``, signed now."""
        return signed_call(self._settings.api_base, namespace, action, params, secrets)

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
        return ivvy_push.contact_params(self._settings, record)

    def uses_batch_job(self, batch: Sequence[MappedRecord]) -> bool:
        """A job for several contacts, or for a contact whose groups or lead come after it."""
        return self._settings.use_batch_api and (
            len(batch) > 1 or any(ivvy_push.needs_follow_up(self._settings, r) for r in batch)
        )

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """A batch job submission (``batch?action=run``), or one ``addOrUpdateContact`` call."""
        if not self.uses_batch_job(batch):
            if len(batch) != 1:
                raise ValueError(
                    f"one addOrUpdateContact call carries one contact, got {len(batch)}"
                )
            return self.single_request(batch[0], secrets)
        calls = [ivvy_push.contact_call(self._settings, record) for record in batch]
        return job_request(
            self._settings.api_base, calls, self._settings.batch_callback_url, secrets
        )

    def single_request(self, record: MappedRecord, secrets: Mapping[str, str]) -> HttpRequest:
        """One ``addOrUpdateContact`` call for ``record``."""
        return self.signed_call(
            "contact", "addOrUpdateContact", self.contact_params(record), secrets
        )

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        """Read one ``addOrUpdateContact`` answer: ``{success, id, message}`` or an error.

        A contact sent alone (no batch job) whose groups were to be added is refused with the
        reason: without the Batch API there is no second step (the settings forbid this for
        the connector's own groups; a mapped ``groups`` column can still ask for it).

        Raises:
            SetupError: bad key or signature, revoked key, stale request (the clock), 403, 404.
            TransientError: 429, a server error, or an answer that is not JSON.
        """
        if response.status_code != 200:
            raise_for_answer(response, self._settings.api_base)
            error = parse_error(response)
            return [ivvy_push.refused(r, error.sentence(), error.sentence()) for r in batch]
        payload = read_json(response, "iVvy")
        outcomes = [
            ivvy_push.contact_outcome(record, payload, self._settings.api_base) for record in batch
        ]
        return [
            self._without_groups(outcome)
            if outcome.kind is OutcomeKind.DELIVERED and ivvy_push.adds_groups(self._settings, r)
            else outcome
            for r, outcome in zip(batch, outcomes, strict=True)
        ]

    @staticmethod
    def _without_groups(outcome: RecordOutcome) -> RecordOutcome:
        return RecordOutcome(
            outcome.row_number,
            OutcomeKind.REFUSED,
            f"The contact was saved (id {outcome.remote_id}) but not added to its groups: "
            "group_mode=add needs use_batch_api on (or set group_mode=replace).",
            outcome.answer,
            remote_id=outcome.remote_id,
        )

    # -- batch jobs ------------------------------------------------------------------------

    def read_job_started(self, batch: Sequence[MappedRecord], response: HttpResponse) -> str:
        """The ``asyncId`` of a submitted job.

        Raises:
            SetupError: the credentials or the clock are wrong.
            BatchUnavailable: iVvy would not take the job (format, not saved, not allowed).
        """
        return ivvy_jobs.read_job_started(response, self._settings.api_base)

    def job_progress_request(self, job_id: str, secrets: Mapping[str, str]) -> HttpRequest:
        """``batch?action=progress`` for ``job_id``."""
        return self.signed_call("batch", "progress", {"async": job_id}, secrets)

    def read_job_progress(self, job_id: str, response: HttpResponse) -> float:
        """The job's ``progress`` in percent."""
        return ivvy_jobs.read_job_progress(job_id, response, self._settings.api_base)

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
        """Per-contact results in job order (one ``addOrUpdateContact`` per contact)."""
        answers = ivvy_jobs.job_answers(job_id, response, self._settings.api_base)
        if answers is None:
            return None
        outcomes: list[RecordOutcome] = []
        for index, record in enumerate(batch):
            if index >= len(answers):
                outcomes.append(
                    RecordOutcome(
                        record.row_number,
                        OutcomeKind.RETRY,
                        f"Batch {job_id} gave no result for this contact.",
                    )
                )
                continue
            outcomes.append(
                ivvy_push.contact_outcome(record, answers[index], self._settings.api_base)
            )
        return outcomes

    # -- the second step: groups and leads, once the contacts' ids are known ----------------

    def follow_up_calls(
        self, batch: Sequence[MappedRecord], outcomes: Sequence[RecordOutcome]
    ) -> list[IvvyCall]:
        """``addContactsToSubscriptionGroup`` per group, then ``addOrUpdateLead`` per contact."""
        return ivvy_push.follow_up_calls(self._settings, batch, outcomes)

    def follow_up_job_request(
        self, calls: Sequence[object], secrets: Mapping[str, str]
    ) -> HttpRequest:
        """A ``batch?action=run`` carrying ``calls``."""
        return job_request(
            self._settings.api_base,
            [_call(c) for c in calls],
            self._settings.batch_callback_url,
            secrets,
        )

    def follow_up_call_request(self, call: object, secrets: Mapping[str, str]) -> HttpRequest:
        """``call`` on its own."""
        one = _call(call)
        return self.signed_call(one.namespace, one.action, one.params, secrets)

    def read_follow_up_call(self, response: HttpResponse) -> object:
        """One call's answer, as a job result carries it."""
        return ivvy_jobs.call_answer(response, self._settings.api_base)

    def read_job_answers(self, job_id: str, response: HttpResponse) -> list[object] | None:
        """Each call's ``response`` in a finished job, or None while it runs."""
        return ivvy_jobs.job_answers(job_id, response, self._settings.api_base)

    def read_follow_up(
        self,
        batch: Sequence[MappedRecord],
        outcomes: Sequence[RecordOutcome],
        calls: Sequence[object],
        answers: Sequence[object],
    ) -> list[RecordOutcome]:
        """A saved contact that missed a group or its lead is refused, saying which."""
        return ivvy_push.read_follow_up(
            self._settings, batch, outcomes, [_call(c) for c in calls], answers
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
        """``getContactList`` by the row's ``externalId``, else the recently modified ones."""
        return ivvy_lookup.lookup_request(self._settings, record, secrets)

    def read_lookup(self, record: MappedRecord, response: HttpResponse) -> LookupResult:
        """Found when a returned contact is the row's (checked here, not only by the filter)."""
        return ivvy_lookup.read_lookup(self._settings, record, response)

    # -- the wizard's lists ----------------------------------------------------------------

    def list_request(self, kind: str, secrets: Mapping[str, str]) -> HttpRequest:
        """The request for one of iVvy's lists: ``custom_fields``, ``groups``, ``lead_sources``,
        ``lead_types`` or ``lead_stages``.

        Raises:
            InputError: an unknown list name.
        """
        return ivvy_lists.list_request(self._settings.api_base, kind, secrets)

    def read_list(self, kind: str, response: HttpResponse) -> list[Choice]:
        """The entries of list ``kind`` from iVvy's answer (ids and names)."""
        return ivvy_lists.read_list(self._settings.api_base, kind, response)

    # -- pull ------------------------------------------------------------------------------

    def pull_columns(self) -> list[str]:
        """Headers of the pulled rows for the ``pull_source`` setting."""
        return list(ivvy_pull.PULL_COLUMNS[self._settings.pull_source])

    def first_pull_cursor(self, options: Mapping[str, str]) -> ivvy_pull.IvvyPullCursor:
        """Where a pull starts: the settings' source and event, ``modified_since`` if given.

        Raises:
            InputError: an unknown option, or no event id for attendees or registrations.
        """
        return ivvy_pull.first_cursor(self._settings, options)

    def pull_request(
        self, cursor: object | None, secrets: Mapping[str, str], options: Mapping[str, str]
    ) -> HttpRequest:
        """A page of contacts, attendees or registrations (or a registration's contact)."""
        return ivvy_pull.pull_request(self._settings, self._cursor(cursor, options), secrets)

    def read_pull_page(self, cursor: object | None, response: HttpResponse) -> PullPage:
        """Rows of a page and the cursor after it."""
        return ivvy_pull.read_pull_page(self._settings, self._cursor(cursor, {}), response)

    def _cursor(
        self, cursor: object | None, options: Mapping[str, str]
    ) -> ivvy_pull.IvvyPullCursor:
        if isinstance(cursor, ivvy_pull.IvvyPullCursor):
            return cursor
        return self.first_pull_cursor(options)


def _call(call: object) -> IvvyCall:
    if not isinstance(call, IvvyCall):
        raise TypeError(f"not an iVvy call: {call!r}")
    return call


if TYPE_CHECKING:
    _conforms: type[Connector] = IvvyConnector
    _pulls: type[PullConnector] = IvvyConnector
    _looks_up: type[LookupConnector] = IvvyConnector
    _jobs: type[BatchJobConnector] = IvvyConnector
    _follows_up: type[FollowUpJobConnector] = IvvyConnector
