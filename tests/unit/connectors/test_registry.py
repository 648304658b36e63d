"""The platform registry: lookup, creation from settings, and one-sentence settings errors."""

from __future__ import annotations

import pytest

from attendee_relay.connectors.registry import (
    PLATFORMS,
    connector_class,
    create_connector,
    platform_names,
    settings_from_strings,
)
from attendee_relay.connectors.tentimes import TenTimesConnector
from attendee_relay.core.errors import InputError


def test_platform_names() -> None:
    assert platform_names()[:3] == ["10times", "10times-push", "influencersoft"]
    assert {"expoplatform", "ivvy"} <= set(platform_names())
    assert set(PLATFORMS) == set(platform_names())


def test_every_class_names_its_own_platform_key() -> None:
    assert all(cls.platform == name for name, cls in PLATFORMS.items())


def test_unknown_platform_lists_the_choices() -> None:
    with pytest.raises(InputError, match=r"Unknown platform 'x'\. Choose one of: 10times, "):
        connector_class("x")


def test_create_connector_validates_and_converts_text() -> None:
    c = create_connector(
        "10times",
        settings_from_strings(
            "10times",
            {"event": "123", "channel": "web", "notify-attendees": "no", "max_concurrency": "8"},
        ),
    )
    assert isinstance(c, TenTimesConnector)
    dumped = c.settings.model_dump()
    assert dumped["event"] == "123"
    assert dumped["notify_attendees"] is False
    assert dumped["max_concurrency"] == 8


def test_saved_settings_round_trip() -> None:
    for platform, settings in [
        ("10times", {"event": 9, "channel": "c", "setup_error_fragments": "a, b"}),
        ("10times-push", {"base_url": "http://h/x", "custom_variables": "a=1"}),
        ("influencersoft", {"username": "u", "add_tags": "x,y"}),
    ]:
        first = create_connector(platform, settings).settings.model_dump(mode="json")
        assert create_connector(platform, first).settings.model_dump(mode="json") == first


@pytest.mark.parametrize(
    ("platform", "settings", "message"),
    [
        ("10times", {"event": "abc", "channel": "x"},
         "Setting 'event' must be a whole number (the event id from 10times), got 'abc'."),
        ("10times", {"event": "1"}, "Missing setting 'channel' ("),
        ("10times", {"channel": "x"}, "Missing setting 'event' ("),
        ("10times", {"event": "1", "channel": "x", "max_concurrency": "0"},
         "Setting 'max_concurrency' must be at least 1, got '0'."),
        ("10times", {"event": "1", "channel": "x", "rate_limit_per_minute": "fast"},
         "Setting 'rate_limit_per_minute' must be a whole number, got 'fast'."),
        ("10times", {"event": "1", "channel": "x", "notify_attendees": "maybe"},
         "Setting 'notify_attendees' must be yes or no (true/false), got 'maybe'."),
        ("10times", {"event": "1", "channel": "x", "colour": "red"},
         "Unknown setting 'colour' for 10times; its settings are: base_url,"),
        ("10times", {"event": "1", "channel": "x", "base_url": "api.10times.com"},
         "Setting 'base_url' must start with http:// or https://"),
        ("10times-push", {"base_url": "http://h", "lead_type": "vip"},
         "Setting 'lead_type' must be one of 'visitor' or 'exhibitor', got 'vip'."),
        ("influencersoft", {}, "Missing setting 'username' (your InfluencerSoft login"),
    ],
)  # fmt: skip
def test_settings_errors_are_one_clear_sentence(
    platform: str, settings: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        create_connector(platform, settings)
    text = str(caught.value)
    assert text.startswith(message)
    assert text.endswith(".") and "\n" not in text


def test_a_secret_given_as_a_setting_is_refused_without_echoing_it() -> None:
    with pytest.raises(InputError) as caught:
        create_connector("10times", {"event": "1", "channel": "x", "api_key": "hunter2"})
    assert "secret" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_settings_from_strings_rejects_unknown_platform() -> None:
    with pytest.raises(InputError):
        settings_from_strings("nope", {})
