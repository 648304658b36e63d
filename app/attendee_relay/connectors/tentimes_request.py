"""The one request that registers an attendee, or one order's attendees, with 10times.

API_NOTES ("10times — register", seed 000): ``POST /v1/register`` in PHP ``http_build_query`` form
(bracketed keys): ``key``, ``event``, ``channel``, ``attendee[i][...]`` with answers as
``attendee[i][response][<questionId>][]`` (repeated for several values), and for a ticket order
one ``billing[...]`` block. An order split over requests carries each part's own totals
(``tentimes_orders``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attendee_relay.connectors.tentimes_fields import (
    ATTENDEE_SPECS,
    BILLING_SPECS,
    RESPONSE_FIELD,
)
from attendee_relay.connectors.tentimes_orders import OrderPart, order_part
from attendee_relay.connectors.tentimes_settings import (
    DEFAULT_BASE_URL,
    REGISTER_PATH,
    TenTimesSettings,
)
from attendee_relay.connectors.wire import (
    FORM_CONTENT_TYPE,
    as_list,
    as_text,
    form_encode,
    join_url,
)
from attendee_relay.core.connector_api import HttpRequest
from attendee_relay.core.errors import SetupError
from attendee_relay.core.records import MappedRecord


def register_url(settings: TenTimesSettings) -> str:
    """The full URL of the register endpoint."""
    return join_url(settings.base_url or DEFAULT_BASE_URL, REGISTER_PATH)


def register_request(
    settings: TenTimesSettings,
    batch: Sequence[MappedRecord],
    secrets: Mapping[str, str],
    max_per_request: int,
) -> HttpRequest:
    """One form-encoded register request for one attendee or one order's attendees.

    Raises:
        SetupError: no API key is stored.
        RowError: an order split over requests whose total cannot be divided.
    """
    pairs = [
        ("key", _key(secrets)),
        ("event", settings.event),
        ("channel", settings.channel),
    ]
    pairs += billing_pairs(settings, batch, order_part(batch, max_per_request))
    for index, record in enumerate(batch):
        pairs += attendee_pairs(settings, index, record)
    return HttpRequest(
        method="POST",
        url=register_url(settings),
        headers={"Content-Type": FORM_CONTENT_TYPE, "Accept": "application/json"},
        body=form_encode(pairs),
    )


def _key(secrets: Mapping[str, str]) -> str:
    key = secrets.get("api_key", "").strip()
    if not key:
        raise SetupError(
            "No 10times API key is stored for this connector: add the key 10times gave you "
            "as the secret 'api_key'."
        )
    return key


def billing_pairs(
    settings: TenTimesSettings, batch: Sequence[MappedRecord], part: OrderPart | None
) -> list[tuple[str, str]]:
    """The order's ``billing[...]`` block, once; a part's own quantity and total."""
    pairs: list[tuple[str, str]] = []
    for spec in BILLING_SPECS:
        # Each billing field comes from the first record of the order that has it.
        value = next(
            (text for record in batch if (text := as_text(record.fields.get(spec.name)))), ""
        )
        if part is not None and spec.wire == "quantity":
            value = str(part.carried)  # a part's own totals, never the whole order's
        elif part is not None and spec.wire == "ticketcost":
            value = part.total
        if value:
            pairs.append((f"billing[{spec.wire}]", value))
    has_no_email = any(key == "billing[noEmail]" for key, _ in pairs)
    if pairs and not has_no_email and not settings.notify_attendees:
        # Not notifying attendees but e-mailing their buyer would surprise a coordinator.
        pairs.append(("billing[noEmail]", "1"))
    return pairs


def attendee_pairs(
    settings: TenTimesSettings, index: int, record: MappedRecord
) -> list[tuple[str, str]]:
    """``attendee[index][...]`` of one record, its custom answers included."""
    prefix = f"attendee[{index}]"
    fields = record.fields
    pairs = [
        (f"{prefix}[name]", as_text(fields.get("name"))),
        (f"{prefix}[email]", as_text(fields.get("email"))),
    ]
    for spec in ATTENDEE_SPECS:
        value = as_text(fields.get(spec.name))
        if spec.name == "noEmail" and not value and not settings.notify_attendees:
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
