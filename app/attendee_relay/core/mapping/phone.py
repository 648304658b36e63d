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
_SHAPE = re.compile(r"\+?[0-9(][0-9 ().\-]{3,30}", re.ASCII)
_NON_GEO = "001"
_MIN_NSN, _MAX_NSN = 2, 17

# Calling code as text -> the region the library uses for it first (None: non-geographic).
_MAIN_REGION: dict[str, str | None] = {
    str(code): (regions[0] if regions and regions[0] != _NON_GEO else None)
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
}

# Results proven valid lately: the validator asks about the very text the mapper just produced.
_RECENT_VALID: dict[str, None] = {}
_RECENT_MAX = 4096

_Desc = tuple[frozenset[int], re.Pattern[str]]  # possible lengths (empty: any), pattern


@dataclass(frozen=True, slots=True)
class _Region:
    """The parts of one region's metadata that decide validity, compiled once."""

    country_code: str
    general: _Desc
    types: tuple[_Desc, ...]
    leading_digits: re.Pattern[str] | None
    national_prefix: re.Pattern[str] | None
    simple_national_prefix: bool  # strippable without a transform rule
    international_prefix: re.Pattern[str] | None

    def is_valid_nsn(self, nsn: str) -> bool:
        """True only if phonenumbers certainly calls +<cc><nsn> valid (False: invalid or unsure).

        Mirrors phonenumbers: the first region of a calling code claims a number if its leading
        digits match, or (without leading digits) if the number is valid there; then the number
        is valid iff it matches the general description and one of the number types.
        """
        size = len(nsn)
        if not _MIN_NSN <= size <= _MAX_NSN:
            return False
        if self.leading_digits is not None and self.leading_digits.match(nsn) is None:
            return False
        lengths, pattern = self.general
        if (lengths and size not in lengths) or pattern.fullmatch(nsn) is None:
            return False
        for lengths, pattern in self.types:
            if (not lengths or size in lengths) and pattern.fullmatch(nsn) is not None:
                return True
        return False


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
        country_code=str(metadata.country_code),
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
    return lengths, re.compile(pattern)


def _main_region(country_code: str) -> _Region | None:
    main = _MAIN_REGION.get(country_code)
    return None if main is None else _region(main)


def _fast_e164(text: str, default_region: str | None) -> str | None:
    if _SHAPE.fullmatch(text) is None:
        return None
    digits = text
    for separator in " -().":
        if separator in digits:
            digits = digits.replace(separator, "")
    if digits[0] == "+":
        return _fast_international(digits[1:])
    if default_region is None:
        return None
    return _fast_national(digits, default_region)


def _fast_international(digits: str) -> str | None:
    if not digits.isdigit() or digits[0] == "0":
        return None
    for size in (1, 2, 3):
        code = digits[:size]
        if code in _MAIN_REGION:
            region = _main_region(code)
            nsn = digits[size:]
            # The library would try to strip a national prefix ("+44 0 20...") here: not our case.
            if region is None or (region.national_prefix and region.national_prefix.match(nsn)):
                return None
            return "+" + digits if region.is_valid_nsn(nsn) else None
    return None


def _fast_national(digits: str, region_code: str) -> str | None:
    region = _region(region_code)
    if region is None or not digits.isdigit():
        return None
    # An international dialling prefix or a leading country code makes the library reinterpret
    # the number; leave those to it.
    if region.international_prefix is not None and region.international_prefix.match(digits):
        return None
    if digits.startswith(region.country_code):
        return None
    nsn = digits
    if region.national_prefix is not None:
        match = region.national_prefix.match(digits)
        if match is not None:
            groups = match.groups()
            if not region.simple_national_prefix and groups and groups[-1] is not None:
                return None
            nsn = digits[match.end() :]
    lengths = region.general[0]
    if not lengths or len(nsn) not in lengths:
        return None
    main = _main_region(region.country_code)
    if main is None or not main.is_valid_nsn(nsn):
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
    if text in _RECENT_VALID:
        return text
    result = _fast_e164(text, default_region) or _library_e164(text, default_region)
    if result is not None:
        if len(_RECENT_VALID) >= _RECENT_MAX:
            _RECENT_VALID.clear()
        _RECENT_VALID[result] = None
    return result


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
