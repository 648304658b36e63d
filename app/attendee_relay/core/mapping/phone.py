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
_SHAPE_MAX = 31
_AFTER_PLUS = frozenset("0123456789(")
_NON_GEO = "001"
_MIN_NSN, _MAX_NSN = 2, 17

# Calling code as text -> the region the library uses for it first (None: non-geographic).
_MAIN_REGION: dict[str, str | None] = {
    str(code): (regions[0] if regions and regions[0] != _NON_GEO else None)
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
}

# Results proven valid lately: the validator asks about the very text the mapper just produced
# (it tests membership inline: see ``known_valid``). Invalid input is remembered too, so the
# validator does not ask phonenumbers a second time about text the mapper kept as it was.
_RECENT_VALID: dict[str, None] = {}
_RECENT_INVALID: dict[tuple[str, str | None], None] = {}
_RECENT_MAX = 4096

#: E.164 numbers proven valid lately (cleared now and then): ``text in known_valid`` implies
#: ``to_e164(text, any_region) == text``; absence says nothing.
known_valid: dict[str, None] = _RECENT_VALID

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
    local_only_lengths: frozenset[int]  # lengths the library keeps a national prefix for
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
        local_only_lengths=frozenset(
            int(n) for n in getattr(metadata.general_desc, "possible_length_local_only", ()) or ()
        ),
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
    if text[:1] == "+":
        return _fast_plus(text)
    if default_region is None or _SHAPE.fullmatch(text) is None:
        return None
    # _SHAPE allows a "+" only first: this is a national number.
    digits = text
    for separator in " -().":
        if separator in digits:
            digits = digits.replace(separator, "")
    return _fast_national(digits, default_region)


def _fast_plus(text: str) -> str | None:
    """``_fast_e164`` of a text that starts with "+", in as few operations as it can be done.

    What _SHAPE allows after the "+" is a digit or "(", then digits and separators only, 4 to
    31 characters in all: checked here without the regex. The usual number ("+44 20 7946 0958",
    "+1 (212) 555-0147") then costs a dozen operations: separators dropped, the calling code
    found from the first digits, one pattern tried on the rest. The patterns are ASCII-only,
    so a match also proves the rest is ASCII digits; anything else takes the careful way.
    """
    if not 4 <= len(text) <= _SHAPE_MAX or text[1] not in _AFTER_PLUS:
        return None
    digits = text[1:].replace(" ", "")
    if not digits.isdigit():
        digits = digits.replace("-", "").replace("(", "").replace(")", "").replace(".", "")
    entry = _CODE_OF.get(digits[:3])  # never found for a leading "0" or a non-digit
    if entry is None:
        return None
    code, checks = entry
    check = checks[len(digits) - len(code)]
    if check is not None and check.match(digits, len(code)) is not None:
        return "+" + digits
    # isdigit() alone would take other scripts' digits too.
    if not digits.isdigit() or not digits.isascii():
        return None
    nsn = digits[len(code) :]
    size = len(nsn)
    if size > _MAX_NSN:
        return None
    if check is _UNBUILT:  # the first number of this length: build its pattern and retry
        check = checks[size] = _international_check(code, size)
        if check is not None and check.match(nsn) is not None:
            return "+" + digits
    return _fast_after_prefix(code, nsn)


# Calling code -> national number length -> one pattern answering "certainly valid" for
# +<code><nsn>, or None when no number of that length can be; each built on first use. The
# placeholder never matches, so code that only wants a "yes" need not test for it. The lists
# run to the longest text the fast path takes, so any length after a "+" is a valid index.
_UNBUILT = re.compile("(?!)")
_INTERNATIONAL: dict[str, list[re.Pattern[str] | None]] = {
    code: [_UNBUILT] * (_MAX_NSN + 1) + [None] * (_SHAPE_MAX - _MAX_NSN) for code in _MAIN_REGION
}


def _calling_code(digits: str) -> str | None:
    """The calling code the number starts with: the shortest known one, as the library reads it."""
    for size in (1, 2, 3):
        if digits[:size] in _MAIN_REGION:
            return digits[:size]
    return None


