"""Phone numbers to E.164, fast: a precompiled path for the common shapes, phonenumbers for the rest.

phonenumbers takes ~70 µs a number; an import of 200,000 rows cannot afford that twice per row. The
fast path answers only when it is certain phonenumbers would give the same answer (a test checks
this against the library on many numbers); anything unusual goes to the library itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat

# Separators people type in phone numbers; anything else (letters, "ext", "#", "/") goes the slow way.
_SHAPE = re.compile(r"\+?[0-9][0-9 ().\-]{3,30}", re.ASCII)
_SEPARATORS = str.maketrans("", "", " ().-")
_NON_GEO = "001"


@dataclass(frozen=True, slots=True)
class _Desc:
    lengths: frozenset[int]  # empty: any length allowed (the general description's)
    pattern: re.Pattern[str]

    def matches(self, nsn: str) -> bool:
        if self.lengths and len(nsn) not in self.lengths:
            return False
        return self.pattern.fullmatch(nsn) is not None


@dataclass(frozen=True, slots=True)
class _Region:
    """The parts of one region's metadata that decide validity, compiled once."""

    country_code: int
    general: _Desc
    types: tuple[_Desc, ...]
    leading_digits: re.Pattern[str] | None
    national_prefix: re.Pattern[str] | None
    simple_national_prefix: bool  # strippable without a transform rule
    international_prefix: re.Pattern[str] | None

    def is_valid_nsn(self, nsn: str) -> bool:
        # Mirrors phonenumbers' _number_type_helper(...) != UNKNOWN: general desc, then any type.
        if not self.general.matches(nsn):
            return False
        return any(desc.matches(nsn) for desc in self.types)


_TYPE_ATTRS = (
    "fixed_line",
    "mobile",
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


@cache
def _region(region_code: str) -> _Region | None:
    metadata = PhoneMetadata.metadata_for_region(region_code, None)
    if metadata is None or metadata.general_desc is None or metadata.country_code is None:
        return None
    general = _desc(metadata.general_desc)
    if general is None:
        return None
    types = tuple(
        desc for attr in _TYPE_ATTRS if (desc := _desc(getattr(metadata, attr, None))) is not None
    )
    prefix = metadata.national_prefix_for_parsing
    rule = metadata.national_prefix_transform_rule
    return _Region(
        country_code=int(metadata.country_code),
        general=general,
        types=types,
        leading_digits=re.compile(metadata.leading_digits) if metadata.leading_digits else None,
        national_prefix=re.compile(prefix) if prefix else None,
        simple_national_prefix=not rule,
        international_prefix=(
            re.compile(metadata.international_prefix) if metadata.international_prefix else None
        ),
    )


def _desc(desc: object) -> _Desc | None:
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return None
    lengths = frozenset(int(n) for n in getattr(desc, "possible_length", ()) or ())
    return _Desc(lengths=lengths, pattern=re.compile(pattern))


def _main_region(country_code: int) -> tuple[str, _Region] | None:
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code)
    if not regions or regions[0] == _NON_GEO:
        return None
    region = _region(regions[0])
    return None if region is None else (regions[0], region)


def _valid_international(country_code: int, nsn: str) -> bool:
    """True only if phonenumbers would certainly call +<cc><nsn> valid (False: not sure)."""
    found = _main_region(country_code)
    if found is None or not 2 <= len(nsn) <= 17:
        return False
    _, region = found
    # The library tries the regions of a calling code in order; the first one claims the number if
    # its leading digits match, or (without leading digits) if the number is valid there.
    if region.leading_digits is not None and region.leading_digits.match(nsn) is None:
        return False
    return region.is_valid_nsn(nsn)


def _fast_e164(text: str, default_region: str | None) -> str | None:
    if _SHAPE.fullmatch(text) is None:
        return None
    digits = text.translate(_SEPARATORS)
    if digits.startswith("+"):
        return _fast_international(digits[1:])
    if default_region is None:
        return None
    return _fast_national(digits, default_region)


def _fast_international(digits: str) -> str | None:
    if not digits.isdigit() or digits.startswith("0"):
        return None
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            nsn = digits[size:]
            found = _main_region(code)
            # The library would try to strip a national prefix ("+44 0 20...") here: not our case.
            if found is None or (found[1].national_prefix and found[1].national_prefix.match(nsn)):
                return None
            return "+" + digits if _valid_international(code, nsn) else None
    return None


def _fast_national(digits: str, region_code: str) -> str | None:
    region = _region(region_code)
    if region is None or not digits.isdigit():
        return None
    # An international dialling prefix or a leading country code makes the library reinterpret
    # the number; leave those to it.
    if region.international_prefix is not None and region.international_prefix.match(digits):
        return None
    if digits.startswith(str(region.country_code)):
        return None
    nsn = digits
    if region.national_prefix is not None:
        match = region.national_prefix.match(digits)
        if match is not None:
            groups = match.groups()
            if not region.simple_national_prefix and groups and groups[-1] is not None:
                return None
            nsn = digits[match.end() :]
    if not region.general.lengths or len(nsn) not in region.general.lengths:
        return None
    if not _valid_international(region.country_code, nsn):
        return None
    return f"+{region.country_code}{nsn}"


def to_e164(text: str, default_region: str | None) -> str | None:
    """The number in E.164 form (``+4930123456``), or None if it is not a valid phone number.

    Args:
        text: the number as typed, national or international.
        default_region: ISO alpha-2 region for numbers written without a country code.
    """
    text = text.strip()
    if not text:
        return None
    fast = _fast_e164(text, default_region)
    if fast is not None:
        return fast
    return _library_e164(text, default_region)


def _library_e164(text: str, default_region: str | None) -> str | None:
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def is_supported_region(region: str) -> bool:
    """Whether phonenumbers knows this ISO alpha-2 region (for a mapping's default country)."""
    return region.upper() in phonenumbers.SUPPORTED_REGIONS
