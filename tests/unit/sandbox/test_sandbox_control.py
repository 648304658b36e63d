"""The /_sandbox control API and the config it changes, as a test in another process uses them."""

from __future__ import annotations

import httpx
import pytest

from attendee_relay.sandbox import SandboxConfig, SandboxServer
from attendee_relay.sandbox.config import InfluencerSoftAccount


def test_config_can_be_read_and_changed_over_http(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    url = sandbox.base_url + "/_sandbox/config"
    assert client.get(url).json()["tentimes_events"] == ["1001"]
    changed = client.post(url, json={"tentimes_events": [2002, "3003"], "latency_ms": 5})
    assert changed.status_code == 200
    assert changed.json()["tentimes_events"] == ["2002", "3003"]
    assert sandbox.config.latency_ms == 5
    answer = client.post(
        sandbox.url("10times") + "/v1/register",
        data={
            "key": "sandbox-key",
            "event": "2002",
            "channel": "web",
            "attendee[0][name]": "Ana",
            "attendee[0][email]": "ana@example.com",
        },
    )
    assert answer.json()["status"] == 1


def test_fault_script_set_over_http_applies_to_the_next_calls(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    client.post(sandbox.base_url + "/_sandbox/config", json={"fault_script": ["503", "none"]})
    url = sandbox.url("push/x")
    assert [client.post(url, json={}).status_code for _ in range(3)] == [503, 200, 200]


@pytest.mark.parametrize(
    "body",
    [
        {"no_such_setting": 1},
        {"fault_rate": 2},
        {"fault_kinds": ["404"]},
        {"latency_ms": "fast"},
        {"tentimes_ip_allowed": "no"},
        {"push_auth_header": "X-Key"},
        [1, 2],
    ],
)
def test_bad_config_change_answers_400_and_changes_nothing(
    sandbox: SandboxServer, client: httpx.Client, body: object
) -> None:
    before = sandbox.config
    response = client.post(sandbox.base_url + "/_sandbox/config", json=body)
    assert response.status_code == 400
    assert response.json()["message"]
    assert sandbox.config == before


def test_invalid_json_config_answers_400(sandbox: SandboxServer, client: httpx.Client) -> None:
    response = client.post(
        sandbox.base_url + "/_sandbox/config",
        content=b"{",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400


def test_received_lists_every_platform_and_reset_clears_it(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    client.post(sandbox.url("push/x"), json={"a": 1})
    client.post(
        sandbox.url("influencersoft/demo") + "/api/addupdatelead",
        data={"rpsKey": "sandbox-key", "lead_email": "a@example.com"},
    )
    received = client.get(sandbox.base_url + "/_sandbox/received").json()
    assert {"10times", "influencersoft", "push", "stats", "ivvy", "expoplatform"} <= set(received)
    assert received["push"]["leads"][0]["lead"] == {"a": 1}
    assert "a@example.com" in received["influencersoft"]["contacts"]["demo"]
    assert received["stats"]["requests"] == 2

    assert client.post(sandbox.base_url + "/_sandbox/reset").status_code == 200
    cleared = client.get(sandbox.base_url + "/_sandbox/received").json()
    assert cleared["push"]["leads"] == []
    assert cleared["influencersoft"]["contacts"] == {}
    assert cleared["stats"].get("requests", 0) == 0


def test_reset_forgets_the_rate_limit_window(client: httpx.Client) -> None:
    with SandboxServer(SandboxConfig(rate_limit_per_minute=60)) as sandbox:
        url = sandbox.url("push/x")
        assert [client.post(url, json={}).status_code for _ in range(3)] == [200, 200, 429]
        sandbox.reset()
        assert client.post(url, json={}).status_code == 200


def test_config_round_trips_through_json() -> None:
    config = SandboxConfig(
        tentimes_channels=frozenset({"web"}),
        fault_script=("drop",),
        influencersoft_accounts={"a": InfluencerSoftAccount("k", frozenset({"1.2"}))},
    )
    assert SandboxConfig().with_changes(config.to_json()) == config


def test_config_checks_values_on_construction() -> None:
    with pytest.raises(ValueError, match="latency_ms"):
        SandboxConfig(latency_ms=-1)
    with pytest.raises(ValueError, match="fault_kinds"):
        SandboxConfig(fault_rate=0.5, fault_kinds=())
    with pytest.raises(ValueError, match="retry_after_s"):
        SandboxConfig(retry_after_s=0)
    with pytest.raises(ValueError, match="influencersoft_accounts"):
        SandboxConfig().with_changes({"influencersoft_accounts": ["demo"]})