# The first (up to) three digits -> (calling code, its checks): one lookup instead of three.
_CODE_OF: dict[str, tuple[str, list[re.Pattern[str] | None]]] = {
    start: (code, _INTERNATIONAL[code])
    for start in (f"{n:0{width}d}" for width in (1, 2, 3) for n in range(10**width))
    if (code := _calling_code(start)) is not None
}


def _fast_after_prefix(code: str, nsn: str) -> str | None:
    """``+49 (0)30 ...``: a national prefix after the country code, as many people write it.

    Mirrors what phonenumbers does (strip the prefix unless the number only makes sense with
    it, or the rest has a local-only length) and answers only in the plain case; else None.
    """
    region = _main_region(code)
    if region is None or region.national_prefix is None or not region.simple_national_prefix:
        return None
    match = region.national_prefix.match(nsn)
    if match is None:
        return None
    rest = nsn[match.end() :]
    lengths, general = region.general
    size = len(rest)
    if not lengths or size not in lengths or size in region.local_only_lengths:
        return None
    if general.fullmatch(nsn) is not None and general.fullmatch(rest) is None:
        return None  # the library keeps the prefix as part of the number
    check = _INTERNATIONAL[code][size]  # rest is shorter than nsn: within the list
    if check is _UNBUILT:
        check = _INTERNATIONAL[code][size] = _international_check(code, size)
    return f"+{code}{rest}" if check is not None and check.match(rest) else None


def _international_check(code: str, size: int) -> re.Pattern[str] | None:
    """Whether phonenumbers calls +<code><nsn> valid, for one length of nsn, as one pattern.

    One regex call instead of a dozen or more. It mirrors the library: the regions sharing the
    calling code are tried in order, and the first that claims the number decides (a region
    with leading digits claims a number they match; one without, a number valid there); the
    number is valid iff it matches that region's general description and one of its number
    types. So each region contributes "no earlier region with leading digits matches, its own
    leading digits match (if it has some), and it is valid there"; a region without leading
    digits needs no exclusion, as a number valid there is valid anyway. In front, no national
    prefix: the library would try to strip it, which ``_fast_after_prefix`` handles. Use with
    ``match``: each part is anchored.
    """
    main = _main_region(code)
    if main is None or not _MIN_NSN <= size <= _MAX_NSN:
        return None
    names = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(code), ())
    regions = [region for name in names if (region := _region(name)) is not None]
    branches = []
    earlier = ""  # what excludes the numbers earlier regions claim by leading digits
    for region in regions:
        valid = _valid_pattern(region, size)
        leading = region.leading_digits.pattern if region.leading_digits is not None else None
        if valid is not None:
            branches.append(earlier + (f"(?={leading})" if leading else "") + valid)
        if leading:
            earlier += f"(?!{leading})"
    if not branches:
        return None
    prefix = f"(?!{main.national_prefix.pattern})" if main.national_prefix is not None else ""
    # ASCII: \d is then [0-9], so a match also proves the number is written in ASCII digits.
    return re.compile(prefix + "(?:" + "|".join(branches) + ")", re.ASCII)


def _valid_pattern(region: _Region, size: int) -> str | None:
    """``_Region.is_valid_nsn`` for numbers of one length, as a pattern (None: none can be)."""
    lengths, general = region.general
    if lengths and size not in lengths:
        return None
    types = [p.pattern for lengths, p in region.types if not lengths or size in lengths]
    if not types:
        return None
    return rf"(?=(?:{general.pattern})\Z)(?:" + "|".join(f"(?:{t})" for t in types) + r")\Z"


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
    # The fast path before any cache: it answers for most numbers and costs less than a miss.
    if text[:1] == "+":
        result = _fast_plus(text)
    elif text:
        result = _fast_e164(text, default_region)
    else:
        return None
    if result is None:
        if text in _RECENT_VALID:
            return text
        key = (text, default_region)
        if key in _RECENT_INVALID:
            return None
        # Without a default country the library refuses any number without a plus at once.
        no_plus = default_region is None and "+" not in text and "\uff0b" not in text
        result = None if no_plus else _library_e164(text, default_region)
        if result is None:
            if len(_RECENT_INVALID) >= _RECENT_MAX:
                _RECENT_INVALID.clear()
            _RECENT_INVALID[key] = None
            return None
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
