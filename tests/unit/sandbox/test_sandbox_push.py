"""The JSON push receiver: what it accepts, what it refuses, and what it records."""

from __future__ import annotations

import httpx

from attendee_relay.sandbox import SandboxConfig, SandboxServer


def test_json_object_is_accepted_and_recorded_with_its_path(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    response = client.post(sandbox.url("push/crm/leads"), json={"email": "ana@example.com"})
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    [pushed] = sandbox.pushed()
    assert pushed["path"] == "crm/leads"
    assert pushed["lead"] == {"email": "ana@example.com"}
    assert pushed["headers"]["content-type"] == "application/json"


def test_other_content_type_answers_415(sandbox: SandboxServer, client: httpx.Client) -> None:
    response = client.post(sandbox.url("push/x"), data={"email": "ana@example.com"})
    assert response.status_code == 415
    assert sandbox.pushed() == []


def test_invalid_json_answers_400(sandbox: SandboxServer, client: httpx.Client) -> None:
    response = client.post(
        sandbox.url("push/x"), content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert sandbox.pushed() == []


def test_json_that_is_not_an_object_answers_400(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    assert client.post(sandbox.url("push/x"), json=[{"a": 1}]).status_code == 400


def test_required_header_missing_or_wrong_answers_401(client: httpx.Client) -> None:
    config = SandboxConfig(push_auth_header="X-Api-Key", push_auth_value="s3")
    with SandboxServer(config) as sandbox:
        url = sandbox.url("push/x")
        assert client.post(url, json={"a": 1}).status_code == 401
        assert client.post(url, json={"a": 1}, headers={"X-Api-Key": "no"}).status_code == 401
        assert client.post(url, json={"a": 1}, headers={"X-Api-Key": "s3"}).status_code == 200
        assert len(sandbox.pushed()) == 1
