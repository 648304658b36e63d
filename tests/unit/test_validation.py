"""Validation of mapped records: required fields, types, duplicates, and the e-mail fast path."""

from __future__ import annotations

import random

import email_validator
import pytest

from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.records import FieldValue, MappedRecord
from attendee_relay.core.validation import RecordValidator, Verdict, _fast_email_ok, email_problem

EMAIL = TargetField("email", "E-mail", required=True, type=FieldType.EMAIL)
NAME = TargetField("name", "Name", required=True)
PHONE = TargetField("phone", "Phone", type=FieldType.PHONE)
STRICT_PHONE = TargetField("mobile", "Mobile", type=FieldType.PHONE, strict=True)
COUNTRY = TargetField("country", "Country", type=FieldType.COUNTRY_CODE, strict=True)
QTY = TargetField("qty", "Quantity", type=FieldType.INTEGER, strict=True)
PRICE = TargetField("price", "Price", type=FieldType.NUMBER)
OPT_IN = TargetField("opt_in", "Opt-in", type=FieldType.FLAG, strict=True)
FIELDS = (EMAIL, NAME, PHONE, STRICT_PHONE, COUNTRY, QTY, PRICE, OPT_IN)


def record(row: int = 2, **fields: FieldValue) -> MappedRecord:
    base: dict[str, FieldValue] = {"email": f"user{row}@example.com", "name": "Ann Lee"}
    base.update(fields)
    return MappedRecord(row, {k: v for k, v in base.items() if v != ""})


def check(rec: MappedRecord, validator: RecordValidator | None = None) -> Verdict:
    return (validator or RecordValidator(FIELDS)).check(rec)


def test_a_good_record_passes() -> None:
    verdict = check(record(phone="+493012345678", country="DE", qty="3", price="12.50"))
    assert verdict == Verdict([], [])
    assert not verdict.refused


def test_missing_required_fields_are_named_by_label() -> None:
    verdict = check(record(email="", name=""))
    assert verdict.reasons == ["Missing E-mail (required).", "Missing Name (required)."]
    assert verdict.refused


@pytest.mark.parametrize(
    "address", ["x@", "ann@@example.com", "ann@example", "ann@localhost", "a b@example.com"]
)
def test_bad_email_is_refused_with_email_validators_reason(address: str) -> None:
    (reason,) = check(record(email=address)).reasons
    assert reason.startswith(f"E-mail {address!r} is not a valid address: ")
    assert len(reason) > len(f"E-mail {address!r} is not a valid address: ") + 5


def test_special_use_domains_are_refused_but_example_domains_pass() -> None:
    assert email_problem("ann@example.com") is None
    assert email_problem("ann@mail.example.org") is None
    assert email_problem("ann@Example.NET") is None
    assert email_problem("ann@host.test") is not None
    assert email_problem("ann@printer.local") is not None


def test_unusual_but_valid_addresses_pass_through_email_validator() -> None:
    assert not _fast_email_ok("o'brien@example.com")
    assert email_problem("o'brien@example.com") is None
    assert email_problem("jürgen@müller.de") is None


def _tricky_addresses(count: int) -> list[str]:
    rng = random.Random(7)
    local_chars = "aZ09._+-!#$%&'*/=?^`{|}~\"() ,;:<>[]\\é"
    domain_chars = "az09.-_é"
    tlds = [
        "com",
        "org",
        "de",
        "c",
        "co1",
        "x" * 64,
        "test",
        "local",
        "localhost",
        "arpa",
        "onion",
        "invalid",
        "TEST",
        "1com",
    ]
    out = [
        "plain@example.com",
        "first.last+tag@sub.example.co.uk",
        ".lead@example.com",
        "trail.@example.com",
        "dou..ble@example.com",
        "a@-example.com",
        "a@example-.com",
        "a@ex--ample.com",
        "a@xn--bcher-kva.com",
        "a@example..com",
        "a" * 64 + "@example.com",
        "a" * 65 + "@example.com",
        "a@" + "b" * 63 + ".com",
        "a@" + "b" * 64 + ".com",
        "a@" + ".".join(["b" * 60] * 5) + ".com",
        "a@home.arpa",
        "a@x.localhost",
    ]
    for _ in range(count):
        local = "".join(rng.choice(local_chars) for _ in range(rng.randint(1, 12)))
        labels = [
            "".join(rng.choice(domain_chars) for _ in range(rng.randint(1, 10)))
            for _ in range(rng.randint(1, 3))
        ]
        out.append(f"{local}@{'.'.join(labels)}.{rng.choice(tlds)}")
        # And a plain-shaped one, so the fast path is exercised a lot.
        plain = "".join(rng.choice("abcxyz019._+-") for _ in range(rng.randint(1, 70)))
        host = "".join(rng.choice("abc09-") for _ in range(rng.randint(1, 70)))
        out.append(f"{plain}@{host}.{rng.choice(tlds)}")
    return out


