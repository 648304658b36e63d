"""Reading 10times register answers into per-attendee outcomes, setup errors and retries."""

from __future__ import annotations

import pytest
from connector_builders import json_response, record, text_response

from attendee_relay.connectors.tentimes import TenTimesConnector, TenTimesSettings
from attendee_relay.core.errors import SetupError, TransientError
from attendee_relay.core.records import OutcomeKind

ONE = [record(2, name="Dev", email="dev@x.io")]
ORDER = [record(2, email="a@x.io"), record(3, email="b@x.io"), record(4, email="c@x.io")]


def connector(**overrides: object) -> TenTimesConnector:
    settings: dict[str, object] = {"event": "777", "channel": "web"}
    settings.update(overrides)
    return TenTimesConnector(TenTimesSettings.model_validate(settings))


@pytest.mark.parametrize("status", [1, "1", True])
def test_status_one_in_any_spelling_delivers(status: object) -> None:
    outcomes = connector().read_response(ONE, json_response({"status": status}))
    assert [o.kind for o in outcomes] == [OutcomeKind.DELIVERED]
    assert outcomes[0].row_number == 2


def test_single_attendee_keeps_the_floor_link_from_a_user_info_object() -> None:
    answer = {"status": 1, "message": "User Successfully Registered",
              "userInfo": {"floorLink": "https://floor.10times.com/abc"}}  # fmt: skip
    (outcome,) = connector().read_response(ONE, json_response(answer))
    assert outcome.links == {"floorLink": "https://floor.10times.com/abc"}
    assert outcome.answer.startswith("status=1")


def test_order_gets_floor_links_from_a_user_info_list_in_order() -> None:
    info = [{"floorLink": "L0"}, {"floorLink": "L1"}, {"floorLink": "L2"}]
    outcomes = connector().read_response(ORDER, json_response({"status": "1", "userInfo": info}))
    assert [o.kind for o in outcomes] == [OutcomeKind.DELIVERED] * 3
    assert [o.links for o in outcomes] == [{"floorLink": f"L{i}"} for i in range(3)]


def test_user_info_list_items_with_email_are_matched_by_email() -> None:
    info = [{"email": "C@x.io", "floorLink": "LC"}, {"email": "a@x.io", "floorLink": "LA"}]
    outcomes = connector().read_response(ORDER, json_response({"status": 1, "userInfo": info}))
    assert [o.links for o in outcomes] == [{"floorLink": "LA"}, {}, {"floorLink": "LC"}]


def test_user_info_object_keyed_by_index_or_email() -> None:
    info = {"1": {"floorLink": "L1"}, "c@x.io": {"floorLink": "LC"}}
    outcomes = connector().read_response(ORDER, json_response({"status": 1, "userInfo": info}))
    assert [o.links for o in outcomes] == [{}, {"floorLink": "L1"}, {"floorLink": "LC"}]


@pytest.mark.parametrize(
    "user_info", [None, "text", 5, [1, "x", None], {"floorLink": 3}, [{"floorLink": ""}], {"a": 1}]
)
def test_odd_user_info_shapes_never_crash(user_info: object) -> None:
    outcomes = connector().read_response(ORDER, json_response({"status": 1, "userInfo": user_info}))
    assert all(o.kind is OutcomeKind.DELIVERED and o.links == {} for o in outcomes)


def test_a_single_user_info_object_for_several_attendees_is_not_guessed() -> None:
    answer = {"status": 1, "userInfo": {"floorLink": "L"}}
    assert all(o.links == {} for o in connector().read_response(ORDER, json_response(answer)))


@pytest.mark.parametrize("status", [0, "0", False])
def test_status_zero_refuses_every_record_with_the_message(status: object) -> None:
    answer = {"status": status, "message": "Email is invalid"}
    outcomes = connector().read_response(ORDER, json_response(answer))
    assert [o.kind for o in outcomes] == [OutcomeKind.REFUSED] * 3
    assert all("Email is invalid" in o.reason for o in outcomes)
    assert outcomes[0].answer == "status=0 Email is invalid"


def test_status_object_with_code_and_message_is_read() -> None:
    answer = {"status": {"code": 0, "message": "Name is required"}}
    (outcome,) = connector().read_response(ONE, json_response(answer))
    assert outcome.kind is OutcomeKind.REFUSED and "Name is required" in outcome.reason


