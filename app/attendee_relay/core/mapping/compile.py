"""Compile a mapping once into per-field closures, then map each source row in a few microseconds."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from attendee_relay.core.errors import InputError
from attendee_relay.core.fields import TargetField
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry, Transform
from attendee_relay.core.mapping.phone import is_supported_region, to_e164
from attendee_relay.core.mapping.transforms import (
    PhoneE164,
    collapse,
    country_alpha2,
    first_name,
    last_name,
    phone_e164,
)
from attendee_relay.core.records import FieldValue, MappedRecord, SourceRow

_Values = dict[str, str]
_Getter = Callable[[_Values], FieldValue]
_Step = Callable[[FieldValue], FieldValue]
_DEFAULT_LIST_SPLIT = re.compile(r"[;,]")


class RecordMapper:
    """A compiled mapping: call it with a source row to get the mapped record.

    Each mapping gets its own subclass whose ``__call__`` is the generated row function
    itself: calling the mapper then runs one Python frame per row, not a method that calls
    the row function (a frame fewer, at a few microseconds a row). Column and field names enter
    the generated code only as repr() string literals, never as code.
    """

    __slots__ = ("targets",)

    def __init__(self, targets: tuple[str, ...]) -> None:
        self.targets = targets

    def __call__(self, row: SourceRow) -> MappedRecord:
        """The mapped record of one source row (``source`` is the row's values)."""
        raise NotImplementedError  # every compiled mapper's class has its own


@dataclass(frozen=True, slots=True)
class _Inline:
    """A single-column entry with text transforms only: compiled into the generated row code."""

    column: str
    functions: tuple[Callable[[str], str], ...]


@dataclass(frozen=True, slots=True)
class _InlineJoin:
    """Columns + JOIN + TRIM with a space: compiled into the generated row code."""

    columns: tuple[str, ...]


_How = _Getter | _Inline | _InlineJoin


def _record_mapper(entries: Sequence[tuple[str, _How]]) -> RecordMapper:
    compiled = type(
        "CompiledMapper", (RecordMapper,), {"__slots__": (), "__call__": _generate(entries)}
    )
    mapper: RecordMapper = compiled(tuple(name for name, _ in entries))
    return mapper


# TRIM: " ".join(v.split()), skipped when it would change nothing, which costs a third as much.
# Every whitespace character but the space is unprintable, so a printable text with no double
# space and no space at either end has nothing to collapse (strip returns the same object
# when it strips nothing; should it not, the text just takes the long way).
_COLLAPSE = (
    'if not (v.isprintable() and "  " not in v and v.strip(" ") is v): v = " ".join(v.split())'
)

# The same test for all the row's trimmed texts at once, on their join with "|": printable,
# no double space, no space beside a "|" or at either end means each text has nothing to
# collapse. A text that holds "| " itself only sends the row the long way, text by text.
_ALL_CLEAN = (
    'j.isprintable() and "  " not in j and " |" not in j and "| " not in j and j.strip(" ") is j'
)


def _generate(
    entries: Sequence[tuple[str, _How]],
) -> Callable[[RecordMapper, SourceRow], MappedRecord]:
    namespace: dict[str, object] = {
        "MappedRecord": MappedRecord,
        "new": object.__new__,
        "to_e164": to_e164,
    }
    lines = [
        "def map_row(self, row):",
        "    values = row.values",
        "    get = values.get",
        "    fields = {}",
    ]
    # First the texts that TRIM starts with, as t<index>, collapsed where needed.
    trimmed: list[int] = []
    for index, (_, how) in enumerate(entries):
        if isinstance(how, _Inline) and how.functions and how.functions[0] is collapse:
            lines.append(f'    t{index} = get({how.column!r}, "")')
            trimmed.append(index)
        elif isinstance(how, _InlineJoin):
            parts = ' + " " + '.join(f'get({c!r}, "")' for c in how.columns)
            lines.append(f"    t{index} = {parts}")
            trimmed.append(index)
    collapse_each = [
        line for index in trimmed for line in (f"v = t{index}", _COLLAPSE, f"t{index} = v")
    ]
    if len(trimmed) > 1:
        lines.append("    j = " + '"|".join((' + "".join(f"t{i}, " for i in trimmed) + "))")
        lines.append(f"    if not ({_ALL_CLEAN}):")
        lines += ["        " + line for line in collapse_each]
    else:
        lines += ["    " + line for line in collapse_each]
    for index, (target, how) in enumerate(entries):
        if isinstance(how, _Inline):
            functions = list(how.functions)
            if index in trimmed:
                functions.pop(0)
                lines.append(f"    v = t{index}")
            else:
                lines.append(f'    v = get({how.column!r}, "").strip()')
            for step, function in enumerate(functions):
                if function is collapse:
                    lines.append("    " + _COLLAPSE)
                elif function is str.lower or function is str.upper:
                    lines.append(f"    v = v.{function.__name__}()")
                elif isinstance(function, PhoneE164):
                    # PhoneE164.__call__ inlined: one call instead of two on the costliest
                    # transform of a typical file (the apostrophe: see PhoneE164).
                    name = f"region{index}_{step}"
                    namespace[name] = function.default_region
                    lines.append('    if v[:2] == "\'+": v = v[1:]')
                    lines.append(f"    if v: v = to_e164(v, {name}) or v")
                else:
                    name = f"f{index}_{step}"
                    namespace[name] = function
                    lines.append(f"    if v: v = {name}(v)")
        elif isinstance(how, _InlineJoin):
            lines.append(f"    v = t{index}")
        else:
            namespace[f"g{index}"] = how
            lines.append(f"    v = g{index}(values)")
        lines.append(f"    if v: fields[{target!r}] = v")
    # MappedRecord(row.number, fields, values) without its generated __init__ (a frame).
    lines += [
        "    record = new(MappedRecord)",
        "    record.row_number = row.number",
        "    record.fields = fields",
        "    record.source = values",
        "    return record",
    ]
    exec(compile("\n".join(lines), "<compiled mapping>", "exec"), namespace)  # noqa: S102
    return namespace["map_row"]  # type: ignore[return-value]


def compile_mapping(
    mapping: FieldMapping,
    headers: Sequence[str],
    fields: Sequence[TargetField],
    accepts_extra: Callable[[str], bool] = lambda name: False,
) -> RecordMapper:
    """Check a mapping against a file's headers and a platform's fields, and compile it.

    Args:
        mapping: the mapping to apply.
        headers: the source file's column headers.
        fields: the connector's target fields.
        accepts_extra: whether a target that is not a declared field is still fine
            (e.g. 10times custom questions ``response[123]``).

    Raises:
        InputError: naming every missing source column and every unknown target, or a bad
            default country.
    """
    header_set = set(headers)
    field_names = {f.name for f in fields}
    missing: list[str] = []
    unknown: list[str] = []
    for target, entry in mapping.fields.items():
        if target not in field_names and not accepts_extra(target):
            unknown.append(target)
        missing += [c for c in entry.source_columns() if c not in header_set and c not in missing]
    problems = []
    if missing:
        problems.append("columns that are not in the file: " + _quoted(missing))
    if unknown:
        problems.append(f"fields that {mapping.platform} does not have: " + _quoted(unknown))
    if problems:
        raise InputError(
            "The mapping uses "
            + "; and ".join(problems)
            + "; fix the mapping or choose another file."
        )
    uses_phone = any(Transform.PHONE_E164 in e.transforms for e in mapping.fields.values())
    if uses_phone and mapping.default_country and not is_supported_region(mapping.default_country):
        raise InputError(
            f"The mapping's default country {mapping.default_country!r} is not a country phone"
            " numbers can belong to; set a two-letter code such as DE or US."
        )
    entries: list[tuple[str, _How]] = []
    for target, entry in mapping.fields.items():
        how = _compile_entry(entry, mapping.default_country)
        if how is not None:
            entries.append((target, how))
    return _record_mapper(entries)


def _quoted(names: list[str]) -> str:
    return ", ".join(repr(n) for n in names)


def _text_function(
    transform: Transform, default_country: str | None
) -> Callable[[str], str] | None:
    """The str -> str function for a transform, or None for the shape-changing ones."""
    match transform:
        case Transform.TRIM:
            return collapse
        case Transform.LOWER:
            return str.lower
        case Transform.UPPER:
            return str.upper
        case Transform.FIRST_NAME:
            return first_name
        case Transform.LAST_NAME:
            return last_name
        case Transform.PHONE_E164:
            return phone_e164(default_country)
        case Transform.COUNTRY_ALPHA2:
            return country_alpha2
        case _:
            return None


def _compile_entry(entry: MappingEntry, default_country: str | None) -> _How | None:
    text_functions = [_text_function(t, default_country) for t in entry.transforms]
    if entry.column is not None and all(f is not None for f in text_functions):
        # The common case by far, kept free of shape checks: one column, text transforms only.
        return _Inline(entry.column, tuple(f for f in text_functions if f is not None))
    steps = [
        _step(t, f, entry.separator) for t, f in zip(entry.transforms, text_functions, strict=True)
    ]
    if entry.constant is not None:
        # Computed once: the same value for every row.
        constant = _run(steps, entry.constant.strip())
        return None if not constant else lambda values: constant
    if entry.column is not None:
        column = entry.column
        return lambda values: _run(steps, values.get(column, "").strip())
    columns = tuple(entry.columns or ())
    if entry.transforms == [Transform.JOIN, Transform.TRIM] and entry.separator in (None, " "):
        return _InlineJoin(columns)
    if entry.transforms in ([Transform.JOIN], [Transform.JOIN, Transform.TRIM]):
        return _joined_getter(columns, entry.separator, trim=len(entry.transforms) == 2)

    def get_columns(values: _Values) -> FieldValue:
        parts = [v for c in columns if (v := values.get(c, "").strip())]
        return _run(steps, parts)

    return get_columns


def _joined_getter(columns: tuple[str, ...], separator: str | None, trim: bool) -> _Getter:
    """``columns`` + JOIN (+ TRIM): the non-empty parts joined, without a list per row."""
    joiner = " " if separator is None else separator
    if joiner == " " and trim:
        return lambda values: " ".join(" ".join([values.get(c, "") for c in columns]).split())

    def get(values: _Values) -> str:
        joined = joiner.join([v for c in columns if (v := values.get(c, "").strip())])
        return " ".join(joined.split()) if trim else joined

    return get


def _run(steps: list[_Step], value: FieldValue) -> FieldValue:
    for step in steps:
        value = step(value)
    return value


def _step(
    transform: Transform, function: Callable[[str], str] | None, separator: str | None
) -> _Step:
    """A transform as a step on text or a list: text transforms apply to each item of a list."""
    if function is not None:
        return _each(function)
    if transform is Transform.JOIN:
        joiner = " " if separator is None else separator

        def join(value: FieldValue) -> FieldValue:
            return value if isinstance(value, str) else joiner.join(value)

        return join

    def split(value: FieldValue) -> FieldValue:
        items = [value] if isinstance(value, str) else value
        out: list[str] = []
        for item in items:
            pieces = _DEFAULT_LIST_SPLIT.split(item) if separator is None else item.split(separator)
            out += [p for piece in pieces if (p := piece.strip())]
        return out

    return split


def _each(function: Callable[[str], str]) -> _Step:
    def apply(value: FieldValue) -> FieldValue:
        if isinstance(value, str):
            return function(value) if value else value
        return [r for item in value if (r := function(item))]

    return apply
