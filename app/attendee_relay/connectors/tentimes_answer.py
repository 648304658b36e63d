"""What 10times' register answer means for each attendee of the request.

API_NOTES ("10times — register", seed 000): JSON ``status`` 1 = registered, 0 = failed with a
``message`` saying why; on success ``userInfo.floorLink`` is the attendee's one-click join link
(kept in the history). Only whitelisted IPs are accepted: an "IP not allowed" style failure is a
setup problem, not a bad row. The wording of failures and the shape of ``userInfo`` for several
attendees are not published: message fragments are settings, and both an object and a list are
read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from attendee_relay.connectors.tentimes_orders import order_part
from attendee_relay.connectors.tentimes_settings import TenTimesSettings
from attendee_relay.connectors.wire import as_text, excerpt, message_text, read_json, retry_after
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.errors import SetupError, TransientError
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome


def _email(record: MappedRecord) -> str:
    return as_text(record.fields.get("email")).lower()


def read_register_answer(
    settings: TenTimesSettings,
    batch: Sequence[MappedRecord],
    response: HttpResponse,
    max_per_request: int,
) -> list[RecordOutcome]:
    """Read 10times' JSON answer into one outcome per attendee of the request.

    Raises:
        SetupError: the key, the IP whitelist or the event id is wrong.
        TransientError: an HTML error page, a 429 or a server error.
    """
    code = response.status_code
    if code in (401, 403):
        said = _said(response)
        raise SetupError(
            f"10times refused the key (HTTP {code}){said}: check the API key stored for this "
            "connector and ask 10times to whitelist this computer's public IP address."
        )
    if code == 429:
        raise TransientError(
            "10times asked us to slow down (HTTP 429); the rows will be sent again.",
            retry_after=retry_after(response.headers),
        )
    payload = read_json(response, "10times")
    if not isinstance(payload, Mapping):
        return _unexpected(batch, response)
    status, message = _status_and_message(payload)
    if status == 1:
        return _delivered(batch, payload, message, max_per_request)
    if status == 0:
        return _failed(settings, batch, response, message)
    return _unexpected(batch, response)


def _delivered(
    batch: Sequence[MappedRecord],
    payload: Mapping[str, object],
    message: str,
    max_per_request: int,
) -> list[RecordOutcome]:
    links = _floor_links(payload.get("userInfo"), [_email(r) for r in batch])
    answer = f"status=1 {message}".strip()
    part = order_part(batch, max_per_request)
    return [
        RecordOutcome(
            row_number=record.row_number,
            kind=OutcomeKind.DELIVERED,
            reason=part.remark() if part else "",
            answer=excerpt(answer),
            links={"floorLink": links[index]} if index in links else {},
        )
        for index, record in enumerate(batch)
    ]


def _failed(
    settings: TenTimesSettings,
    batch: Sequence[MappedRecord],
    response: HttpResponse,
    message: str,
) -> list[RecordOutcome]:
    lowered = message.lower()
    if any(f.lower() in lowered for f in settings.setup_error_fragments if f.strip()):
        raise SetupError(f"10times says: {message!r}. {_setup_fix(settings, lowered)}")
    answer = excerpt(f"status=0 {message}".strip())
    if any(f.lower() in lowered for f in settings.already_registered_fragments if f):
        return _already_registered(batch, lowered, answer)
    if response.status_code >= 500:
        raise TransientError(
            f"10times had a server error (HTTP {response.status_code}): {excerpt(message, 80)}",
            retry_after=retry_after(response.headers),
        )
    reason = (
        f"10times refused the registration: {excerpt(message)}"
        if message
        else ("10times refused the registration without saying why.")
    )
    return [
        RecordOutcome(record.row_number, OutcomeKind.REFUSED, reason=reason, answer=answer)
        for record in batch
    ]


def _already_registered(
    batch: Sequence[MappedRecord], lowered_message: str, answer: str
) -> list[RecordOutcome]:
    named = [bool(_email(r)) and _email(r) in lowered_message for r in batch]
    if len(batch) == 1 or not any(named):
        return [
            RecordOutcome(r.row_number, OutcomeKind.DELIVERED, "already registered", answer)
            for r in batch
        ]
    # The message names some attendees of the order: 10times may have turned the whole order
    # down, so the others are sent again (a second "already registered" is harmless).
    return [
        RecordOutcome(r.row_number, OutcomeKind.DELIVERED, "already registered", answer)
        if is_named
        else RecordOutcome(
            r.row_number,
            OutcomeKind.RETRY,
            "another attendee of this order was already registered; sending again",
            answer,
        )
        for r, is_named in zip(batch, named, strict=True)
    ]


def _setup_fix(settings: TenTimesSettings, lowered_message: str) -> str:
    if re.search(r"\bip\b|whitelist", lowered_message):
        return "Ask 10times to whitelist this computer's public IP address, then try again."
    if "channel" in lowered_message:
        return f"Check the channel setting (now {settings.channel!r}) with 10times."
    if "event" in lowered_message:
        return (
            f"Check the event id setting (now {settings.event}) against the event's id in 10times."
        )
    if "key" in lowered_message or "authori" in lowered_message:
        return "Check the API key stored for this connector (10times provides it)."
    return (
        "Check the API key, the event id, and that 10times has whitelisted this "
        "computer's public IP address."
    )


def _unexpected(batch: Sequence[MappedRecord], response: HttpResponse) -> list[RecordOutcome]:
    if response.status_code >= 500:
        raise TransientError(
            f"10times had a server error (HTTP {response.status_code}).",
            retry_after=retry_after(response.headers),
        )
    reason = (
        f"10times answered without a known status (HTTP {response.status_code}): "
        f"{excerpt(response.text, 120)}"
    )
    return [
        RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason, excerpt(response.text))
        for r in batch
    ]


def _said(response: HttpResponse) -> str:
    """``: 'message'`` from a JSON error body, or "" when there is none."""
    try:
        payload = read_json(response, "10times")
    except TransientError:
        return ""
    if isinstance(payload, Mapping):
        _, message = _status_and_message(payload)
        if message:
            return f" saying {excerpt(message, 120)!r}"
    return ""


def _status_and_message(payload: Mapping[str, object]) -> tuple[int | None, str]:
    """``status`` as 1, 0 or another int (None if missing), and the failure ``message``.

    The docs say ``status`` "contains the status code and message", so an object holding
    ``code`` and ``message`` is read as well as a plain 1 / "1".
    """
    raw = payload.get("status")
    message = message_text(payload.get("message"))
    if isinstance(raw, Mapping):
        message = message or message_text(raw.get("message"))
        raw = raw.get("code", raw.get("status"))
    message = message or message_text(payload.get("error")) or message_text(payload.get("msg"))
    return _as_int(raw), message


def _as_int(value: object) -> int | None:
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def _floor_links(user_info: object, emails: Sequence[str]) -> dict[int, str]:
    """Which attendee (by index in the request) got which one-click floor link.

    ``userInfo`` is an object for one attendee; for several it may be a list in request order or
    an object keyed by index or e-mail. Anything else yields no links rather than a crash.
    """
    links: dict[int, str] = {}

    def place(item: object, fallback: int | None) -> None:
        if not isinstance(item, Mapping):
            return
        link = item.get("floorLink")
        if not isinstance(link, str) or not link.strip():
            return
        email = item.get("email")
        index = fallback
        if isinstance(email, str) and email.strip().lower() in emails:
            index = emails.index(email.strip().lower())
        if index is not None and 0 <= index < len(emails):
            links.setdefault(index, link.strip())

    if isinstance(user_info, list):
        for position, item in enumerate(user_info):
            place(item, position)
    elif isinstance(user_info, Mapping):
        if "floorLink" in user_info:
            place(user_info, 0 if len(emails) == 1 else None)
        else:
            for key, item in user_info.items():
                key_text = str(key).strip().lower()
                if key_text.isdigit():
                    place(item, int(key_text))
                else:
                    place(item, emails.index(key_text) if key_text in emails else None)
    return links
