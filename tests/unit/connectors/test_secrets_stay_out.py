"""A secret appears only in the request that needs it: never in settings, outcomes or errors."""

from __future__ import annotations

import pytest
from connector_builders import json_response, record, text_response

from attendee_relay.connectors.registry import create_connector
from attendee_relay.core.errors import RelayError
from attendee_relay.core.records import MappedRecord

KEY = "KEY-7f3a9c-very-secret"
CASES = [
    ("10times", {"event": "1", "channel": "web"},
     record(2, name="A", email="a@x.io"), [{"status": 1}, {"status": 0, "message": "Invalid key"},
                                           {"status": 0, "message": "bad row"}]),
    ("10times-push", {"base_url": "https://crm.example.com/in"},
     record(2, name="A", email="a@x.io"), [{"ok": 1}]),
    ("influencersoft", {"username": "acme", "verify_hash": True},
     record(2, lead_email="a@x.io"), [{"error_code": 0, "error_text": "OK", "hash": "x"},
                                      {"error_code": 4, "error_text": "bad hash"},
                                      {"error_code": 103, "error_text": "no group"}]),
]  # fmt: skip


@pytest.mark.parametrize(("platform", "settings", "lead", "answers"), CASES)
def test_secret_only_in_the_request(
    platform: str, settings: dict[str, object], lead: MappedRecord, answers: list[object]
) -> None:
    connector = create_connector(platform, settings)
    request = connector.build_request([lead], {"api_key": KEY})
    assert KEY.encode() in request.body or KEY in request.headers.values()
    assert KEY not in str(connector.settings.model_dump()) and KEY not in repr(connector)
    seen: list[str] = []
    for status in (200, 401, 404, 500):
        for payload in answers:
            for response in (json_response(payload, status), text_response("<html/>", status)):
                try:
                    outcomes = connector.read_response([lead], response)
                    seen += [repr(o) for o in outcomes]
                except RelayError as err:
                    seen.append(str(err))
    assert seen
    assert not [text for text in seen if KEY in text]
