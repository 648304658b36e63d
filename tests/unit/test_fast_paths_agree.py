"""The speed-ups of the import pipeline give exactly the answers of the plain code they replace."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.importing import record_fingerprint
from attendee_relay.core.mapping.compile import compile_mapping
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry, Transform
from attendee_relay.core.mapping.phone import _fast_e164, _library_e164
from attendee_relay.core.mapping.transforms import collapse
from attendee_relay.core.records import (
    MappedRecord,
    OutcomeKind,
    RecordOutcome,
    RowStatus,
    SourceRow,
)
from attendee_relay.core.validation import RecordValidator


def _json_fingerprint(fields: dict[str, str | list[str]]) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"name": "Ann Lee", "email": "ann@example.com", "phone": "+442079460958"},
        {"name": "Jürgen Müller", "company": "株式会社テスト", "z": "", "a": "x"},
        {"name": 'The "Best" Company'},
        {"notes": "back\\slash"},
        {"notes": "line\nbreak\ttab"},
        {"notes": "non\xa0breaking space and \u2028 separator"},
        {"answers": ["a", "b"], "name": "Ann"},
    ],
)
def test_fingerprint_is_the_sha256_of_the_canonical_json(
    fields: dict[str, str | list[str]],
) -> None:
    assert record_fingerprint(MappedRecord(2, fields)) == _json_fingerprint(fields)


def _prefixed_examples() -> list[str]:
    """Every region's example numbers written with a national prefix after the calling code."""
    out: list[str] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            code = example.country_code
            nsn = phonenumbers.national_significant_number(example)
            national = phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL)
            for prefix in ("0", "(0)", "1", "8"):
                out += [f"+{code} {prefix}{nsn}", f"+{code} {prefix} {national}"]
    return out


def test_fast_path_for_a_national_prefix_after_the_calling_code_agrees_with_phonenumbers() -> None:
    answered = 0
    for text in _prefixed_examples():
        fast = _fast_e164(text, None)
        if fast is not None:
            answered += 1
            assert fast == _library_e164(text, None), text
    assert answered > 100


def test_fast_path_answers_for_the_german_and_british_zero_in_brackets() -> None:
    assert _fast_e164("+49 (0)30 12345678", None) == "+493012345678"
    assert _fast_e164("+44 (0)20 7946 0018", None) == "+442079460018"


def test_trim_in_compiled_mappings_collapses_exactly_like_collapse() -> None:
    mapping = FieldMapping(
        platform="test",
        fields={
            "one": MappingEntry(column="A", transforms=[Transform.TRIM]),
            "both": MappingEntry(columns=["A", "B"], transforms=[Transform.JOIN, Transform.TRIM]),
            "two": MappingEntry(column="B", transforms=[Transform.TRIM, Transform.UPPER]),
        },
    )
    fields = [TargetField("one", "One"), TargetField("both", "Both"), TargetField("two", "Two")]
    mapper = compile_mapping(mapping, ["A", "B"], fields)
    # "|" too: the compiled code tests all of a row's texts at once, joined with "|".
    pieces = ["a", "bc", " ", "  ", "\t", "\n", "\r", "\xa0", "\u2003", "\x1c", "é", "\u200b", "|"]
    rng = random.Random(5)
    for _ in range(20_000):
        a = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        b = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        record = mapper(SourceRow(2, {"A": a, "B": b}))
        assert record.fields.get("one", "") == collapse(a), repr(a)
        assert record.fields.get("both", "") == collapse(a + " " + b), (a, b)
        assert record.fields.get("two", "") == collapse(b).upper(), repr(b)


def test_validator_checking_only_produced_fields_gives_the_same_verdicts() -> None:
    fields = [
        TargetField("email", "E-mail", required=True, type=FieldType.EMAIL, strict=True),
        TargetField("name", "Name", required=True),
        TargetField("phone", "Mobile", type=FieldType.PHONE),
        TargetField("qty", "Quantity", type=FieldType.INTEGER),
        TargetField("paid", "Paid", type=FieldType.FLAG),
    ]
    records = [
        {"email": "a@example.com", "name": "Ann", "phone": "+442079460958"},
        {"email": "a@example.com", "name": "Ann again"},
        {"email": "not an address", "name": "Bob", "phone": "12"},
        {"email": "c@example.com"},
        {"email": "d@example.com", "name": "Di", "phone": "call me"},
    ]
    full = RecordValidator(fields, default_country="GB")
    lean = RecordValidator(fields, default_country="GB", produced=("email", "name", "phone"))
    for number, values in enumerate(records, 2):
        expected = full.check(MappedRecord(number, dict(values)))
        got = lean.check(MappedRecord(number, dict(values)))
        assert (got.reasons, got.warnings) == (expected.reasons, expected.warnings), values
    assert full.check(MappedRecord(9, {"name": "Ed"})).reasons == ["Missing E-mail (required)."]


def test_earlier_deliveries_are_found_many_at_a_time(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.db")
    assert not store.has_deliveries("c", "event=1")
    run = store.create_run(
        kind="import", connector="c", platform="p", dedupe_scope="event=1", settings={}
    )
    store.add_rows(run, [RowInsert(2, RowStatus.PENDING, {}, {}, "a@x.org", "fp-a")])
    delivered = RecordOutcome(2, OutcomeKind.DELIVERED)
    store.record_outcomes(run, "c", "event=1", [(delivered, RowStatus.DELIVERED)], {2: "fp-a"})
    assert store.has_deliveries("c", "event=1")
    assert not store.has_deliveries("c", "event=2")
    many = [f"fp-{i}" for i in range(1200)] + ["fp-a"]
    assert store.delivered_among("c", "event=1", many) == {"fp-a": run}
    assert store.delivered_among("c", "event=2", many) == {}
    store.close()
