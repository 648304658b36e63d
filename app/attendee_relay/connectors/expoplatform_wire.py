"""How an ExpoPlatform call goes on the wire and how its answer's status is read (seed 003):
``POST {base_url}/api/v2/account/{endpoint}``, form data, ``Authorization: Basic <API KEY>`` (the
key as given); 401 a bad key, 404 an unknown endpoint, event or category, 429/5xx passing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from attendee_relay.connectors.expoplatform_settings import API, ExpoPlatformSettings
from attendee_relay.connectors.wire import (
    FORM_CONTENT_TYPE,
    excerpt,
    form_encode,
    join_url,
    message_text,
    read_json,
    retry_after,
)
from attendee_relay.core.connector_api import HttpRequest, HttpResponse
from attendee_relay.core.errors import SetupError, TransientError


def multipart_encode(pairs: Sequence[tuple[str, str]], boundary: str) -> bytes:
    """A ``multipart/form-data`` body of text fields, in order (RFC 7578)."""
    lines: list[bytes] = []
    for key, value in pairs:
        name = key.replace("\\", "\\\\").replace('"', '\\"')
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            value.encode("utf-8"),
        ]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines)


def call(
    settings: ExpoPlatformSettings,
    endpoint: str,
    pairs: list[tuple[str, str]],
    secrets: Mapping[str, str],
) -> HttpRequest:
    """One call of ``endpoint`` (relative to ``/api/v2/account``, or a full path).

    Raises:
        SetupError: no API key is stored.
    """
    key = secrets.get("api_key", "").strip()
    if not key:
        raise SetupError(
            "No ExpoPlatform API key is stored for this connector: add the key from "
            "ExpoPlatform's API manager as the secret 'api_key'."
        )
    headers = {"Authorization": f"Basic {key}", "Accept": "application/json"}
    if settings.form_encoding == "multipart":
        boundary = f"relay{uuid.uuid4().hex}"
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        body = multipart_encode(pairs, boundary)
    else:
        headers["Content-Type"] = FORM_CONTENT_TYPE
        body = form_encode(pairs)
    path = endpoint if endpoint.startswith("/") else f"{API}/{endpoint}"
    return HttpRequest("POST", join_url(settings.base_url, path), headers, body)


def raise_for_status(settings: ExpoPlatformSettings, response: HttpResponse, what: str) -> None:
    """Raise for answers that are not about one record.

    Raises:
        SetupError: 401/403 (the key), 404 (address, event).
        TransientError: 429 and server errors.
    """
    code = response.status_code
    said_ = said(response)
    if code in (401, 403):
        raise SetupError(
            f"ExpoPlatform refused the API key (HTTP {code}){said_}: check the key stored for "
            "this connector (ExpoPlatform's API manager issues it per event)."
        )
    if code == 404:
        raise SetupError(
            f"ExpoPlatform answered 404 for {what}{said_}: check the base_url setting "
            f"({settings.base_url}) and the event id ({settings.event})."
        )
    if code == 429:
        raise TransientError(
            "ExpoPlatform asked us to slow down (HTTP 429).",
            retry_after=retry_after(response.headers),
        )
    if code >= 500:
        raise TransientError(f"ExpoPlatform had a server error (HTTP {code}){said_}.")


def unwrap(payload: object) -> Mapping[str, object]:
    """The answer's object, also when wrapped in ``data`` or ``result``."""
    if isinstance(payload, Mapping):
        for key in ("data", "result"):
            inner = payload.get(key)
            if isinstance(inner, Mapping) and ("id" in inner or "status" in inner):
                return inner
        return payload
    return {}


def items(payload: object) -> list[Mapping[str, object]]:
    """The entries of a list answer (bare, or under a common key)."""
    if isinstance(payload, Mapping):
        for key in ("data", "items", "categories", "accounts", "results", "list"):
            if isinstance(payload.get(key), list):
                payload = payload[key]
                break
    if not isinstance(payload, list):
        return []
    return [item for item in payload if isinstance(item, Mapping)]


def said(response: HttpResponse) -> str:
    """`` saying '...'`` with the answer's message, or ""."""
    try:
        payload = read_json(response, "ExpoPlatform")
    except TransientError:
        return ""
    if isinstance(payload, Mapping):
        text = message_text(payload.get("message")) or message_text(payload.get("errors"))
        if text:
            return f" saying {excerpt(text, 160)!r}"
    return ""
