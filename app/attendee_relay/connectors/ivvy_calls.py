"""One iVvy call as data, and how it goes on the wire: signed on its own or as a Batch API job.

Every call is ``POST {api}/api/1.0/{namespace}?action={action}`` with a JSON body, signed with
HMAC-SHA1 when it is built (``getting-started/creating-the-request/signing-the-request.md``), so a
retry carries a fresh ``IVVY-Date``. A job carries at most 200 calls (``getting-started/batch/
run.md``, specific code 24448).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from attendee_relay.connectors.ivvy_signing import sign_request
from attendee_relay.connectors.wire import join_url
from attendee_relay.core.connector_api import HttpRequest
from attendee_relay.core.errors import SetupError

API_PREFIX = "/api/1.0"


@dataclass(frozen=True, slots=True)
class IvvyCall:
    """One API call: where it goes, its parameters, and the rows (row numbers) it is for."""

    namespace: str
    action: str
    params: Mapping[str, object]
    rows: tuple[int, ...] = field(default=())

    def job(self) -> dict[str, object]:
        """The call as one job of ``batch?action=run``."""
        return {"namespace": self.namespace, "action": self.action, "params": dict(self.params)}


def signed_call(
    api_base: str,
    namespace: str,
    action: str,
    params: Mapping[str, object],
    secrets: Mapping[str, str],
) -> HttpRequest:
    """A signed ``POST {api}/api/1.0/{namespace}?action={action}`` with a JSON body, signed now.

    Raises:
        SetupError: the API key or secret is missing.
    """
    key = secrets.get("api_key", "").strip()
    secret = secrets.get("api_secret", "").strip()
    if not key or not secret:
        raise SetupError(
            "iVvy needs both an api_key and an api_secret stored for this connector "
            "(iVvy: Settings > API Keys); store them with `attendee-relay connector secret`."
        )
    url = join_url(api_base, f"{API_PREFIX}/{namespace}?action={action}")
    body = json.dumps(params, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    signed = sign_request("POST", url, body, api_key=key, api_secret=secret)
    return HttpRequest("POST", url, signed.headers, body)


def job_request(
    api_base: str, calls: Sequence[IvvyCall], callback_url: str, secrets: Mapping[str, str]
) -> HttpRequest:
    """``batch?action=run`` carrying ``calls`` in order."""
    payload = {"jobs": [call.job() for call in calls], "callbackUrl": callback_url}
    return signed_call(api_base, "batch", "run", payload, secrets)


def as_id(value: str) -> int | str:
    """An id as iVvy expects it: a number when it is digits."""
    value = value.strip()
    return int(value) if value.isdigit() else value