def test_email_fast_path_accepts_only_what_email_validator_accepts() -> None:
    accepted = 0
    for address in _tricky_addresses(15_000):
        if _fast_email_ok(address):
            accepted += 1
            email_validator.validate_email(address, check_deliverability=False)  # raises if not
    assert accepted > 400  # the fast path is really used (it leaves "--", "-." etc. to the library)


def test_email_fast_path_takes_the_usual_addresses() -> None:
    for address in ["ann@example.com", "kavya.obrien.0@corp.example.co.uk", "a-b+c@my-host.de"]:
        assert _fast_email_ok(address), address


def test_strict_phone_is_refused_and_loose_phone_warned() -> None:
    verdict = check(record(phone="12", mobile="call me"))
    assert verdict.reasons == [
        "Mobile 'call me' is not a valid phone number; include the country code."
    ]
    assert verdict.warnings == ["Phone '12' is not a valid phone number; include the country code."]


def test_national_phone_is_valid_with_a_default_country() -> None:
    assert check(record(mobile="030 12345678")).refused
    assert not check(
        record(mobile="030 12345678"), RecordValidator(FIELDS, default_country="DE")
    ).refused


def test_country_code_must_be_real_and_is_upper_cased_in_place() -> None:
    assert check(record(country="XX")).reasons == [
        "Country 'XX' is not a two-letter ISO country code."
    ]
    rec = record(country="de")
    assert not check(rec).refused
    assert rec.fields["country"] == "DE"


def test_integer_takes_digits_only() -> None:
    assert check(record(qty="007")).reasons == []
    assert check(record(qty="3.5")).reasons == ["Quantity '3.5' is not a whole number."]
    assert check(record(qty="٣")).refused  # Arabic-Indic digit: not ASCII


def test_number_accepts_a_decimal_point_and_normalises_a_decimal_comma() -> None:
    rec = record(price="12,50")
    assert check(rec) == Verdict([], [])
    assert rec.fields["price"] == "12.50"
    assert check(record(price="1,000.00")).warnings == ["Price '1,000.00' is not a number."]


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("yes", "1"),
        ("No", "0"),
        ("TRUE", "1"),
        ("false", "0"),
        ("1", "1"),
        ("0", "0"),
        ("ja", "1"),
        ("Nein", "0"),
        ("oui", "1"),
        ("non", "0"),
        ("sí", "1"),
        ("si", "1"),
    ],
)
def test_flags_are_normalised_in_place(given: str, normal: str) -> None:
    rec = record(opt_in=given)
    assert not check(rec).refused
    assert rec.fields["opt_in"] == normal


def test_unknown_flag_is_refused_when_strict() -> None:
    assert check(record(opt_in="maybe")).reasons == ["Opt-in 'maybe' is not yes or no (or 1/0)."]


def test_list_values_are_checked_item_by_item() -> None:
    verdict = check(record(email=["a@example.com", "nope"]))
    assert verdict.reasons[0].startswith("E-mail 'nope' is not a valid address")


def test_duplicate_email_is_refused_naming_the_first_row() -> None:
    validator = RecordValidator(FIELDS)
    assert not validator.check(record(7, email="Ann@Example.com")).refused
    assert not validator.check(record(8, email="bob@example.com")).refused
    assert validator.check(record(9, email="ann@example.COM")).reasons == [
        "Duplicate of row 7 (same e-mail)."
    ]


def test_checking_the_same_row_again_is_not_a_duplicate() -> None:
    validator = RecordValidator(FIELDS)
    assert not validator.check(record(7)).refused
    assert not validator.check(record(7)).refused


def test_a_refused_row_does_not_make_a_later_one_a_duplicate() -> None:
    validator = RecordValidator(FIELDS)
    assert validator.check(record(3, email="ann@example.com", name="")).refused
    assert not validator.check(record(4, email="ann@example.com")).refused


def test_duplicate_check_can_be_switched_off_or_moved() -> None:
    off = RecordValidator(FIELDS, duplicate_field=None)
    assert not off.check(record(2, email="a@example.com")).refused
    assert not off.check(record(3, email="a@example.com")).refused
    by_name = RecordValidator(FIELDS, duplicate_field="name")
    assert not by_name.check(record(2)).refused
    assert by_name.check(record(3)).reasons == ["Duplicate of row 2 (same name)."]
