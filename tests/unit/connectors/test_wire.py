"""PHP-compatible form encoding and the small wire helpers."""

from __future__ import annotations

import random
from urllib.parse import quote_plus

import pytest

from attendee_relay.connectors.wire import (
    as_list,
    as_text,
    form_encode,
    join_url,
    merge_unique,
    message_text,
    php_quote,
    read_json,
    retry_after,
)
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.errors import TransientError


def test_php_quote_matches_php_urlencode_for_reserved_characters() -> None:
    # PHP: urlencode("a b~*'()!@ü[]") === "a+b%7E%2A%27%28%29%21%40%C3%BC%5B%5D"
    assert php_quote("a b~*'()!@ü[]") == "a+b%7E%2A%27%28%29%21%40%C3%BC%5B%5D"


def test_php_quote_keeps_letters_digits_dash_underscore_dot() -> None:
    assert php_quote("Az09-_.") == "Az09-_."


def test_php_quote_agrees_with_urllib_quoting_on_every_kind_of_text() -> None:
    # PHP's urlencode is Python's quote_plus with "~" encoded too.
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x80)] + list("éüßñçøÅ€–—“”‘’…中文한국어😀\u00a0\u200b")
    samples = ["", " ", "~", "Müller-Lüdenscheidt", "a+b@c.d", "+44 20 7946 0958"]
    samples += ["".join(rng.choices(alphabet, k=rng.randint(1, 24))) for _ in range(3000)]
    for text in samples:
        assert php_quote(text) == quote_plus(text, safe="").replace("~", "%7E"), text


def test_php_quote_refuses_text_that_is_not_unicode_as_quote_plus_does() -> None:
    with pytest.raises(UnicodeEncodeError):
        php_quote("lone surrogate \ud800")


def test_form_encode_matches_http_build_query_with_brackets_and_repeated_keys() -> None:
    body = form_encode(
        [("attendee[0][name]", "Dev"), ("attendee[0][response][123][]", "a"),
         ("attendee[0][response][123][]", "b")]
    )  # fmt: skip
    assert body == (
        b"attendee%5B0%5D%5Bname%5D=Dev"
        b"&attendee%5B0%5D%5Bresponse%5D%5B123%5D%5B%5D=a"
        b"&attendee%5B0%5D%5Bresponse%5D%5B123%5D%5B%5D=b"
    )


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://api.10times.com", "https://api.10times.com/v1/register"),
        ("http://127.0.0.1:8765/10times/", "http://127.0.0.1:8765/10times/v1/register"),
    ],
)
def test_join_url_strips_one_trailing_slash(base: str, expected: str) -> None:
    assert join_url(base, "/v1/register") == expected


def test_as_text_joins_lists_and_strips() -> None:
    assert as_text([" a", "", "b "]) == "a, b"
    assert as_text(None) == ""
    assert as_text("  x ") == "x"


def test_as_list_splits_text_on_commas_and_drops_blanks() -> None:
    assert as_list("a, b,,c ") == ["a", "b", "c"]
    assert as_list([" x ", ""]) == ["x"]


def test_merge_unique_keeps_first_occurrence_order() -> None:
    assert merge_unique(["a", "b"], ["b", "c", "a"]) == ["a", "b", "c"]


def test_message_text_reads_any_shape() -> None:
    assert message_text({"email": ["is invalid"], "x": None}) == "is invalid"
    assert message_text(12) == "12"


def test_read_json_turns_an_html_page_into_a_transient_error_with_retry_after() -> None:
    response = HttpResponse(502, {"Retry-After": "7"}, b"<html><body>Bad gateway</body></html>")
    with pytest.raises(TransientError) as caught:
        read_json(response, "10times")
    assert caught.value.retry_after == 7.0
    assert "HTTP 502" in str(caught.value)


def test_retry_after_ignores_http_dates() -> None:
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) is None
