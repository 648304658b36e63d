"""The iVvy simulator checks every signature and the 5-minute window; batches finish later."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import httpx

from attendee_relay.sandbox import SandboxServer
from attendee_relay.sandbox.config import IVVY_SECRET, SANDBOX_KEY


def call(
    client: httpx.Client,
    sandbox: SandboxServer,
    path: str,
    params: object,
    secret: str = IVVY_SECRET,
    when: datetime | None = None,
) -> httpx.Response:
    """Signed as the iVvy docs say (written here independently of the connector)."""
    body = json.dumps(params).encode()
    md5 = hashlib.md5(body).hexdigest()
    date = (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S")
    uri = f"/ivvy/api/1.0/{path}"
    text = f"POST{md5}application/json{uri}1.0ivvydate={date}".lower()
    sig = hmac.new(secret.encode(), text.encode(), hashlib.sha1).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "Content-MD5": md5,
        "IVVY-Date": date,
        "X-Api-Version": "1.0",
        "X-Api-Authorization": f"IWS {SANDBOX_KEY}:{sig}",
    }
    return client.post(sandbox.base_url + uri, content=body, headers=headers)


def test_a_correct_signature_gets_the_ping_ack(client, sandbox) -> None:
    response = call(client, sandbox, "test?action=ping", {})
    assert response.status_code == 200 and "ack" in response.json()


def test_a_wrong_secret_is_401_with_the_error_object(client, sandbox) -> None:
    response = call(client, sandbox, "test?action=ping", {}, secret="wrong")
    assert response.status_code == 401
    assert set(response.json()) == {"errorCode", "message", "specificCode", "additionalMessages"}


def test_a_request_older_than_five_minutes_is_stale(client, sandbox) -> None:
    old = datetime.now(UTC) - timedelta(minutes=6)
    response = call(client, sandbox, "test?action=ping", {}, when=old)
    assert response.status_code == 401 and response.json()["specificCode"] == 23005


def test_contacts_upsert_by_external_id(client, sandbox) -> None:
    person = {"firstName": "A", "lastName": "B", "email": "a@x.com", "externalId": "E1"}
    first = call(client, sandbox, "contact?action=addOrUpdateContact", person).json()
    again = call(
        client, sandbox, "contact?action=addOrUpdateContact", {**person, "email": "new@x.com"}
    ).json()
    assert first["id"] == again["id"]
    assert len(sandbox.runtime.state.ivvy.snapshot()["contacts"]) == 1


def test_a_batch_has_no_results_until_it_has_run(client, sandbox) -> None:
    sandbox.configure(ivvy_batch_delay_ms=300)
    job = {"namespace": "contact", "action": "addOrUpdateContact",
           "params": {"firstName": "A", "lastName": "B", "email": "a@x.com"}}  # fmt: skip
    async_id = call(client, sandbox, "batch?action=run", {"jobs": [job]}).json()["asyncId"]
    early = call(client, sandbox, "batch?action=results", {"async": async_id})
    assert early.status_code == 400 and early.json()["specificCode"] == 24114
    time.sleep(0.5)
    assert call(client, sandbox, "batch?action=progress", {"async": async_id}).json() == {
        "progress": 100
    }
    results = call(client, sandbox, "batch?action=results", {"async": async_id}).json()
    assert results["results"][0]["response"]["success"] is True
