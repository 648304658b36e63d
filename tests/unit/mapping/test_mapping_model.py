"""The mapping model: entry shape rules and the JSON round trip, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from attendee_relay.core.errors import InputError
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry, Transform


def sample() -> FieldMapping:
    return FieldMapping(
        platform="10times",
        default_country="de",
        fields={
            "name": MappingEntry(
                columns=["First Name", "Last Name"], transforms=[Transform.JOIN], auto=True
            ),
            "email": MappingEntry(column="Email", transforms=[Transform.TRIM, Transform.LOWER]),
            "response[12]": MappingEntry(constant="Yes"),
            "tags": MappingEntry(column="Tags", transforms=[Transform.SPLIT_LIST], separator="|"),
        },
    )


def test_json_round_trip_keeps_everything() -> None:
    mapping = sample()
    assert FieldMapping.from_json(mapping.to_json()) == mapping
    assert mapping.default_country == "DE"


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "mapping.json"
    sample().save(path)
    assert FieldMapping.load(path) == sample()
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"column": "A", "constant": "x"}, {"columns": []}, {"column": "A", "columns": ["B"]}],
)
def test_entry_needs_exactly_one_source(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        MappingEntry.model_validate(kwargs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"platform": "10times", ', "not valid JSON (line 1"),
        ("[1, 2]", "must be a JSON object"),
        ('{"fields": {}}', "platform: this key is required"),
        ('{"platform": "x", "fields": {"email": {}}}', "fields.email: give exactly one of"),
        ('{"platform": "x", "fields": {"email": {"colum": "E"}}}', "unknown key"),
        (
            '{"platform": "x", "fields": {"email": {"column": "E", "transforms": ["shout"]}}}',
            "fields.email.transforms.0",
        ),
        ('{"platform": "x", "version": 9}', "version 9 is not supported"),
        ('{"platform": "x", "default_country": "Germany"}', "two-letter ISO country code"),
    ],
)
def test_bad_mapping_json_is_one_input_error_sentence(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        FieldMapping.from_json(text)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_load_of_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        FieldMapping.load(tmp_path / "nope.json")


def test_load_of_damaged_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(b"\xff\xfe{")
    with pytest.raises(InputError, match=r"broken\.json"):
        FieldMapping.load(path)
