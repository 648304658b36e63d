"""Compiled mappings: every transform, shapes of values, and errors naming what is wrong."""

from __future__ import annotations

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.fields import TargetField
from attendee_relay.core.mapping.compile import compile_mapping
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry, Transform
from attendee_relay.core.mapping.transforms import split_full_name
from attendee_relay.core.records import SourceRow

T = Transform


def run(entry: MappingEntry, values: dict[str, str], default_country: str | None = None) -> object:
    """Map one row with one entry onto target ``x``; return its value (None when left out)."""
    mapping = FieldMapping(platform="p", default_country=default_country, fields={"x": entry})
    mapper = compile_mapping(mapping, list(values), [TargetField("x", "X")])
    record = mapper(SourceRow(5, values))
    assert record.row_number == 5
    assert record.source is values
    return record.fields.get("x")


def test_column_values_are_always_stripped() -> None:
    assert run(MappingEntry(column="A"), {"A": "  Ann  Lee \t"}) == "Ann  Lee"


def test_trim_also_collapses_inner_whitespace() -> None:
    assert run(MappingEntry(column="A", transforms=[T.TRIM]), {"A": "  Ann \n Lee "}) == "Ann Lee"


def test_lower_and_upper() -> None:
    assert (
        run(MappingEntry(column="A", transforms=[T.TRIM, T.LOWER]), {"A": " Ann@X.COM "})
        == "ann@x.com"
    )
    assert run(MappingEntry(column="A", transforms=[T.UPPER]), {"A": "de"}) == "DE"


def test_three_text_transforms_apply_in_order() -> None:
    entry = MappingEntry(column="A", transforms=[T.TRIM, T.LAST_NAME, T.UPPER])
    assert run(entry, {"A": "Mary  Ann Smith"}) == "SMITH"


def test_empty_results_are_left_out() -> None:
    assert run(MappingEntry(column="A", transforms=[T.TRIM]), {"A": "   "}) is None
    assert run(MappingEntry(column="A", transforms=[T.LAST_NAME]), {"A": "Cher"}) is None
    assert run(MappingEntry(columns=["A", "B"]), {"A": "", "B": " "}) is None


def test_join_uses_the_non_empty_parts() -> None:
    entry = MappingEntry(columns=["A", "B", "C"], transforms=[T.JOIN, T.TRIM])
    assert run(entry, {"A": " Mary  Ann", "B": "", "C": "Smith "}) == "Mary Ann Smith"
    custom = MappingEntry(columns=["A", "B"], transforms=[T.JOIN], separator=" / ")
    assert run(custom, {"A": "x", "B": "y"}) == "x / y"
    assert run(custom, {"A": "", "B": "y"}) == "y"


def test_join_with_other_transforms_after_it() -> None:
    entry = MappingEntry(columns=["A", "B"], transforms=[T.JOIN, T.UPPER])
    assert run(entry, {"A": "a", "B": "b"}) == "A B"


def test_columns_without_join_give_a_list() -> None:
    assert run(MappingEntry(columns=["A", "B", "C"]), {"A": "x", "B": " ", "C": "z"}) == ["x", "z"]
    lowered = MappingEntry(columns=["A", "B"], transforms=[T.LOWER])
    assert run(lowered, {"A": "X", "B": "Y"}) == ["x", "y"]


def test_split_list_defaults_to_semicolon_or_comma() -> None:
    entry = MappingEntry(column="A", transforms=[T.SPLIT_LIST])
    assert run(entry, {"A": " a; b ,c;;"}) == ["a", "b", "c"]


def test_split_list_with_a_separator() -> None:
    entry = MappingEntry(column="A", transforms=[T.SPLIT_LIST], separator="|")
    assert run(entry, {"A": "a, b|c"}) == ["a, b", "c"]


def test_constant_with_transforms_is_computed_once() -> None:
    entry = MappingEntry(constant=" Deutschland ", transforms=[T.COUNTRY_ALPHA2])
    assert run(entry, {"A": "x"}) == "DE"
    assert run(MappingEntry(constant="  "), {"A": "x"}) is None


