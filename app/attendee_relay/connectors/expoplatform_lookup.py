"""Settling an uncertain ExpoPlatform row with ``account/exists`` (seed 003: "verify if an account
exists in a specific event"). Its answer's shape is not public: a boolean, or one under
``exists``/``result``/``data``/``found``, or an id, is read."""

from __future__ import annotations

from collections.abc import Mapping

from attendee_relay.connectors.expoplatform_settings import ExpoPlatformSettings
from attendee_relay.connectors.expoplatform_wire import call, raise_for_status, said, unwrap
from attendee_relay.connectors.wire import as_text, read_json
from attendee_relay.core.connector_api import HttpRequest, HttpResponse, LookupResult
from attendee_relay.core.errors import TransientError
from attendee_relay.core.records import MappedRecord


def lookup_request(
    settings: ExpoPlatformSettings, record: MappedRecord, secrets: Mapping[str, str]
) -> HttpRequest:
    """``account/exists`` for the visitor's e-mail (and external id when mapped)."""
    email = as_text(record.fields.get("email")).lower()
    pairs = [("event_id", settings.event), ("email", email)]
    if external := as_text(record.fields.get("external_id")):
        pairs.append(("external_id", external))
    return call(settings, "exists", pairs, secrets)


def read_lookup(settings: ExpoPlatformSettings, response: HttpResponse) -> LookupResult:
    """Found when the answer is true (``exists``/``result``/``data``) or carries an id."""
    raise_for_status(settings, response, "exists")
    if response.status_code == 400:
        raise TransientError(f"ExpoPlatform could not check the visitor{said(response)}.")
    raw = read_json(response, "ExpoPlatform")
    if isinstance(raw, bool):
        return LookupResult(raw)
    payload = unwrap(raw)
    for key in ("exists", "result", "data", "found"):
        value = payload.get(key)
        if isinstance(value, bool):
            return LookupResult(value, as_text(str(payload.get("id") or "")))
    remote = payload.get("id")
    return LookupResult(bool(remote), as_text(str(remote or "")))
