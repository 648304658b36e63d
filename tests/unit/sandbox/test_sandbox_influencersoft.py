"""The InfluencerSoft addupdatelead simulator: error codes, signed answers and upserts."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from attendee_relay.sandbox import InfluencerSoftAccount, SandboxConfig, SandboxServer


def _call(
    sandbox: SandboxServer, client: httpx.Client, account: str = "demo", **fields: str
) -> dict[str, Any]:
    form = {"rpsKey": "sandbox-key", "lead_email": "ana@example.com", **fields}
    response = client.post(
        sandbox.url(f"influencersoft/{account}") + "/api/addupdatelead", data=form
    )
    assert response.status_code == 200  # API errors are never HTTP errors here
    result: dict[str, Any] = response.json()
    return result


def _signed(code: int, text: str, secret: str) -> str:
    return hashlib.md5(f"{code}::{text}::{secret}".encode()).hexdigest()


def test_new_lead_answers_ok_with_the_documented_envelope(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    answer = _call(sandbox, client, lead_first_name="Ana")
    assert answer == {
        "error_code": 0,
        "error_text": "OK",
        "result": [],
        "hash": _signed(0, "OK", "sandbox-key"),
    }
    assert sandbox.contacts("demo")["ana@example.com"]["fields"]["lead_first_name"] == "Ana"


def test_same_email_updates_the_contact_instead_of_adding_one(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    _call(sandbox, client, lead_first_name="Ana", lead_phone="+351 1")
    _call(sandbox, client, lead_email="ANA@example.com", lead_first_name="Anna")
    contacts = sandbox.contacts("demo")
    assert list(contacts) == ["ana@example.com"]
    contact = contacts["ana@example.com"]
    assert contact["fields"]["lead_first_name"] == "Anna"
    assert contact["fields"]["lead_phone"] == "+351 1"  # not sent again: kept
    assert contact["writes"] == 2
    created = [r["created"] for r in sandbox.received()["influencersoft"]["requests"]]
    assert created == [True, False]


def test_lists_and_tags_are_added_and_removed(sandbox: SandboxServer, client: httpx.Client) -> None:
    _call(sandbox, client, add_to_lists="1.1, 2.2,\n3.3", add_tags="vip,2024")
    _call(sandbox, client, remove_from_lists="2.2", remove_tags="2024", add_tags="speaker")
    contact = sandbox.contacts("demo")["ana@example.com"]
    assert contact["lists"] == ["1.1", "3.3"]
    assert contact["tags"] == ["speaker", "vip"]


def test_rps_key_spelling_is_accepted_too(sandbox: SandboxServer, client: httpx.Client) -> None:
    response = client.post(
        sandbox.url("influencersoft/demo") + "/api/addupdatelead",
        data={"rps_key": "sandbox-key", "lead_email": "bo@example.com"},
    )
    assert response.json()["error_code"] == 0


def test_multipart_form_like_php_curl_array_is_accepted(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    # The article's PHP example passes an array to CURLOPT_POSTFIELDS, which sends multipart.
    response = client.post(
        sandbox.url("influencersoft/demo") + "/api/addupdatelead",
        files={"rpsKey": (None, "sandbox-key"), "lead_email": (None, "cy@example.com")},
    )
    assert response.json()["error_code"] == 0
    assert "cy@example.com" in sandbox.contacts("demo")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"rpsKey": "wrong"}, 4),
        ({"lead_email": ""}, 100),
        ({"lead_email": "ana-at-example.com"}, 3),
    ],
)
def test_bad_call_answers_its_error_code_and_stores_nothing(
    sandbox: SandboxServer, client: httpx.Client, fields: dict[str, str], code: int
) -> None:
    answer = _call(sandbox, client, **fields)
    assert answer["error_code"] == code
    assert answer["hash"] == _signed(code, answer["error_text"], "sandbox-key")
    assert sandbox.contacts("demo") == {}


def test_missing_key_answers_bad_key(sandbox: SandboxServer, client: httpx.Client) -> None:
    response = client.post(
        sandbox.url("influencersoft/demo") + "/api/addupdatelead",
        data={"lead_email": "ana@example.com"},
    )
    assert response.json()["error_code"] == 4


def test_unknown_account_answers_5(sandbox: SandboxServer, client: httpx.Client) -> None:
    answer = _call(sandbox, client, account="nobody")
    assert answer["error_code"] == 5
    assert answer["hash"] == _signed(5, answer["error_text"], "")


def test_ip_not_permitted_answers_6(client: httpx.Client) -> None:
    with SandboxServer(SandboxConfig(influencersoft_ip_allowed=False)) as sandbox:
        assert _call(sandbox, client)["error_code"] == 6


def test_unknown_group_answers_103_when_groups_are_configured(client: httpx.Client) -> None:
    accounts = {"demo": InfluencerSoftAccount("sandbox-key", frozenset({"1.1"}))}
    with SandboxServer(SandboxConfig(influencersoft_accounts=accounts)) as sandbox:
        assert _call(sandbox, client, add_to_lists="1.1")["error_code"] == 0
        answer = _call(sandbox, client, add_to_lists="1.1,9.9")
        assert answer["error_code"] == 103
        assert "9.9" in answer["error_text"]
        assert _call(sandbox, client, remove_from_lists="9.9")["error_code"] == 103
        assert sandbox.contacts("demo")["ana@example.com"]["writes"] == 1


def test_email_may_be_optional_as_the_article_says(client: httpx.Client) -> None:
    with SandboxServer(SandboxConfig(influencersoft_require_email=False)) as sandbox:
        assert _call(sandbox, client, lead_email="", lead_first_name="X")["error_code"] == 0
        assert _call(sandbox, client, lead_email="", lead_first_name="Y")["error_code"] == 0
        assert len(sandbox.contacts("demo")) == 2


def test_accounts_are_kept_apart(client: httpx.Client) -> None:
    accounts = {"demo": InfluencerSoftAccount(), "other": InfluencerSoftAccount("k2")}
    with SandboxServer(SandboxConfig(influencersoft_accounts=accounts)) as sandbox:
        assert _call(sandbox, client, account="other")["error_code"] == 4
        assert _call(sandbox, client, account="other", rpsKey="k2")["error_code"] == 0
        assert sandbox.contacts("demo") == {}
        assert list(sandbox.contacts("other")) == ["ana@example.com"]


def test_a_known_lead_already_in_the_lists_is_answered_102_and_still_updated(
    client, sandbox
) -> None:
    url = sandbox.url("influencersoft/demo") + "/api/addupdatelead"
    lead = {"rpsKey": "sandbox-key", "lead_email": "a@x.com", "add_to_lists": "1.2"}
    first = client.post(url, data=lead).json()
    again = client.post(url, data={**lead, "lead_first_name": "Ann"}).json()
    other_list = client.post(url, data={**lead, "add_to_lists": "3.4"}).json()
    assert (first["error_code"], again["error_code"], other_list["error_code"]) == (0, 102, 0)
    assert sandbox.contacts("demo")["a@x.com"]["fields"]["lead_first_name"] == "Ann"
