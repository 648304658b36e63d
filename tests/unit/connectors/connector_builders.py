"""Builders shared by the connector tests: mapped records and crafted platform answers."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.records import FieldValue, MappedRecord


def record(row: int, **fields: FieldValue) -> MappedRecord:
    """A mapped record; ``billing_orderNo`` style keyword names stand for ``billing.orderNo``."""
    return MappedRecord(row, {k.replace("billing_", "billing.", 1): v for k, v in fields.items()})


def json_response(payload: object, status: int = 200, **headers: str) -> HttpResponse:
    return HttpResponse(status, dict(headers), json.dumps(payload).encode())


def text_response(body: str, status: int = 200, **headers: str) -> HttpResponse:
    return HttpResponse(status, dict(headers), body.encode())


def form_pairs(body: bytes) -> list[tuple[str, str]]:
    """The (key, value) pairs of a form body, decoded, in order."""
    return parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=True)
