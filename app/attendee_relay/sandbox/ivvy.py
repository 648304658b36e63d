"""iVvy simulator: ``POST /ivvy/api/1.0/{namespace}?action={action}``, every call's signature
checked as developer.ivvy.com documents it (written from the docs, not from the connector).

A wrong or missing signature answers 401 with iVvy's error JSON; an ``IVVY-Date`` more than
``ivvy_stale_after_s`` away from now answers 401 / specificCode 23005. Batches run after
``ivvy_batch_delay_ms``; until then ``results`` answers specificCode 24114.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from attendee_relay.sandbox import ivvy_contacts as contacts
from attendee_relay.sandbox import ivvy_events as events
from attendee_relay.sandbox.ivvy_answers import Answer, error, page
from attendee_relay.sandbox.ivvy_store import IvvyBatch, IvvyStore
from attendee_relay.sandbox.web_common import runtime_of


def _store(request: web.Request) -> IvvyStore:
    return runtime_of(request).state.ivvy


def check_signature(request: web.Request, body: bytes) -> Answer | None:
    """None when the call is signed correctly and fresh; else the error to answer."""
    config = runtime_of(request).config
    headers = request.headers
    auth = headers.get("X-Api-Authorization", "")
    if not auth.startswith("IWS ") or ":" not in auth:
        return error(401, "Missing or malformed X-Api-Authorization header")
    key, _, given = auth[4:].partition(":")
    secret = config.ivvy_accounts.get(key)
    if secret is None:
        return error(401, "Unknown API key")
    md5 = hashlib.md5(body, usedforsecurity=False).hexdigest()
    if headers.get("Content-MD5", "") != md5:
        return error(401, "Content-MD5 does not match the body")
    if headers.get("X-Api-Version") != "1.0":
        return error(401, "X-Api-Version must be 1.0")
    date = headers.get("IVVY-Date", "")
    try:
        sent = datetime.strptime(date, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return error(401, "IVVY-Date missing or not yyyy-mm-dd HH:MM:SS")
    text = (
        f"{request.method}{md5}{headers.get('Content-Type', '')}{request.path_qs}1.0ivvydate={date}"
    ).lower()
    expected = hmac.new(secret.encode(), text.encode(), hashlib.sha1).hexdigest()
    if not hmac.compare_digest(expected, given.strip().lower()):
        return error(401, "The request signature is not valid")
    if abs((datetime.now(UTC) - sent).total_seconds()) > config.ivvy_stale_after_s:
        return error(401, "The request is stale", 23005)
    return None


def perform(request: web.Request, namespace: str, action: str, params: Any) -> Answer:
    """Carry out one call (directly or as a batch job)."""
    config = runtime_of(request).config
    store = _store(request)
    if not isinstance(params, dict):
        return error(400, "Validation failed: the body must be a JSON object", 23016)
    call = (namespace, action)
    if call == ("test", "ping"):
        return 200, {"ack": int(time.time())}
    if call == ("contact", "addOrUpdateContact"):
        return contacts.add_or_update_contact(store, params)
    if call == ("contact", "addContactsToSubscriptionGroup"):
        return contacts.add_contacts_to_group(config, store, params)
    if call == ("contact", "addOrUpdateLead"):
        return contacts.add_or_update_lead(store, params)
    if call == ("contact", "getContact"):
        return contacts.get_contact(store, params)
    if call == ("contact", "getContactList"):
        return contacts.contact_list(store, params)
    if call == ("contact", "getCustomFieldDefinition"):
        return contacts.custom_fields(config)
    if call == ("contact", "getSubscriptionGroupList"):
        return contacts.subscription_groups(config, store)
    if call == ("event", "getRegistrationList"):
        return events.registration_list(config, store, params)
    if call == ("event", "getAttendeeList"):
        return events.attendee_list(config, store, params)
    lead_lists = {
        "getLeadSourceList": "Source",
        "getLeadTypeList": "Type",
        "getLeadStageList": "Stage",
    }
    if namespace == "crm" and action in lead_lists:
        word = lead_lists[action]
        return page([{"id": i, "name": f"{word} {i}"} for i in (1, 2, 3)], params)
    return error(404, f"Unknown action {namespace}?action={action}")


def _run_batch(request: web.Request, batch_id: str) -> None:
    store = _store(request)
    with store.lock:
        batch = store.batches[batch_id]
        if batch.results is not None:
            return
    results = []
    for job in batch.jobs:
        _status, answer = perform(request, job["namespace"], job["action"], job.get("params"))
        results.append({**job, "request": job.get("params"), "response": answer})
    with store.lock:
        batch.results = results


def _batch(request: web.Request, action: str, params: dict[str, Any]) -> Answer:
    store = _store(request)
    config = runtime_of(request).config
    if action == "run":
        jobs = params.get("jobs")
        if isinstance(jobs, list) and len(jobs) > 200:
            return error(
                400, "The maximum number of jobs can be put on a single request is 200", 24448
            )
        ok = (
            isinstance(jobs, list)
            and len(jobs) > 0
            and all(
                isinstance(j, dict) and {"namespace", "action", "params"} <= set(j) for j in jobs
            )
        )
        if not ok:
            return error(400, "Incorrect Job Format", 24092)
        batch_id = hashlib.md5(f"{time.time_ns()}".encode(), usedforsecurity=False).hexdigest()
        delay = config.ivvy_batch_delay_ms / 1000.0
        with store.lock:
            store.batches[batch_id] = IvvyBatch(list(jobs or []), time.monotonic() + delay)
        asyncio.get_running_loop().call_later(delay, _run_batch, request, batch_id)
        return 200, {"asyncId": batch_id}
    batch_id = str(params.get("async", ""))
    with store.lock:
        batch = store.batches.get(batch_id)
    if batch is None:
        return error(400, "Could not find batch", 24105 if action == "progress" else 24115)
    if action == "progress":
        if batch.results is not None:
            return 200, {"progress": 100}
        left = max(0.0, batch.due - time.monotonic())
        total = max(config.ivvy_batch_delay_ms / 1000.0, 1e-6)
        return 200, {"progress": min(99, int(100 * (1 - left / total)))}
    if action == "results":
        if batch.results is None:
            return error(400, "Batch job not completed", 24114)
        return 200, {"asyncId": batch_id, "results": batch.results}
    if action == "restart":
        batch.restarts += 1
        return 200, {"restarted": True}
    if action == "repost":
        return 200, {"reposted": True}
    return error(404, f"Unknown action batch?action={action}")


async def handle(request: web.Request) -> web.Response:
    """Every iVvy call: check the signature, then carry it out."""
    body = await request.read()
    store = _store(request)
    namespace = request.match_info["namespace"]
    action = request.query.get("action", "")
    refusal = check_signature(request, body)
    with store.lock:
        store.calls.append(
            {"namespace": namespace, "action": action, "signature_ok": refusal is None}
        )
    if refusal is not None:
        status, answer = refusal
        return web.json_response(answer, status=status)
    try:
        params = json.loads(body.decode("utf-8")) if body else {}
    except (UnicodeDecodeError, ValueError):
        status, answer = error(400, "Validation failed: the body is not JSON", 23016)
        return web.json_response(answer, status=status)
    if namespace == "batch":
        status, answer = _batch(request, action, params if isinstance(params, dict) else {})
    else:
        status, answer = perform(request, namespace, action, params)
    return web.json_response(answer, status=status)
