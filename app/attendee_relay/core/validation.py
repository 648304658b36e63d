"""Check mapped records before anything is sent: required fields, types, duplicates in the file.

Every refused row gets a reason a coordinator can act on. Built for speed (a few microseconds a
row): checks are compiled per field once, and the common e-mail shape skips email-validator.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import email_validator

from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.mapping.country import alpha2_codes, is_alpha2
from attendee_relay.core.mapping.phone import known_valid, to_e164
from attendee_relay.core.pasted_email import clean_pasted_email
from attendee_relay.core.records import FieldValue, MappedRecord

# email-validator refuses special-use domains (.test, .local, localhost, ...) by default; the fast
# path leaves them to it. Single labels are excluded as the top-level domain (cheap: checked once);
# a dotted one, should email-validator list one, makes the whole domain checked at the "@".
_SPECIAL = [re.escape(d) for d in email_validator.SPECIAL_USE_DOMAIN_NAMES]
_SPECIAL_AT_TLD = "|".join(d for d in _SPECIAL if "." not in d) or "(?!)"
_SPECIAL_DOTTED = "|".join(d for d in _SPECIAL if "." in d)

# Accepts only addresses email-validator accepts too (tests prove it on many addresses); the
# rest goes to email-validator, which decides and says why. Explicit A-Za-z: IGNORECASE is slower.
# The dot-atom local part and the labels (no leading, trailing or doubled hyphens) are checked as
# runs of their characters plus what may never appear in the address (_FAST_EMAIL_NEVER): a
# regex without repeated groups runs in half the time. What that refuses ("a--b@x.com",
# "a-.b@x.com") is still fine: it goes to email-validator.
_AT = "@" if not _SPECIAL_DOTTED else r"@(?!(?:[^@]*\.)?(?i:" + _SPECIAL_DOTTED + r")\Z)"
_FAST_EMAIL = re.compile(
    r"(?!\.)[A-Za-z0-9_+\-.]+(?<!\.)"  # local part: a safe subset of atext, no dot at either end
    + _AT
    + r"(?![.\-])[A-Za-z0-9.\-]+\."  # labels, then the top-level domain:
    + r"(?!(?i:"
    + _SPECIAL_AT_TLD
    + r")\Z)[A-Za-z]{2,63}",  # alphabetic, not a special-use one
    re.ASCII,
)
#: Never in an address the fast path accepts: doubled dots; hyphens doubled or beside a dot.
_FAST_EMAIL_NEVER = ("..", "-.", ".-", "--")
_LOCAL_MAX, _ADDRESS_MAX, _LABEL_MAX = 64, 254, 63

_FLAGS = {
    **dict.fromkeys(("1", "yes", "y", "true", "t", "ja", "j", "oui", "si", "sí", "x"), "1"),
    **dict.fromkeys(("0", "no", "n", "false", "f", "nein", "non", ""), "0"),
}
_INTEGER = re.compile(r"[0-9]+", re.ASCII)
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"(-?[0-9]+),([0-9]{1,2})", re.ASCII)

# A check returns the problem as a sentence (None when fine) and may normalise the value in place.
_Check = Callable[[dict[str, FieldValue], str], str | None]


@dataclass(frozen=True)
class Verdict:
    """The validator's word on one record: refused iff there are reasons."""

    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """Whether the row must not be sent."""
        return bool(self.reasons)


_ACCEPTED = Verdict()


def email_problem(address: str) -> str | None:
    """Why ``address`` is not a valid e-mail address, or None if it is."""
    if _fast_email_ok(address):
        return None
    try:
        email_validator.validate_email(address, check_deliverability=False)
    except email_validator.EmailNotValidError as err:
        return str(err)
    return None


def _fast_email_ok(address: str) -> bool:
    if _FAST_EMAIL.fullmatch(address) is None or any(n in address for n in _FAST_EMAIL_NEVER):
        return False
    if len(address) <= _LOCAL_MAX:  # nearly always: then no part can be too long
        return True
    at = address.rindex("@")
    return (
        len(address) <= _ADDRESS_MAX
        and at <= _LOCAL_MAX
        and all(len(label) <= _LABEL_MAX for label in address[at + 1 :].split("."))
    )


