"""Reading iVvy's error answers (``{errorCode, message, specificCode, additionalMessages}``) into
the app's error tree: the setup's fault stops the run, the row's fault refuses it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from attendee_relay.connectors.wire import excerpt, message_text, retry_after
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.errors import SetupError, TransientError

STALE_REQUEST = 23005
VALIDATION_FAILED = 23016
MISSING_PARAMETER = 23017
BATCH_NOT_FINISHED = 24114

CLOCK_FIX = (
    "iVvy refused the request as stale (specificCode 23005): this computer's clock is more than "
    "5 minutes off. Correct the date, time and time zone (turn on automatic time), then try again."
)


@dataclass(frozen=True, slots=True)
class IvvyError:
    """An error answer of iVvy; ``status`` is the HTTP status (it mirrors ``error_code``)."""

    status: int
    error_code: int | None
    specific_code: int | None
    message: str

    def sentence(self) -> str:
        """The error in one line: message and codes."""
        codes = ", ".join(
            f"{name} {value}"
            for name, value in (
                ("errorCode", self.error_code),
                ("specificCode", self.specific_code),
            )
            if value is not None
        )
        text = self.message or f"HTTP {self.status}"
        return excerpt(f"{text} ({codes})" if codes else text)


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def error_of(payload: object, status: int) -> IvvyError | None:
    """The error an answer carries, or None when it is not an error object."""
    if not isinstance(payload, Mapping) or "errorCode" not in payload:
        return None
    extra = message_text(payload.get("additionalMessages"))
    message = message_text(payload.get("message"))
    return IvvyError(
        status=status,
        error_code=_as_int(payload.get("errorCode")),
        specific_code=_as_int(payload.get("specificCode")),
        message=f"{message}: {extra}" if message and extra else message or extra,
    )


def parse_error(response: HttpResponse) -> IvvyError:
    """The error of a non-200 answer, whatever its body (JSON or not)."""
    try:
        payload = json.loads(response.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        payload = None
    found = error_of(payload, response.status_code)
    if found is not None:
        return found
    return IvvyError(response.status_code, None, None, excerpt(response.text, 120))


def raise_for_setup(error: IvvyError, api_base: str) -> None:
    """Raise when ``error`` is the setup's fault (or a passing one); return for a row's fault.

    Raises:
        SetupError: stale request (clock), bad key or signature (401), revoked key (463),
            expired session (462), forbidden (403), no API at the address (404).
        TransientError: 429 (too many requests) and server errors.
    """
    code = error.error_code or error.status
    if error.specific_code == STALE_REQUEST:
        raise SetupError(CLOCK_FIX)
    if code == 401 or error.status == 401:
        raise SetupError(
            f"iVvy refused the API key or signature ({error.sentence()}): check the api_key and "
            "api_secret stored for this connector (iVvy: Settings > API Keys) and the region."
        )
    if code == 463:
        raise SetupError(
            f"iVvy says the API key was revoked ({error.sentence()}): create a new key in iVvy "
            "and store it with `attendee-relay connector secret NAME api_key` (and api_secret)."
        )
    if code == 462:
        raise SetupError(f"iVvy says the session expired ({error.sentence()}); try again.")
    if code == 403 or error.status == 403:
        raise SetupError(
            f"iVvy refused access ({error.sentence()}): give the API key access to contacts."
        )
    if error.status == 404:
        raise SetupError(
            f"There is no iVvy API at {api_base} (HTTP 404): check the region or base_url setting."
        )
    if code == 429 or error.status == 429:
        raise TransientError("iVvy asked us to slow down (HTTP 429).")
    if error.status >= 500:
        raise TransientError(f"iVvy had a server error ({error.sentence()}).")


def raise_for_answer(response: HttpResponse, api_base: str) -> None:
    """For any non-200 answer: raise when it is not the row's own fault."""
    if response.status_code == 429:
        raise TransientError(
            "iVvy asked us to slow down (HTTP 429).", retry_after=retry_after(response.headers)
        )
    raise_for_setup(parse_error(response), api_base)
