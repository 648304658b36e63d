"""Phone numbers to E.164: the fast path never disagrees with phonenumbers, and is used often."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from attendee_relay.core.mapping.phone import _fast_e164, _library_e164, to_e164

_TYPES = (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE)
_DEFAULTS = ("DE", "US", "GB", "FR", "ES", "IT", "IN", "AU", "CH", "BR", "AR", "MX", None)


def _written_numbers() -> list[str]:
    """Example numbers of every region, written the ways people write them, and mutated."""
    rng = random.Random(20240601)
    out: list[str] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in _TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            for fmt in (
                PhoneNumberFormat.E164,
                PhoneNumberFormat.INTERNATIONAL,
                PhoneNumberFormat.NATIONAL,
            ):
                text = phonenumbers.format_number(example, fmt)
                digits = "".join(ch for ch in text if ch.isdigit())
                out += [text, digits, "+" + digits, text.replace(" ", "-"), f"({text})"]
                # Near misses: one digit changed, dropped or added.
                position = rng.randrange(len(digits))
                out.append(digits[:position] + str(rng.randrange(10)) + digits[position + 1 :])
                out.append("+" + digits[:position] + digits[position + 1 :])
                out.append("+" + digits + str(rng.randrange(10)))
    out += [
        "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 16))) for _ in range(3000)
    ]
    out += [
        "+" + "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 16)))
        for _ in range(3000)
    ]
    out += ["+44 (0)20 7946 0000", "0049 30 1234567", "+49 030 1234567", "2024-01-01", "1.2.3.4"]
    # Other scripts' digits, a space after the plus, separators the fast path does not drop.
    out += ["+\uff14\uff14 20 7946 0958", "+44 \u0662\u0660 7946 0958", "+ 44 20 7946 0958"]
    out += ["+44-(20)-7946.0958", "+-44 20 7946 0958", "+44 20 7946 0958 ", "+1 212/555-0147"]
    return out


@pytest.mark.slow
def test_fast_path_agrees_with_phonenumbers_whenever_it_answers() -> None:
    answered = 0
    numbers = _written_numbers()
    for default in _DEFAULTS:  # about 10 s: phonenumbers is the slow reference
        for text in numbers:
            fast = _fast_e164(text, default)
            if fast is not None:
                answered += 1
                assert fast == _library_e164(text, default), (text, default)
                # And the function everyone calls, with its caches, answers the same.
                assert to_e164(text, default) == fast, (text, default)
    assert answered > len(numbers)  # the fast path answers for a good share of inputs


def test_fast_path_answers_for_common_shapes() -> None:
    for text, default in [
        ("+49 30 12345678", None),
        ("030 12345678", "DE"),
        ("+1 (212) 555-0123", None),
        ("(212) 555-0123", "US"),
        ("+44 20 7946 0018", "DE"),
        ("07400 123456", "GB"),
    ]:
        assert _fast_e164(text, default) == _library_e164(text, default) is not None, text


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("030 12345678", "DE", "+493012345678"),
        ("+44 (0)20 7946 0018", None, "+442079460018"),
        ("0049 30 12345678", "DE", "+493012345678"),
        ("(212) 555-0123 ext. 7", "US", "+12125550123"),
        ("12345", "DE", None),
        ("call me", "DE", None),
        ("030 12345678", None, None),
        ("", "DE", None),
    ],
)
def test_to_e164(text: str, default: str | None, expected: str | None) -> None:
    assert to_e164(text, default) == expected


@pytest.mark.parametrize(
    "text",
    [
        "+44 7781 123456",  # Guernsey, after Great Britain under +44
        "+44 7924 123456",  # Isle of Man: claimed by its leading digits
        "+1 876-523-0123",  # Jamaica, after the United States under +1
        "+7 71234 5 67 89",  # Kazakhstan, after Russia under +7
        "+39 06 6981 2345",  # Vatican City, after Italy under +39
    ],
)
def test_fast_path_knows_every_region_of_a_shared_calling_code(text: str) -> None:
    assert _fast_e164(text, None) == _library_e164(text, None) is not None
