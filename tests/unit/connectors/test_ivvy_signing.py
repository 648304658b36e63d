"""iVvy signing against the published test vector (developer.ivvy.com)."""

from __future__ import annotations

from datetime import UTC, datetime

from attendee_relay.connectors.ivvy_signing import content_md5, sign_request, signature

VECTOR_TEXT = (
    "posta09f600c77a6dbd947db24c61e8935caapplication/json/api/1.0/test?action=ping1.0"
    "ivvydate=2012-04-03 22:23:24"
)


def test_content_md5_of_the_published_body() -> None:
    assert content_md5(b'{"example":"body"}') == "a09f600c77a6dbd947db24c61e8935ca"


def test_published_string_and_secret_give_the_published_signature() -> None:
    assert signature("foo", VECTOR_TEXT) == "8c7a8f2bcd32aa06d9c4097653bee4106b64fe81"


def test_signed_request_builds_the_published_string_and_headers() -> None:
    signed = sign_request(
        "POST",
        "https://api.ap-southeast-2.ivvy.com/api/1.0/test?action=ping",
        b'{"example":"body"}',
        api_key="KEY",
        api_secret="foo",
        now=datetime(2012, 4, 3, 22, 23, 24, tzinfo=UTC),
    )
    assert signed.signed_text == VECTOR_TEXT
    assert signed.headers["X-Api-Authorization"] == (
        "IWS KEY:8c7a8f2bcd32aa06d9c4097653bee4106b64fe81"
    )
    assert signed.headers["IVVY-Date"] == "2012-04-03 22:23:24"
    assert signed.headers["X-Api-Version"] == "1.0"
    assert signed.headers["Content-Type"] == "application/json"


def test_empty_body_is_signed_with_the_md5_of_nothing() -> None:
    signed = sign_request("POST", "http://h/api/1.0/x?action=y", b"", api_key="k", api_secret="s")
    assert signed.headers["Content-MD5"] == "d41d8cd98f00b204e9800998ecf8427e"
