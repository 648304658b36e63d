"""The JSON push connector: one lead per request, custom variables, type and receiver answers."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from connector_builders import record, text_response

from attendee_relay.connectors.tentimes_push import TenTimesPushConnector, TenTimesPushSettings
from attendee_relay.core.errors import SetupError, TransientError
from attendee_relay.core.records import OutcomeKind

URL = "https://crm.example.com/hooks/10times/"
LEAD = [record(5, name="Dev", email="dev@x.io", company="Acme", noEmail="1")]


def connector(**overrides: object) -> TenTimesPushConnector:
    settings: dict[str, object] = {"base_url": URL}
    settings.update(overrides)
    return TenTimesPushConnector(TenTimesPushSettings.model_validate(settings))


def test_lead_is_posted_as_raw_json_to_the_receiver_url_itself() -> None:
    request = connector().build_request(LEAD, {})
    assert request.method == "POST"
    assert request.url == URL  # the endpoint itself: its trailing slash is kept
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {
        "name": "Dev", "email": "dev@x.io", "company": "Acme", "type": "visitor",
    }  # fmt: skip


def test_custom_variables_and_event_are_added_but_never_overwrite_lead_fields() -> None:
    c = connector(
        custom_variables='{"event_name": "Expo 2025", "company": "SHOULD NOT WIN"}',
        lead_type="exhibitor",
        event="4242",
    )
    body = json.loads(c.build_request(LEAD, {}).body)
    assert body["company"] == "Acme"
    assert body["event_name"] == "Expo 2025"
    assert body["type"] == "exhibitor"
    assert body["event"] == "4242"


def test_the_rows_own_type_wins_over_the_setting() -> None:
    body = json.loads(
        connector().build_request([record(2, email="a@x", type="exhibitor")], {}).body
    )
    assert body["type"] == "exhibitor"


def test_list_values_and_extra_fields_become_json() -> None:
    c = connector()
    assert c.accepts_extra_field("crm_source")
    assert not c.accepts_extra_field("has space")
    body = json.loads(c.build_request([record(2, email="a@x", interests=["AI", "IoT"])], {}).body)
    assert body["interests"] == ["AI", "IoT"]


def test_non_ascii_is_sent_as_utf8() -> None:
    request = connector().build_request([record(2, name="Zoë", email="z@x")], {})
    assert "Zoë".encode() in request.body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a=1, b = two", {"a": "1", "b": "two"}),
        ('{"id": 12, "name": "Expo"}', {"id": "12", "name": "Expo"}),
        ("", {}),
    ],
)
def test_custom_variables_accept_pairs_or_json_text(text: str, expected: dict[str, str]) -> None:
    assert connector(custom_variables=text).settings.model_dump()["custom_variables"] == expected


def test_api_key_goes_only_into_the_configured_header() -> None:
    c = connector(auth_header="X-Api-Key")
    request = c.build_request(LEAD, {"api_key": "top-secret"})
    assert request.headers["X-Api-Key"] == "top-secret"
    assert b"top-secret" not in request.body
    assert "Authorization" not in request.headers


def test_auth_prefix_is_put_before_the_key() -> None:
    request = connector(auth_prefix="Bearer").build_request(LEAD, {"api_key": "k"})
    assert request.headers["Authorization"] == "Bearer k"


def test_works_without_a_secret() -> None:
    request = connector().build_request(LEAD, {})
    assert "Authorization" not in request.headers
    assert TenTimesPushConnector.optional_secret_names == ("api_key",)


def test_2xx_delivers_with_status_and_short_body() -> None:
    (outcome,) = connector().read_response(LEAD, text_response('{"status": "ok"}', 201))
    assert outcome.kind is OutcomeKind.DELIVERED
    assert outcome.answer == 'HTTP 201 {"status": "ok"}'


@pytest.mark.parametrize("code", [401, 403])
def test_auth_refusal_is_a_setup_error(code: int) -> None:
    with pytest.raises(SetupError, match="check the API key"):
        connector().read_response(LEAD, text_response("no", code))


@pytest.mark.parametrize("code", [404, 405])
def test_unknown_receiver_url_is_a_setup_error(code: int) -> None:
    with pytest.raises(SetupError, match="was not found"):
        connector().read_response(LEAD, text_response("", code))


def test_other_4xx_refuses_the_lead_with_a_body_excerpt() -> None:
    (outcome,) = connector().read_response(LEAD, text_response('{"error": "email taken"}', 422))
    assert outcome.kind is OutcomeKind.REFUSED
    assert "HTTP 422" in outcome.reason and "email taken" in outcome.reason


@pytest.mark.parametrize("code", [500, 503, 429, 408])
def test_server_errors_are_transient(code: int) -> None:
    with pytest.raises(TransientError):
        connector().read_response(LEAD, text_response("oops", code))


def test_sent_through_httpx_the_receiver_gets_the_json() -> None:
    request = connector().build_request(LEAD, {"api_key": "k"})
    with respx.mock(assert_all_called=True) as mock:
        route = mock.post(URL).respond(200, json={"status": "ok"})
        with httpx.Client() as client:
            client.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
    sent = route.calls.last.request
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.content)["email"] == "dev@x.io"


def test_one_lead_per_request() -> None:
    assert TenTimesPushConnector.max_batch_size == 1
    assert connector().batch_key(LEAD[0]) is None
    with pytest.raises(ValueError, match="exactly one lead"):
        connector().build_request(LEAD * 2, {})


def test_no_ping_endpoint() -> None:
    assert connector().connection_test_request({}) is None