class RecordValidator:
    """Checks records one by one and remembers earlier rows to find duplicates within a file.

    Args:
        fields: the connector's target fields.
        duplicate_field: the field whose value (case-insensitive) must be unique in the file,
            or None for no duplicate check.
        default_country: ISO alpha-2 region for phone numbers without a country code.
        produced: the only fields records can have (a compiled mapping's ``targets``), or None
            for any. Checks of optional fields outside it are left out: they could never fire,
            and with a platform's dozens of optional fields they are most of the cost of a row.
    """

    def __init__(
        self,
        fields: Sequence[TargetField],
        *,
        duplicate_field: str | None = "email",
        default_country: str | None = None,
        produced: Collection[str] | None = None,
    ) -> None:
        # The per-row checks run as generated straight-line code (like the compiled mapping):
        # a row costs a few microseconds, and a loop with a call per field would double it.
        checked = [f for f in fields if produced is None or f.required or f.name in produced]
        by_name = {f.name: f for f in fields}
        label = by_name[duplicate_field].label if duplicate_field in by_name else duplicate_field
        # 64-bit hash of the value -> first row number: no address kept, ~100 bytes a row.
        self._seen: dict[int, int] = {}
        self._check = _generate_check(
            checked, default_country, duplicate_field, (label or "").lower(), self._seen
        )
        # Callers get the generated function itself: a frame less per row than the method.
        self.check = self._check  # type: ignore[method-assign, assignment]

    def check(self, record: MappedRecord) -> Verdict:
        """Reasons to refuse the record (and warnings), normalising flags and codes in place.

        A row that passes unremarked gets a shared verdict with empty lists: treat verdicts as
        read-only. Only rows without other reasons count as "first seen" for duplicates, so a
        refused row never makes a later good one a duplicate.
        """
        return self._check(record)


def _generate_check(
    fields: Sequence[TargetField],
    default_country: str | None,
    duplicate_field: str | None,
    duplicate_label: str,
    seen: dict[int, int],
) -> Callable[[MappedRecord], Verdict]:
    """One function that checks a whole record: every field in field order, then duplicates.

    Per field: a required one that is empty gets its "Missing" reason; a filled one gets its
    type check, with the common good case accepted inline (the plain e-mail shape, a known
    country code, a phone number just proven valid) before calling the full check. Then, if
    there is no reason yet, the duplicate check on ``duplicate_field``: hash() is 64-bit and
    ~30x cheaper than blake2b; it is salted per process, which is fine for a table (``seen``)
    that lives only as long as the validator. Field names enter the code only as repr()
    literals.
    """
    namespace: dict[str, object] = {
        "fast_email": _FAST_EMAIL.fullmatch,
        "codes": alpha2_codes(),
        "known_phones": known_valid,
        "remember": seen.setdefault,
        "duplicate_label": duplicate_label,
        "Verdict": Verdict,
        "ACCEPTED": _ACCEPTED,
    }
    lines = [
        "def check(record):",
        "    values = record.fields",
        # Tuples: the empty one is a constant, where a list would be built for every row.
        "    reasons = warnings = ()",
    ]
    for index, target in enumerate(fields):
        check = _check_for(target, default_country)
        if not target.required and check is None:
            continue
        lines.append(f"    v = values.get({target.name!r})")
        if target.required:
            namespace[f"missing{index}"] = f"Missing {target.label} (required)."
            lines.append(f"    if not v: reasons += (missing{index},)")
        if check is None:
            continue
        namespace[f"check{index}"] = check
        if target.type is FieldType.EMAIL:
            good = f"v.__class__ is str and len(v) <= {_LOCAL_MAX} and fast_email(v)" + "".join(
                f" and {never!r} not in v" for never in _FAST_EMAIL_NEVER
            )
            # Off the fast path, a pasted address may be cleaned (a warning says so).
            namespace[f"check{index}"] = _email_check(target.label, check)
            lines += [
                f"    elif not ({good}):" if target.required else f"    if v and not ({good}):",
                f"        problem, note = check{index}(values, {target.name!r})",
                "        if problem is not None: reasons += (problem,)",
                "        if note is not None: warnings += (note,)",
            ]
            continue
        if target.type is FieldType.COUNTRY_CODE:
            good = "v in codes"
        elif target.type is FieldType.PHONE:
            # The mapper's phone_e164 has just proven it (the usual case): skip the call chain.
            good = "v.__class__ is str and v in known_phones"
        else:
            good = "False"
        into = "reasons" if target.strict else "warnings"
        lines += [
            # A required field's "elif" follows its "if not v": v is known to be filled there.
            f"    elif not ({good}):" if target.required else f"    if v and not ({good}):",
            f"        problem = check{index}(values, {target.name!r})",
            f"        if problem is not None: {into} += (problem,)",
        ]
    if duplicate_field is not None:
        # Only rows without other reasons count as "first seen".
        lines += [
            "    if not reasons:",
            f"        v = values.get({duplicate_field!r})",
            "        if v and v.__class__ is str:",
            "            first = remember(hash(v.lower()), record.row_number)",
            "            if first != record.row_number:",
            '                reasons += (f"Duplicate of row {first} (same {duplicate_label}).",)',
        ]
    lines += [
        "    if not reasons and not warnings:",
        "        return ACCEPTED",
        "    return Verdict(list(reasons), list(warnings))",
    ]
    exec(compile("\n".join(lines), "<compiled checks>", "exec"), namespace)  # noqa: S102
    return namespace["check"]  # type: ignore[return-value]


