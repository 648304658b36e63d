"""The PHP bracket-syntax parser, on its own and as the 10times simulator uses it."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx

from attendee_relay.sandbox import SandboxServer
from attendee_relay.sandbox.formdata import ordered_items, parse_bracketed, split_key


def test_split_key_breaks_brackets_into_segments() -> None:
    assert split_key("attendee[0][response][123][]") == ["attendee", "0", "response", "123", ""]
    assert split_key("key") == ["key"]


def test_malformed_brackets_keep_the_key_whole() -> None:
    assert split_key("attendee[0") == ["attendee[0"]
    assert split_key("[x]") == ["[x]"]
    assert parse_bracketed([("a[b", "1")]) == {"a[b": "1"}


def test_nested_keys_build_nested_dicts() -> None:
    parsed = parse_bracketed(
        [
            ("key", "k"),
            ("attendee[0][name]", "Dev"),
            ("attendee[0][email]", "dev@example.com"),
            ("attendee[1][name]", "Sam"),
        ]
    )
    assert parsed == {
        "key": "k",
        "attendee": {"0": {"name": "Dev", "email": "dev@example.com"}, "1": {"name": "Sam"}},
    }


def test_repeated_empty_brackets_keep_every_answer_in_order() -> None:
    parsed = parse_bracketed(
        [
            ("attendee[0][response][123][]", "Female"),
            ("attendee[0][response][456][]", "manufacturer"),
            ("attendee[0][response][123][]", "Other"),
        ]
    )
    assert parsed["attendee"]["0"]["response"] == {
        "123": ["Female", "Other"],
        "456": ["manufacturer"],
    }


def test_empty_brackets_then_keys_append_new_elements() -> None:
    assert parse_bracketed([("a[][x]", "1"), ("a[][x]", "2")]) == {"a": [{"x": "1"}, {"x": "2"}]}


def test_empty_brackets_after_numbered_keys_continue_the_numbering() -> None:
    assert parse_bracketed([("a[0]", "x"), ("a[]", "y")]) == {"a": {"0": "x", "1": "y"}}


def test_later_value_replaces_earlier_one_like_php() -> None:
    assert parse_bracketed([("event", "1"), ("event", "2")]) == {"event": "2"}


def test_ordered_items_sorts_numeric_keys_by_number() -> None:
    assert ordered_items({"10": "c", "2": "b", "0": "a"}) == ["a", "b", "c"]
    assert ordered_items(["x", "y"]) == ["x", "y"]
    assert ordered_items("not a container") == []


def test_order_with_billing_and_two_attendees_is_recorded_as_sent(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    # The seed's second scenario: one order, two attendees, sent as http_build_query would.
    body = urlencode(
        [
            ("key", "sandbox-key"),
            ("event", "1001"),
            ("channel", "web"),
            ("billing[orderNo]", "AB-1"),
            ("billing[quantity]", "2"),
            ("billing[currency]", "INR"),
            ("attendee[0][name]", "Dev"),
            ("attendee[0][email]", "dev@example.com"),
            ("attendee[0][ticketTypeId]", "123"),
            ("attendee[0][response][123][]", "Male"),
            ("attendee[1][name]", "Sam"),
            ("attendee[1][email]", "sam@example.com"),
            ("attendee[1][response][123][]", "Female"),
            ("attendee[1][response][123][]", "Other"),
        ]
    )
    response = client.post(
        sandbox.url("10times") + "/v1/register",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.json()["status"] == 1
    attendees = sandbox.received()["10times"]["attendees"]
    assert [a["attendee"]["name"] for a in attendees] == ["Dev", "Sam"]
    assert attendees[1]["attendee"]["response"] == {"123": ["Female", "Other"]}
    assert attendees[0]["billing"] == {"orderNo": "AB-1", "quantity": "2", "currency": "INR"}
    assert attendees[1]["billing"] == attendees[0]["billing"]
