"""Remembered mappings: keyed by the normalised header set, renamed to the file's spelling,
passed over when they no longer fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from attendee_relay.connectors.registry import create_connector
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry
from attendee_relay.core.mapping.remembered import (
    header_fingerprint,
    recall_mapping,
    remember_mapping,
)
from attendee_relay.core.mapping.report import MatchHow
from attendee_relay.core.mapping.suggest import suggest_mapping

CONNECTOR = create_connector("10times", {"event": "1001", "channel": "web"})
FIELDS = CONNECTOR.target_fields()
HEADERS = ["Feld 1", "Feld 2", "E-Mail"]
MAPPING = FieldMapping(
    platform="10times",
    fields={
        "name": MappingEntry(columns=["Feld 1", "Feld 2"], transforms=["join"], auto=True),
        "email": MappingEntry(column="E-Mail"),
        "noEmail": MappingEntry(constant="1"),
    },
)


def test_the_fingerprint_ignores_order_case_and_punctuation_but_not_other_columns() -> None:
    assert header_fingerprint(HEADERS) == header_fingerprint(["e-mail", "FELD 2", "Feld_1"])
    assert header_fingerprint(HEADERS) != header_fingerprint([*HEADERS, "Firma"])


def test_a_remembered_mapping_comes_back_in_this_files_spelling() -> None:
    remember_mapping(MAPPING, HEADERS)

    recalled = recall_mapping("10times", ["E-mail", "feld 2", "Feld 1"])

    assert recalled is not None
    assert recalled.fields["name"].columns == ["Feld 1", "feld 2"]
    assert recalled.fields["email"].column == "E-mail"
    assert recalled.fields["noEmail"].constant == "1"
    assert not any(entry.auto for entry in recalled.fields.values())  # a choice, not a guess
    assert recall_mapping("influencersoft", HEADERS) is None  # per platform


def test_suggest_uses_it_unless_asked_to_match_afresh() -> None:
    remember_mapping(MAPPING, HEADERS)
    report = suggest_mapping(HEADERS, FIELDS, "10times")
    assert report.remembered and report.matches["email"].how is MatchHow.REMEMBERED
    assert report.matches["email"].confidence == 1.0
    fresh = suggest_mapping(HEADERS, FIELDS, "10times", fresh=True)
    assert not fresh.remembered
    assert fresh.matches["email"].how is MatchHow.SYNONYM


def test_a_remembered_mapping_for_a_field_the_connector_lacks_is_passed_over() -> None:
    stale = MAPPING.model_copy(
        update={"fields": {**MAPPING.fields, "retired": MappingEntry(column="Feld 1")}}
    )
    remember_mapping(stale, HEADERS)
    assert not suggest_mapping(HEADERS, FIELDS, "10times").remembered
    extra = MAPPING.model_copy(
        update={"fields": {**MAPPING.fields, "response[7]": MappingEntry(column="Feld 1")}}
    )
    remember_mapping(extra, HEADERS)
    report = suggest_mapping(
        HEADERS, FIELDS, "10times", accepts_extra=CONNECTOR.accepts_extra_field
    )
    assert report.remembered


def test_a_damaged_remembered_file_is_ignored(caplog: pytest.LogCaptureFixture) -> None:
    path = remember_mapping(MAPPING, HEADERS)
    assert path is not None
    path.write_text("{not json", encoding="utf-8")
    assert recall_mapping("10times", HEADERS) is None
    assert "damaged remembered mapping" in caplog.text


def test_failing_to_remember_is_logged_not_raised(
    isolated_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = isolated_home / "config" / "attendee-relay" / "remembered"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert remember_mapping(MAPPING, HEADERS) is None
    assert "Could not remember the mapping" in caplog.text
