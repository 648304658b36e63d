"""The ExpoPlatform simulator: Basic key as issued, upserts, categories, exists, checkToken."""

from __future__ import annotations

from attendee_relay.sandbox.config import SANDBOX_KEY

GOOD = {"Authorization": f"Basic {SANDBOX_KEY}"}
VISITOR = {"event_id": "1001", "email": "a@x.com", "first_name": "A", "last_name": "B"}


def url(sandbox, endpoint: str) -> str:  # type: ignore[no-untyped-def]
    return sandbox.url("expoplatform") + f"/api/v2/account/{endpoint}"


def test_a_wrong_or_base64_key_is_401(client, sandbox) -> None:
    for header in ("Basic nope", "Basic c2FuZGJveC1rZXk6"):
        response = client.post(url(sandbox, "checkToken"), headers={"Authorization": header})
        assert response.status_code == 401
    assert client.post(url(sandbox, "checkToken"), headers=GOOD).status_code == 200


def test_set_creates_then_updates_and_exists_finds_it(client, sandbox) -> None:
    first = client.post(
        url(sandbox, "set"), headers=GOOD, files={k: (None, v) for k, v in VISITOR.items()}
    )
    again = client.post(url(sandbox, "set"), headers=GOOD, data={**VISITOR, "first_name": "Z"})
    exists = client.post(
        url(sandbox, "exists"), headers=GOOD, data={"event_id": "1001", "email": "a@x.com"}
    )
    assert first.json()["status"] == "CREATE" and again.json()["status"] == "UPDATE"
    assert first.json()["id"] == again.json()["id"]
    assert exists.json()["exists"] is True


def test_unknown_event_is_404_and_missing_fields_400(client, sandbox) -> None:
    assert (
        client.post(
            url(sandbox, "set"), headers=GOOD, data={**VISITOR, "event_id": "9"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            url(sandbox, "set"), headers=GOOD, data={"event_id": "1001", "email": "b@x.com"}
        ).status_code
        == 400
    )


def test_categories_are_created_and_listed(client, sandbox) -> None:
    made = client.post(
        url(sandbox, "setCategory"), headers=GOOD, data={"event_id": "1001", "name": "VIP"}
    )
    listed = client.post(url(sandbox, "getCategories"), headers=GOOD, data={"event_id": "1001"})
    assert listed.json() == [{"id": made.json()["id"], "name": "VIP"}]


def test_an_update_without_a_status_keeps_the_visitors_status(client, sandbox) -> None:
    client.post(url(sandbox, "set"), headers=GOOD, data={**VISITOR, "status": "ACTIVE"})
    client.post(url(sandbox, "set"), headers=GOOD, data={**VISITOR, "first_name": "Z"})
    client.post(url(sandbox, "set"), headers=GOOD, data={**VISITOR, "email": "new@x.com"})
    visitors = sandbox.runtime.state.expoplatform.snapshot()["1001"]["visitors"]
    assert [(v["email"], v["status"]) for v in visitors] == [
        ("a@x.com", "ACTIVE"),
        ("new@x.com", "UPLOADED"),  # the sandbox's stand-in for the unpublished default
    ]
