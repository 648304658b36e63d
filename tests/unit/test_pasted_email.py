"""E-mail cells as people paste them: cleaned to the address, or refused with a reason."""

from __future__ import annotations

import pytest

from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.pasted_email import clean_pasted_email
from attendee_relay.core.records import MappedRecord
from attendee_relay.core.validation import RecordValidator

EMAIL = TargetField("email", "E-mail", required=True, type=FieldType.EMAIL)


@pytest.mark.parametrize(
    ("pasted", "address"),
    [
        ("mailto:Ana.Costa@Example.com", "ana.costa@example.com"),
        ("MAILTO:ana@example.com?subject=Registration", "ana@example.com"),
        ("Ana Costa <Ana@Example.com>", "ana@example.com"),
        ('"Costa, Ana" <ana@example.com>', "ana@example.com"),
        ("<mailto:ana@example.com>", "ana@example.com"),
        ("ana@example.com (Ana Costa)", "ana@example.com"),
        ("  ana @ example.com  ", "ana@example.com"),
        ("ana@example. com", "ana@example.com"),
        ("\u00a0ana@example.com\u200b", "ana@example.com"),
        ("ana@example.com.", "ana@example.com"),
    ],
)
def test_pasted_shapes_are_cleaned_to_the_address(pasted: str, address: str) -> None:
    assert clean_pasted_email(pasted).address == address
    assert clean_pasted_email(pasted).problem is None


@pytest.mark.parametrize(
    "pasted",
    [
        "ana@example.com, bo@example.com",
        "ana@example.com; bo@example.com",
        "Ana <ana@x.com> bo@y.org",
    ],
)
def test_two_addresses_in_one_cell_are_a_problem_that_says_so(pasted: str) -> None:
    assert "holds 2 addresses" in (clean_pasted_email(pasted).problem or "")


def test_text_around_an_address_is_not_guessed_away() -> None:
    # "ana costa@x.com": which part is the address? Refusing beats writing to a stranger.
    assert clean_pasted_email("ana costa@example.com").address == "ana costa@example.com"


def _check(email: str) -> tuple[MappedRecord, list[str], list[str]]:
    record = MappedRecord(2, {"email": email})
    verdict = RecordValidator([EMAIL]).check(record)
    return record, verdict.reasons, verdict.warnings


def test_validator_cleans_a_pasted_address_and_says_so_in_a_warning() -> None:
    record, reasons, warnings = _check("Ana Costa <Ana@Example.com>")
    assert reasons == []
    assert record.fields["email"] == "ana@example.com"
    assert warnings == ["E-mail 'Ana Costa <Ana@Example.com>' cleaned to 'ana@example.com'."]


def test_validator_refuses_two_addresses_with_a_reason_that_says_so() -> None:
    _, reasons, _ = _check("ana@example.com; bo@example.com")
    assert reasons == [
        "E-mail 'ana@example.com; bo@example.com' holds 2 addresses "
        "(ana@example.com, bo@example.com); keep one per row."
    ]


def test_cleaned_addresses_count_for_duplicates() -> None:
    validator = RecordValidator([EMAIL])
    assert not validator.check(MappedRecord(2, {"email": "ana@example.com"})).reasons
    (reason,) = validator.check(MappedRecord(3, {"email": "mailto:ana@example.com"})).reasons
    assert reason.startswith("Duplicate of row 2")
