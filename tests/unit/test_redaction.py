"""Redactor and mask_value: a secret never shows, whatever form it travels in."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus

import pytest

from attendee_relay.core.connector_api import HttpRequest, HttpResponse
from attendee_relay.core.redaction import (
    MASK,
    Redactor,
    forget_registered_secrets,
    is_secret_header,
    is_secret_name,
    mask_value,
    register_secret,
    registered_redactor,
    registered_secrets,
)

# Characters that every encoding treats differently: '/', '+', '=', '&', '"', space, non-ASCII.
SECRET = 'Ab/c+d=e&f"g h\\é9'

FORMS = {
    "raw": SECRET,
    "percent": quote(SECRET, safe=""),
    "percent-keeps-slash": quote(SECRET),
    "percent-lowercase": quote(SECRET, safe="").replace("%2F", "%2f").replace("%2B", "%2b"),
    "plus": quote_plus(SECRET),
    "json": json.dumps(SECRET)[1:-1],
    "json-ascii-off": json.dumps(SECRET, ensure_ascii=False)[1:-1],
    "base64": base64.b64encode(SECRET.encode()).decode(),
    "base64-urlsafe": base64.urlsafe_b64encode(SECRET.encode()).decode(),
}


@pytest.mark.parametrize("form", FORMS.values(), ids=list(FORMS))
def test_text_masks_every_form_of_the_secret(form: str) -> None:
    masked = Redactor([SECRET]).text(f"before {form} after")
    assert form not in masked
    assert masked == f"before {MASK} after"


@pytest.mark.parametrize("prefix", ["", "u:", "us:", "user:"])
def test_text_masks_secret_inside_a_longer_base64_string(prefix: str) -> None:
    secret = "0123456789abcdefXYZ"
    encoded = base64.b64encode(f"{prefix}{secret}".encode()).decode()
    masked = Redactor([secret]).text(f"Basic {encoded}")
    assert MASK in masked
    # What is left is at most a few edge characters, never enough to decode the secret.
    assert len(masked.replace(MASK, "")) <= len("Basic ") + 4 + 4


def test_values_shorter_than_four_characters_are_ignored() -> None:
    redactor = Redactor(["abc", ""])
    assert redactor.values == frozenset()
    assert redactor.text("abc abcd") == "abc abcd"


def test_longer_secret_is_masked_whole_when_it_contains_a_shorter_one() -> None:
    assert Redactor(["abcd", "abcdefgh"]).text("x abcdefgh y") == f"x {MASK} y"


def test_text_without_secrets_is_unchanged() -> None:
    assert Redactor([]).text("nothing to hide") == "nothing to hide"
    assert Redactor(["s3cret!"]).text("nothing to hide") == "nothing to hide"


def form_request() -> HttpRequest:
    return HttpRequest(
        method="post",
        url=f"https://api.example/v1/attendees?key={quote(SECRET, safe='')}&event=42",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "Basic " + base64.b64encode(f"user:{SECRET}".encode()).decode(),
            "X-Api-Authorization": "IWS public-key:8c7a8f2bcd32aa06d9c4097653bee4106b64fe81",
            "X-Api-Key": "another-key-value",
            "Cookie": "session=abcdef",
            "X-Refresh-Token": "rt-999999",
            "X-Echo": SECRET,
            "Accept": "application/json",
        },
        body=(
            f"key={quote_plus(SECRET)}&event=42&attendee%5B0%5D%5Bname%5D=Zo%C3%AB+Smith"
            f"&attendee%5B0%5D%5Bemail%5D=zoe%40example.com&note={quote_plus(SECRET)}"
        ).encode(),
    )


def test_request_rendering_masks_url_headers_and_body() -> None:
    shown = Redactor([SECRET]).request(form_request())
    for form in FORMS.values():
        assert form not in shown
    lines = shown.splitlines()
    assert lines[0] == f"POST https://api.example/v1/attendees?key={MASK}&event=42"
    assert f"Authorization: Basic {MASK}" in lines
    assert f"X-Api-Authorization: IWS {MASK}" in lines
    assert f"X-Api-Key: {MASK}" in lines
    assert f"Cookie: {MASK}" in lines
    assert f"X-Refresh-Token: {MASK}" in lines
    assert f"X-Echo: {MASK}" in lines
    assert "Accept: application/json" in lines
    assert "8c7a8f2bcd32aa06d9c4097653bee4106b64fe81" not in shown
    assert "another-key-value" not in shown


def test_form_body_is_shown_as_decoded_name_value_lines_after_a_blank_line() -> None:
    lines = Redactor([SECRET]).request(form_request()).splitlines()
    body = lines[lines.index("") + 1 :]
    assert body == [
        f"key = {MASK}",
        "event = 42",
        "attendee[0][name] = Zoë Smith",
        "attendee[0][email] = zoe@example.com",
        f"note = {MASK}",
    ]


def test_request_body_keeps_exact_bytes_except_secrets() -> None:
    raw = Redactor([SECRET]).request_body(form_request())
    assert raw == (
        f"key={MASK}&event=42&attendee%5B0%5D%5Bname%5D=Zo%C3%AB+Smith"
        f"&attendee%5B0%5D%5Bemail%5D=zoe%40example.com&note={MASK}"
    )


def test_secret_named_fields_are_masked_even_when_the_value_is_unknown() -> None:
    req = HttpRequest(
        "POST",
        "https://x.example/send?rpsKey=unknown-1&token=unknown-2&page=2",
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"rpsKey=unknown-3&client_secret=unknown-4&email=a%40b.c",
    )
    redactor = Redactor([])
    shown = redactor.request(req)
    assert "unknown-" not in shown
    assert f"?rpsKey={MASK}&token={MASK}&page=2" in shown
    assert "email = a@b.c" in shown
    assert redactor.request_body(req) == f"rpsKey={MASK}&client_secret={MASK}&email=a%40b.c"


def test_json_request_is_pretty_printed_and_its_secrets_masked() -> None:
    body = json.dumps({"api_key": "not-registered", "note": SECRET, "name": "Zoë"}).encode()
    req = HttpRequest("POST", "https://x.example/push", {"Content-Type": "application/json"}, body)
    redactor = Redactor([SECRET])
    shown = redactor.request(req)
    assert "not-registered" not in shown and SECRET not in shown
    assert '  "name": "Zoë"' in shown
    raw = redactor.request_body(req)
    assert raw == (f'{{"api_key": "{MASK}", "note": "{MASK}", "name": "Zo\\u00eb"}}')


def test_request_without_body_has_no_blank_line() -> None:
    shown = Redactor([]).request(HttpRequest("GET", "https://x.example/ping", {"Accept": "*/*"}))
    assert shown == "GET https://x.example/ping\nAccept: */*"


def test_response_shows_status_headers_and_pretty_json_masked() -> None:
    resp = HttpResponse(
        status_code=401,
        headers={"Content-Type": "application/json", "Set-Cookie": "sid=abcdef123"},
        body=json.dumps({"error": f"bad key {SECRET}", "access_token": "tok-unknown"}).encode(),
    )
    shown = Redactor([SECRET]).response(resp)
    assert shown.splitlines()[:3] == [
        "HTTP 401 Unauthorized",
        "Content-Type: application/json",
        f"Set-Cookie: {MASK}",
    ]
    assert SECRET not in shown and "tok-unknown" not in shown and "abcdef123" not in shown
    assert f'  "error": "bad key {MASK}",' in shown
    assert f'  "access_token": "{MASK}"' in shown


def test_response_with_non_json_body_is_shown_as_text() -> None:
    resp = HttpResponse(599, {}, f"<html>oops {SECRET}</html>".encode())
    assert Redactor([SECRET]).response(resp) == f"HTTP 599\n\n<html>oops {MASK}</html>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Basic dXNlcjpwYXNz", f"Basic {MASK}"),
        ("Bearer eyJhbGciOi", f"Bearer {MASK}"),
        ("IWS key:sig", f"IWS {MASK}"),
        ("plain-secret", MASK),
        ("correct horse battery", MASK),  # a secret with spaces shows no word of it
        ("", ""),
    ],
)
def test_mask_value_keeps_only_a_known_scheme_word(value: str, expected: str) -> None:
    assert mask_value(value) == expected


@pytest.mark.parametrize(
    "name", ["key", "rpsKey", "api_key", "client_secret", "password", "attendee[0][token]"]
)
def test_secret_field_names_are_recognised(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["event", "email", "add_tags", "attendee[0][name]", "channel"])
def test_ordinary_field_names_are_not_secret(name: str) -> None:
    assert not is_secret_name(name)


def test_secret_header_names_include_anything_with_key_token_or_secret() -> None:
    for name in ("Authorization", "X-Api-Authorization", "X-Api-Key", "Cookie", "X-Session-Token"):
        assert is_secret_header(name)
    for name in ("Content-Type", "Accept", "User-Agent"):
        assert not is_secret_header(name)


def test_registry_collects_values_for_a_shared_redactor() -> None:
    forget_registered_secrets()
    try:
        register_secret("abc")  # too short to matter
        register_secret("registered-1")
        assert registered_secrets() == frozenset({"registered-1"})
        assert registered_redactor().text("x registered-1") == f"x {MASK}"
        assert registered_redactor(["extra-value"]).text("extra-value") == MASK
    finally:
        forget_registered_secrets()
    assert registered_redactor().text("registered-1") == "registered-1"
