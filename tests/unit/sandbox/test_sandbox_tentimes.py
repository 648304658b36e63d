"""The 10times register simulator: success, each documented failure, and what it records."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from attendee_relay.sandbox import SandboxConfig, SandboxServer


def _register(
    sandbox: SandboxServer, client: httpx.Client, **overrides: str | None
) -> dict[str, Any]:
    form: dict[str, str | None] = {
        "key": "sandbox-key",
        "event": "1001",
        "channel": "web",
        "attendee[0][name]": "Ana Lima",
        "attendee[0][email]": "ana@example.com",
    }
    form.update(overrides)
    data = {k: v for k, v in form.items() if v is not None}
    response = client.post(sandbox.url("10times") + "/v1/register", data=data)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    result: dict[str, Any] = response.json()
    return result


def test_valid_registration_answers_status_1_with_a_floor_link(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    answer = _register(sandbox, client)
    assert answer["status"] == 1
    assert answer["message"] == "User Successfully Registered"
    assert answer["userInfo"]["floorLink"].startswith("https://")
    assert sandbox.registrations(1001) == {"ana@example.com": 1}


def test_registration_keeps_optional_attendee_fields(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    _register(
        sandbox,
        client,
        **{"attendee[0][company]": "ACME", "attendee[0][noEmail]": "1"},
    )
    attendee = sandbox.received()["10times"]["attendees"][0]
    assert attendee["attendee"]["company"] == "ACME"
    assert attendee["attendee"]["noEmail"] == "1"
    assert attendee["event"] == "1001"
    assert attendee["channel"] == "web"


def test_several_attendees_get_a_list_of_floor_links_in_order(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    answer = _register(
        sandbox,
        client,
        **{"attendee[1][name]": "Bo", "attendee[1][email]": "bo@example.com"},
    )
    assert answer["status"] == 1
    assert isinstance(answer["userInfo"], list)
    assert len(answer["userInfo"]) == 2
    attendees = sandbox.received()["10times"]["attendees"]
    assert [a["floorLink"] for a in attendees] == [u["floorLink"] for u in answer["userInfo"]]
    assert sandbox.registrations("1001") == {"ana@example.com": 1, "bo@example.com": 1}


def test_the_same_email_twice_is_counted_twice(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    first = _register(sandbox, client)
    second = _register(sandbox, client, **{"attendee[0][email]": "ANA@example.com"})
    assert first["status"] == second["status"] == 1
    assert sandbox.registrations(1001) == {"ana@example.com": 2}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"key": "wrong"}, "Invalid key"),
        ({"key": None}, "Invalid key"),
        ({"event": "9999"}, "Invalid event"),
        ({"event": "abc"}, "Invalid event"),
        ({"event": None}, "Event is required"),
        ({"channel": None}, "Channel is required"),
        ({"attendee[0][name]": None}, "Name is required"),
        ({"attendee[0][name]": "  "}, "Name is required"),
        ({"attendee[0][email]": None}, "Email is required"),
        ({"attendee[0][email]": "ana@example"}, "Email is invalid"),
        ({"attendee[0][email]": "not an email"}, "Email is invalid"),
        ({"attendee[0][name]": None, "attendee[0][email]": None}, "Attendee details are required"),
    ],
)
def test_invalid_request_answers_status_0_with_the_reason(
    sandbox: SandboxServer,
    client: httpx.Client,
    overrides: dict[str, str | None],
    message: str,
) -> None:
    answer = _register(sandbox, client, **overrides)
    assert answer == {"status": 0, "message": message}
    assert sandbox.registrations(1001) == {}


def test_one_invalid_attendee_refuses_the_whole_order(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    answer = _register(sandbox, client, **{"attendee[1][name]": "Bo", "attendee[1][email]": "bo@"})
    assert answer == {"status": 0, "message": "Email is invalid"}
    assert sandbox.received()["10times"]["attendees"] == []


def test_non_whitelisted_ip_answers_ip_not_allowed(client: httpx.Client) -> None:
    with SandboxServer(SandboxConfig(tentimes_ip_allowed=False)) as sandbox:
        answer = _register(sandbox, client)
    assert answer == {"status": 0, "message": "IP not allowed"}


def test_configured_channels_refuse_others(client: httpx.Client) -> None:
    with SandboxServer(SandboxConfig(tentimes_channels=frozenset({"partner"}))) as sandbox:
        assert _register(sandbox, client, channel="web")["message"] == "Invalid channel"
        assert _register(sandbox, client, channel="partner")["status"] == 1


def test_json_body_is_not_read_as_a_form(sandbox: SandboxServer, client: httpx.Client) -> None:
    response = client.post(
        sandbox.url("10times") + "/v1/register", json={"key": "sandbox-key", "event": 1001}
    )
    assert response.json() == {"status": 0, "message": "Invalid key"}


def test_get_is_not_allowed(sandbox: SandboxServer, client: httpx.Client) -> None:
    assert client.get(sandbox.url("10times") + "/v1/register").status_code == 405
