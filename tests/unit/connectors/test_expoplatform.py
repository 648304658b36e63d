"""ExpoPlatform connector: Basic key as given, form-data bodies, CREATE/UPDATE answers."""

from __future__ import annotations

import json

import pytest

from attendee_relay.connectors.expoplatform import ExpoPlatformConnector, ExpoPlatformSettings
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.errors import SetupError
from attendee_relay.core.records import MappedRecord, OutcomeKind


def connector(**settings: object) -> ExpoPlatformConnector:
    base = {"base_url": "https://x.example.com", "event": "12"}
    return ExpoPlatformConnector(ExpoPlatformSettings.model_validate({**base, **settings}))


def record(**extra: str) -> MappedRecord:
    return MappedRecord(2, {"email": "a@x.com", "first_name": "Ann", "last_name": "Lee", **extra})


def test_the_key_is_sent_as_given_in_a_basic_header() -> None:
    request = connector().build_request([record()], {"api_key": "KEY123"})
    assert request.headers["Authorization"] == "Basic KEY123"
    assert request.url == "https://x.example.com/api/v2/account/set"


def test_multipart_body_has_the_documented_fields_and_extra_columns() -> None:
    request = connector().build_request([record(company="ACME")], {"api_key": "k"})
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = request.body.decode()
    for name, value in (("event_id", "12"), ("send_email", "0"),
                        ("first_name", "Ann"), ("company", "ACME")):  # fmt: skip
        assert f'name="{name}"\r\n\r\n{value}\r\n' in body


def test_status_is_sent_only_when_the_user_chose_one() -> None:
    # API_NOTES / seed 003: set is an upsert that overwrites what it is sent.
    default = connector().build_request([record()], {"api_key": "k"}).body.decode()
    chosen = connector(status="ACTIVE").build_request([record()], {"api_key": "k"}).body.decode()
    assert 'name="status"' not in default
    assert 'name="status"\r\n\r\nACTIVE\r\n' in chosen


def test_a_404_naming_a_category_refuses_the_row_and_an_unknown_event_stops_the_run() -> None:
    category = HttpResponse(404, {}, b'{"message": "Category 77 not found."}')
    event = HttpResponse(404, {}, b'{"message": "Event 12 not found."}')
    [outcome] = connector().read_response([record(category_id="77")], category)
    assert outcome.kind is OutcomeKind.REFUSED and "category_id=77" in outcome.reason
    with pytest.raises(SetupError):
        connector().read_response([record(category_id="77")], event)


def test_urlencoded_is_a_setting() -> None:
    request = connector(form_encoding="urlencoded").build_request([record()], {"api_key": "k"})
    assert b"event_id=12&email=a%40x.com" in request.body


def test_base_url_has_no_default_host() -> None:
    with pytest.raises(ValueError, match="base_url"):
        ExpoPlatformSettings.model_validate({"event": "1"})


def test_extra_fields_are_simple_names_and_not_reserved() -> None:
    c = connector()
    assert c.accepts_extra_field("job_title") and not c.accepts_extra_field("status")
    assert not c.accepts_extra_field("Job Title")


def test_update_with_errors_is_delivered_with_the_warning() -> None:
    body = {"id": 9, "status": "UPDATE", "errors": ["phone ignored"]}
    [outcome] = connector().read_response(
        [record()], HttpResponse(200, {}, json.dumps(body).encode())
    )
    assert outcome.kind is OutcomeKind.DELIVERED and outcome.answer == "UPDATE id=9"
    assert "phone ignored" in outcome.reason


def test_400_refuses_401_stops_404_names_what_is_missing() -> None:
    c = connector()
    msg = json.dumps({"message": "Event 12 not found."}).encode()
    [refused] = c.read_response([record()], HttpResponse(400, {}, b'{"message":"bad"}'))
    assert refused.kind is OutcomeKind.REFUSED
    with pytest.raises(SetupError, match="API key"):
        c.read_response([record()], HttpResponse(401, {}, b"{}"))
    with pytest.raises(SetupError, match="Event 12 not found"):
        c.read_response([record()], HttpResponse(404, {}, msg))


def test_list_paging_and_the_timestamp_format_are_settings() -> None:
    c = connector(
        form_encoding="urlencoded",
        pull_page_param="p",
        pull_limit_param="per",
        pull_limit=50,
        timestamp_format="%Y-%m-%dT%H:%M:%S",
    )
    cursor = c.first_pull_cursor({"modified_since": "2024-03-01 10:00:00"})
    body = c.pull_request(cursor, {"api_key": "k"}, {}).body.decode()
    assert body == "event_id=12&p=1&per=50&timestamp=2024-03-01T10%3A00%3A00"
    unix = connector(form_encoding="urlencoded").first_pull_cursor(
        {"modified_since": "2024-03-01 10:00:00"}
    )
    assert unix.timestamp == "1709287200"