def _check_for(target: TargetField, default_country: str | None) -> _Check | None:
    """The check for a field's type, or None if the type needs none."""
    label = target.label

    def each(test: Callable[[str], str | None]) -> _Check:
        # Multi-valued fields are checked item by item; the first problem is reported.
        def check(values: dict[str, FieldValue], name: str) -> str | None:
            value = values[name]
            if isinstance(value, str):
                return test(value)
            for item in value:
                if (problem := test(item)) is not None:
                    return problem
            return None

        return check

    match target.type:
        case FieldType.EMAIL:

            def email(item: str) -> str | None:
                problem = email_problem(item)
                if problem is None:
                    return None
                return f"{label} {item!r} is not a valid address: {problem}"

            return each(email)
        case FieldType.PHONE:

            def phone(item: str) -> str | None:
                if to_e164(item, default_country) is not None:
                    return None
                return f"{label} {item!r} is not a valid phone number; include the country code."

            return each(phone)
        case FieldType.COUNTRY_CODE:
            codes = alpha2_codes()
            slow = _normalising(label, _country_code, "is not a two-letter ISO country code")
            return lambda values, name: None if values[name] in codes else slow(values, name)
        case FieldType.INTEGER:

            def integer(item: str) -> str | None:
                return (
                    None if _INTEGER.fullmatch(item) else f"{label} {item!r} is not a whole number."
                )

            return each(integer)
        case FieldType.NUMBER:
            return _normalising(label, _number, "is not a number")
        case FieldType.FLAG:
            return _normalising(label, _flag, "is not yes or no (or 1/0)")
        case _:
            return None


def _email_check(
    label: str, check: _Check
) -> Callable[[dict[str, FieldValue], str], tuple[str | None, str | None]]:
    """The e-mail check with pasted shapes cleaned: returns (reason, warning)."""

    def clean(values: dict[str, FieldValue], name: str) -> tuple[str | None, str | None]:
        value = values[name]
        if not isinstance(value, str):
            return check(values, name), None
        problem = email_problem(value)
        if problem is None:
            return None, None
        pasted = clean_pasted_email(value)
        if pasted.problem is not None:
            return f"{label} {value!r} {pasted.problem}.", None
        if pasted.address != value and email_problem(pasted.address) is None:
            values[name] = pasted.address
            return None, f"{label} {value!r} cleaned to {pasted.address!r}."
        return f"{label} {value!r} is not a valid address: {problem}", None

    return clean


def _normalising(label: str, normalise: Callable[[str], str | None], complaint: str) -> _Check:
    """A check that rewrites a single text value to its normal form, or complains."""

    def check(values: dict[str, FieldValue], name: str) -> str | None:
        value = values[name]
        if not isinstance(value, str):
            return f"{label} must be a single value, not a list."
        normal = normalise(value)
        if normal is None:
            return f"{label} {value!r} {complaint}."
        values[name] = normal
        return None

    return check


def _country_code(value: str) -> str | None:
    upper = value.upper()
    return upper if is_alpha2(upper) else None


def _number(value: str) -> str | None:
    if _NUMBER.fullmatch(value):
        return value
    # European Excel writes "12,50".
    match = _DECIMAL_COMMA.fullmatch(value)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def _flag(value: str) -> str | None:
    return _FLAGS.get(value.strip().lower())