@pytest.mark.parametrize(
    ("message", "fix"),
    [
        ("IP not allowed", "whitelist this computer's public IP"),
        ("Your IP address not allowed", "whitelist"),
        ("Request not whitelisted", "whitelist"),
        ("Invalid key", "Check the API key"),
        ("Unauthorised", "Check the API key"),
        ("Invalid event", "Check the event id setting (now 777)"),
        ("Invalid channel", "Check the channel setting"),
    ],
)
def test_setup_messages_stop_the_run_saying_what_to_fix(message: str, fix: str) -> None:
    with pytest.raises(SetupError) as caught:
        connector().read_response(ONE, json_response({"status": 0, "message": message}))
    text = str(caught.value)
    assert text.startswith(f"10times says: '{message}'.")
    assert fix in text


def test_setup_fragments_are_a_setting() -> None:
    c = connector(setup_error_fragments="quota blocked")
    with pytest.raises(SetupError):
        c.read_response(ONE, json_response({"status": 0, "message": "Quota blocked for key"}))
    (outcome,) = c.read_response(ONE, json_response({"status": 0, "message": "IP not allowed"}))
    assert outcome.kind is OutcomeKind.REFUSED


@pytest.mark.parametrize("message", ["User already registered", "Attendee ALREADY EXISTS"])
def test_already_registered_counts_as_delivered(message: str) -> None:
    (outcome,) = connector().read_response(ONE, json_response({"status": 0, "message": message}))
    assert outcome.kind is OutcomeKind.DELIVERED
    assert outcome.reason == "already registered"


def test_already_registered_naming_one_attendee_of_an_order_retries_the_others() -> None:
    answer = {"status": 0, "message": "b@x.io is already registered"}
    outcomes = connector().read_response(ORDER, json_response(answer))
    assert [o.kind for o in outcomes] == [
        OutcomeKind.RETRY,
        OutcomeKind.DELIVERED,
        OutcomeKind.RETRY,
    ]


def test_already_registered_naming_nobody_delivers_the_whole_order() -> None:
    answer = {"status": 0, "message": "Already registered"}
    outcomes = connector().read_response(ORDER, json_response(answer))
    assert [o.kind for o in outcomes] == [OutcomeKind.DELIVERED] * 3


@pytest.mark.parametrize("code", [401, 403])
def test_http_401_and_403_are_setup_errors(code: int) -> None:
    with pytest.raises(SetupError, match=rf"10times refused the key \(HTTP {code}\)"):
        connector().read_response(ONE, text_response("<html>Forbidden</html>", code))


def test_html_error_page_is_transient() -> None:
    with pytest.raises(TransientError):
        connector().read_response(ONE, text_response("<html><h1>502 Bad Gateway</h1></html>", 502))


def test_html_page_with_200_is_transient_too() -> None:
    with pytest.raises(TransientError):
        connector().read_response(ONE, text_response("<!doctype html><p>maintenance</p>"))


def test_429_is_transient_with_retry_after() -> None:
    with pytest.raises(TransientError) as caught:
        connector().read_response(ONE, json_response({"status": 0}, 429, **{"Retry-After": "30"}))
    assert caught.value.retry_after == 30.0


def test_non_2xx_json_is_read() -> None:
    answer = {"status": 0, "message": "IP not allowed"}
    with pytest.raises(SetupError):
        connector().read_response(ONE, json_response(answer, 400))
    (outcome,) = connector().read_response(ONE, json_response({"status": 0, "message": "Bad"}, 422))
    assert outcome.kind is OutcomeKind.REFUSED


def test_server_error_with_plain_failure_json_is_transient() -> None:
    with pytest.raises(TransientError):
        connector().read_response(ONE, json_response({"status": 0, "message": "DB down"}, 503))


def test_answer_without_status_is_refused_with_the_body() -> None:
    (outcome,) = connector().read_response(ONE, json_response({"ok": True}))
    assert outcome.kind is OutcomeKind.REFUSED
    assert "without a known status" in outcome.reason


def test_json_that_is_not_an_object_is_refused_not_crashed() -> None:
    (outcome,) = connector().read_response(ONE, json_response([1, 2]))
    assert outcome.kind is OutcomeKind.REFUSED