@pytest.mark.parametrize(
    ("full", "first", "last"),
    [
        ("Mary Ann Smith", "Mary Ann", "Smith"),
        ("Smith, John", "John", "Smith"),
        ("Cher", "Cher", ""),
        ("  John   Smith ", "John", "Smith"),
        ("Ludwig van Beethoven", "Ludwig", "van Beethoven"),
        ("John Smith Jr.", "John", "Smith Jr."),
        ("John Smith, Jr.", "John", "Smith Jr."),
    ],
)
def test_full_name_split(full: str, first: str, last: str) -> None:
    assert split_full_name(full) == (first, last)
    assert run(MappingEntry(column="A", transforms=[T.FIRST_NAME]), {"A": full}) == first
    assert run(MappingEntry(column="A", transforms=[T.LAST_NAME]), {"A": full}) == (last or None)


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("030 12345678", "DE", "+493012345678"),
        ("+1 (212) 555-0123", None, "+12125550123"),
        ("0151 12345678", "DE", "+4915112345678"),
        ("call me", "DE", "call me"),
        ("030 12345678", None, "030 12345678"),
    ],
)
def test_phone_e164_with_default_country(text: str, default: str | None, expected: str) -> None:
    entry = MappingEntry(column="A", transforms=[T.PHONE_E164])
    assert run(entry, {"A": text}, default_country=default) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Germany", "DE"),
        ("deutschland", "DE"),
        ("Allemagne", "DE"),
        ("Alemania", "DE"),
        ("DEU", "DE"),
        ("de", "DE"),
        ("UK", "GB"),
        ("Großbritannien", "GB"),
        ("USA", "US"),
        ("États-Unis", "US"),
        ("Republic of Korea", "KR"),
        ("Spanien", "ES"),
        ("Atlantis", "Atlantis"),
    ],
)
def test_country_alpha2(text: str, expected: str) -> None:
    assert run(MappingEntry(column="A", transforms=[T.COUNTRY_ALPHA2]), {"A": text}) == expected


def test_missing_columns_and_unknown_targets_are_all_named() -> None:
    mapping = FieldMapping(
        platform="10times",
        fields={
            "email": MappingEntry(column="Mail"),
            "name": MappingEntry(columns=["First", "Last"]),
            "nickname": MappingEntry(constant="x"),
            "response[12]": MappingEntry(constant="yes"),
        },
    )
    fields = [TargetField("email", "E-mail"), TargetField("name", "Name")]
    with pytest.raises(InputError) as caught:
        compile_mapping(
            mapping, ["Mail", "First"], fields, accepts_extra=lambda n: n.startswith("response[")
        )
    message = str(caught.value)
    assert "columns that are not in the file: 'Last'" in message
    assert "fields that 10times does not have: 'nickname'" in message
    assert "response" not in message and "'Mail'" not in message


def test_unknown_default_country_is_refused_when_phones_are_converted() -> None:
    mapping = FieldMapping(
        platform="p",
        default_country="XX",
        fields={"phone": MappingEntry(column="Tel", transforms=[T.PHONE_E164])},
    )
    with pytest.raises(InputError, match="default country 'XX'"):
        compile_mapping(mapping, ["Tel"], [TargetField("phone", "Phone")])


def test_odd_header_text_cannot_break_the_compiled_code() -> None:
    header = "x\")\nimport os  # '''"
    assert run(MappingEntry(column=header, transforms=[T.TRIM]), {header: " ok "}) == "ok"


def test_mapper_lists_its_targets() -> None:
    mapping = FieldMapping(platform="p", fields={"x": MappingEntry(column="A")})
    assert compile_mapping(mapping, ["A"], [TargetField("x", "X")]).targets == ("x",)


def test_phone_e164_reads_a_number_neutralised_by_our_own_csv_export() -> None:
    from attendee_relay.core.csv_export import neutralize_cell
    from attendee_relay.core.mapping.transforms import phone_e164

    convert = phone_e164("GB")

    assert convert(neutralize_cell("+44 20 7946 0958")) == "+442079460958"


@pytest.mark.parametrize("text", ["'+44 20 7946 0958", "'+12", "'+49 (0)30 12345678", "+1 555"])
def test_compiled_phone_e164_gives_what_the_transform_gives(text: str) -> None:
    from attendee_relay.core.mapping.transforms import phone_e164

    got = run(MappingEntry(column="A", transforms=[T.PHONE_E164]), {"A": text}, "GB")

    assert got == phone_e164("GB")(text)
