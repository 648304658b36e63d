"""The fields of 10times register (seed 000, API_NOTES "10times — register"): the attendee's
(``name`` and ``email`` mandatory, then designation, company, city, country, phone, noEmail and
the ticket), the order's ``billing`` block, and ``response[<questionId>]`` for the answers to the
event's custom questions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from attendee_relay.connectors.targets import synonyms_for
from attendee_relay.core.fields import FieldType, TargetField

#: ``response[<questionId>]``: a dynamic target for the answers to one custom question.
RESPONSE_FIELD = re.compile(r"^response\[([A-Za-z0-9_-]+)\]$")


@dataclass(frozen=True, slots=True)
class Spec:
    """One optional field: its target name, wire key, and how it is offered for mapping."""

    name: str
    wire: str
    label: str
    concept: str
    type: FieldType
    help: str
    group: str


ATTENDEE_SPECS = (
    Spec("designation", "designation", "Designation", "job_title", FieldType.TEXT,
          "The attendee's job title (designation).", "Attendee"),
    Spec("company", "company", "Company", "company", FieldType.TEXT,
          "The attendee's company.", "Attendee"),
    Spec("city", "city", "City", "city", FieldType.TEXT, "The attendee's city.", "Attendee"),
    Spec("country", "country", "Country", "country", FieldType.COUNTRY,
          "The attendee's country.", "Attendee"),
    Spec("phone", "phone", "Mobile", "phone", FieldType.PHONE,
          "The attendee's mobile number with country code, e.g. +91 98765 43210.", "Attendee"),
    Spec("noEmail", "noEmail", "No e-mail", "", FieldType.FLAG,
          "1 means 10times sends this attendee no notification; by default it does.", "Attendee"),
    Spec("ticketTypeId", "ticketTypeId", "Ticket type id", "ticket_type_id", FieldType.INTEGER,
          "Only for a purchased ticket: the id of the ticket type bought.", "Ticket"),
    Spec("ticketName", "ticketName", "Ticket name", "ticket_name", FieldType.TEXT,
          "Only for a purchased ticket: the name of the ticket bought.", "Ticket"),
    Spec("ticketPrice", "ticketPrice", "Ticket price", "ticket_price", FieldType.NUMBER,
          "Only for a purchased ticket: the price of the ticket bought.", "Ticket"),
)  # fmt: skip

BILLING_SPECS = (
    Spec("billing.orderNo", "orderNo", "Order number", "order_no", FieldType.TEXT,
          "Only for a purchased ticket: the unique id of the purchase. Rows with the same order "
          "number are sent together, in one request.", "Billing"),
    Spec("billing.datePurchased", "datePurchased", "Date purchased", "purchase_date",
          FieldType.TEXT, "When the order was placed, e.g. 2020-09-03 13:00:01.", "Billing"),
    Spec("billing.quantity", "quantity", "Quantity", "quantity", FieldType.INTEGER,
          "Total number of tickets bought in this order.", "Billing"),
    Spec("billing.ticketcost", "ticketcost", "Order total", "order_total", FieldType.NUMBER,
          "Total amount paid for the tickets of this order.", "Billing"),
    Spec("billing.billingname", "billingname", "Buyer name", "buyer_name", FieldType.TEXT,
          "The purchaser's name for this order.", "Billing"),
    Spec("billing.billingemailid", "billingemailid", "Buyer e-mail", "buyer_email",
          FieldType.EMAIL, "The purchaser's e-mail for this order.", "Billing"),
    Spec("billing.buyerPhoneNo", "buyerPhoneNo", "Buyer mobile", "buyer_phone", FieldType.PHONE,
          "The purchaser's mobile number for this order.", "Billing"),
    Spec("billing.currency", "currency", "Currency", "currency", FieldType.TEXT,
          "The currency the tickets were bought in, e.g. INR, USD.", "Billing"),
    Spec("billing.noEmail", "noEmail", "Buyer: no e-mail", "", FieldType.FLAG,
          "1 means 10times sends the purchaser no notification; by default it does.", "Billing"),
)  # fmt: skip


def spec_field(spec: Spec) -> TargetField:
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
    return required + [spec_field(spec) for spec in ATTENDEE_SPECS]


def target_fields() -> list[TargetField]:
    """Attendee fields (name and e-mail first), then ticket and billing fields."""
    return attendee_fields() + [spec_field(spec) for spec in BILLING_SPECS]
