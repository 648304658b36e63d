"""Send one hand-typed record through the test push machinery and describe the exchange.

Qt-free and blocking: the UI calls :func:`send_test_record` through ``run_in_background``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from attendee_relay.core.connector_api import Connector, HttpRequest, HttpResponse
from attendee_relay.core.engine.retry import RetryPolicy
from attendee_relay.core.engine.runner import ImportEngine
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.store import RUN_STOPPED
from attendee_relay.core.pushing import prepare_push
from attendee_relay.core.records import FieldValue
from attendee_relay.core.redaction import Redactor


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """What happened to the test record, ready to show (secrets masked).

    Attributes:
        run_id: the one-row run recorded in history.
        row_status: ``delivered``, ``refused``, ``failed``...
        reason: why it was not delivered ("" if it was).
        delivered: the platform took it.
        request_text / response_text: the exchange as a REST client shows it ("" if none).
        status_code: the HTTP status, or None when nothing was sent or no answer came.
        elapsed_ms: the round trip, or None.
        links: links the platform returned (e.g. ``floorLink``).
    """

    run_id: int
    row_status: str
    reason: str
    delivered: bool
    request_text: str = ""
    response_text: str = ""
    status_code: int | None = None
    elapsed_ms: int | None = None
    links: Mapping[str, str] | None = None


def send_test_record(
    *,
    connector: Connector,
    connector_name: str,
    secrets: Mapping[str, str],
    fields: Mapping[str, FieldValue],
) -> PushOutcome:
    """Check and send ``fields`` as a one-row push run (recorded in history), without retries.

    Raises:
        InputError: a field is not one of the connector's.
    """
    redactor = Redactor(secrets.values())
    store = HistoryStore()
    try:
        prepared = prepare_push(
            connector=connector, connector_name=connector_name, fields=fields, store=store
        )
        if prepared.reasons:
            return PushOutcome(
                prepared.run_id, "refused", redactor.text(" ".join(prepared.reasons)), False
            )
        exchanges: list[tuple[HttpRequest, HttpResponse]] = []
        engine = ImportEngine(
            store=store,
            run_id=prepared.run_id,
            connector=connector,
            connector_name=connector_name,
            secrets=secrets,
            retry=RetryPolicy(max_attempts=1),  # a test shows what happened; it does not retry
            on_exchange=lambda req, resp: exchanges.append((req, resp)),
        )
        result = engine.run_blocking()
        row = store.rows(prepared.run_id)[0]
    finally:
        store.close()
    reason = row.reason or (result.message if result.status == RUN_STOPPED else "")
    outcome = PushOutcome(
        prepared.run_id,
        row.status.value,
        redactor.text(reason),
        row.status.value == "delivered",
        links=row.links,
    )
    if exchanges:
        req, resp = exchanges[-1]
        return PushOutcome(
            outcome.run_id,
            outcome.row_status,
            outcome.reason,
            outcome.delivered,
            redactor.request(req),
            redactor.response(resp),
            resp.status_code,
            round(resp.elapsed_s * 1000),
            row.links,
        )
    return outcome
