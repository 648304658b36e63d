"""A 10times ticket order across requests: its billing block once per request, with only the
totals that belong to the attendees the request carries.

API_NOTES ("10times — register", seed 000): "Several attendees of one order go in one request
(``attendee[0]``, ``attendee[1]``, ...) under one ``billing``". An order can still reach 10times
in several requests: more attendees than ``max_attendees_per_request`` (10times' own limit is
unknown), its rows apart in the file, or a retry of some of its rows. Sending the whole order's
``quantity`` and ``ticketcost`` with each part would count the order several times, so a part
carries its own ticket count and the sum of its attendees' ``ticketPrice``; when the prices are
not there the total cannot be divided and the part is refused, saying what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from attendee_relay.connectors.wire import as_text
from attendee_relay.core.errors import RowError
from attendee_relay.core.records import MappedRecord


@dataclass(frozen=True, slots=True)
class OrderPart:
    """One request's share of an order that did not fit in it.

    Attributes:
        order: the order number.
        declared: the tickets the order says it has (``billing.quantity``).
        carried: the attendees this request carries.
        total: the sum of their ticket prices, as sent in ``billing[ticketcost]``.
    """

    order: str
    declared: int
    carried: int
    total: str

    def remark(self) -> str:
        """What the history keeps on each row of the part."""
        return (
            f"Order {self.order} was sent in parts: this request carried {self.carried} of its "
            f"{self.declared} tickets (billing quantity {self.carried}, total {self.total})."
        )


def _count(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def order_part(batch: Sequence[MappedRecord], max_per_request: int) -> OrderPart | None:
    """The part of an order ``batch`` is, or None when it carries its whole order (or none).

    Raises:
        RowError: the order is split and its total cannot be divided between the parts.
    """
    first = batch[0].fields if batch else {}
    order = as_text(first.get("billing.orderNo"))
    declared = _count(
        next(
            (t for r in batch if (t := as_text(r.fields.get("billing.quantity")))),
            "",
        )
    )
    if not order or declared is None or declared <= len(batch):
        return None
    prices = [_amount(as_text(r.fields.get("ticketPrice"))) for r in batch]
    if any(price is None for price in prices):
        raise RowError(
            f"Order {order} has {declared} tickets but this request can carry only "
            f"{len(batch)} of them (at most {max_per_request} a request, or its rows are apart in "
            "the file), and its rows have no ticket prices to divide the order's total between "
            f"requests: raise max_attendees_per_request to {declared} and keep the order's rows "
            "together, or map each attendee's ticket price."
        )
    total = sum((p for p in prices if p is not None), Decimal(0))
    return OrderPart(order, declared, len(batch), format(total, "f"))
