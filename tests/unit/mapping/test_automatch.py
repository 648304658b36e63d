"""Auto-match of realistic export headers onto connector-like field lists."""

from __future__ import annotations

import pytest

from attendee_relay.core.fields import TargetField
from attendee_relay.core.mapping.automatch import auto_map, normalise
from attendee_relay.core.mapping.model import MappingEntry, Transform

EVENTBRITE = [
    "Order #",
    "Order Date",
    "First Name",
    "Last Name",
    "Email",
    "Ticket Type",
    "Job Title",
    "Company",
    "Cell Phone",
]
GERMAN = ["Vorname", "Nachname", "E-Mail", "Firma", "Position", "Telefon", "Land"]
FRENCH = ["Prénom", "Nom", "Adresse e-mail", "Société", "Fonction", "Téléphone", "Pays"]
SPANISH = ["Nombre", "Apellidos", "Correo electrónico", "Empresa", "Cargo", "Teléfono", "País"]


def columns(mapping_fields: dict[str, MappingEntry]) -> dict[str, object]:
    return {
        name: entry.column if entry.column is not None else entry.columns
        for name, entry in mapping_fields.items()
    }


def test_normalise_ignores_case_accents_and_punctuation() -> None:
    assert normalise("Prénom") == normalise("prenom") == "prenom"
    assert normalise("  E_Mail--Address ") == "e mail address"


def test_eventbrite_export_joins_first_and_last_name_for_a_full_name_field(
    tentimes_fields: tuple[TargetField, ...],
) -> None:
    mapping = auto_map(EVENTBRITE, tentimes_fields, "10times")
    assert columns(mapping.fields) == {
        "name": ["First Name", "Last Name"],
        "email": "Email",
        "designation": "Job Title",
        "company": "Company",
        "phone": "Cell Phone",
    }
    assert mapping.fields["name"].transforms[0] is Transform.JOIN
    assert all(entry.auto for entry in mapping.fields.values())


def test_eventbrite_export_fills_first_and_last_name_fields(
    influencersoft_fields: tuple[TargetField, ...],
) -> None:
    mapping = auto_map(EVENTBRITE, influencersoft_fields, "influencersoft")
    assert columns(mapping.fields) == {
        "f_name": "First Name",
        "l_name": "Last Name",
        "email": "Email",
        "phone": "Cell Phone",
        "company": "Company",
    }


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            GERMAN,
            {
                "name": ["Vorname", "Nachname"],
                "email": "E-Mail",
                "designation": "Position",
                "company": "Firma",
                "phone": "Telefon",
                "country": "Land",
            },
        ),
        (
            FRENCH,
            {
                "name": ["Prénom", "Nom"],
                "email": "Adresse e-mail",
                "designation": "Fonction",
                "company": "Société",
                "phone": "Téléphone",
                "country": "Pays",
            },
        ),
        (
            SPANISH,
            {
                "name": ["Nombre", "Apellidos"],
                "email": "Correo electrónico",
                "designation": "Cargo",
                "company": "Empresa",
                "phone": "Teléfono",
                "country": "País",
            },
        ),
    ],
    ids=["german", "french", "spanish"],
)
def test_european_excel_exports_match_every_field(
    headers: list[str], expected: dict[str, object], tentimes_fields: tuple[TargetField, ...]
) -> None:
    assert columns(auto_map(headers, tentimes_fields, "10times").fields) == expected


def test_german_export_fills_first_and_last_name(
    influencersoft_fields: tuple[TargetField, ...],
) -> None:
    mapping = auto_map(GERMAN, influencersoft_fields, "influencersoft")
    assert columns(mapping.fields)["f_name"] == "Vorname"
    assert columns(mapping.fields)["l_name"] == "Nachname"


def test_full_name_file_is_split_for_first_and_last_name_fields(
    influencersoft_fields: tuple[TargetField, ...],
) -> None:
    mapping = auto_map(["Full Name", "Email Address", "Mobile"], influencersoft_fields, "x")
    assert mapping.fields["f_name"] == MappingEntry(
        column="Full Name", transforms=[Transform.TRIM, Transform.FIRST_NAME], auto=True
    )
    assert mapping.fields["l_name"].transforms[-1] is Transform.LAST_NAME
    assert mapping.fields["email"].column == "Email Address"
    assert mapping.fields["phone"].column == "Mobile"


def test_full_name_file_maps_straight_to_a_full_name_field(
    tentimes_fields: tuple[TargetField, ...],
) -> None:
    mapping = auto_map(["Full Name", "E-Mail"], tentimes_fields, "10times")
    assert mapping.fields["name"].column == "Full Name"


def test_name_goes_to_full_name_not_company_name(tentimes_fields: tuple[TargetField, ...]) -> None:
    mapping = auto_map(["Company Name", "Name", "Email"], tentimes_fields, "10times")
    assert mapping.fields["name"].column == "Name"
    assert mapping.fields["company"].column == "Company Name"


def test_company_name_alone_never_becomes_the_attendee_name(
    tentimes_fields: tuple[TargetField, ...],
) -> None:
    mapping = auto_map(["Company Name", "Email"], tentimes_fields, "10times")
    assert "name" not in mapping.fields
    assert mapping.fields["company"].column == "Company Name"


def test_email_prefers_email_over_buyer_email(tentimes_fields: tuple[TargetField, ...]) -> None:
    mapping = auto_map(["Buyer Email", "Name", "Email"], tentimes_fields, "10times")
    assert mapping.fields["email"].column == "Email"


def test_buyer_email_is_used_when_it_is_the_only_email(
    tentimes_fields: tuple[TargetField, ...],
) -> None:
    mapping = auto_map(["Buyer Email", "Name"], tentimes_fields, "10times")
    assert mapping.fields["email"].column == "Buyer Email"


def test_job_title_wins_over_title(tentimes_fields: tuple[TargetField, ...]) -> None:
    mapping = auto_map(["Title", "Name", "Job Title"], tentimes_fields, "10times")
    assert mapping.fields["designation"].column == "Job Title"


def test_german_name_next_to_vorname_is_the_surname(
    tentimes_fields: tuple[TargetField, ...], influencersoft_fields: tuple[TargetField, ...]
) -> None:
    headers = ["Vorname", "Name", "E-Mail"]
    assert auto_map(headers, tentimes_fields, "10times").fields["name"].columns == [
        "Vorname",
        "Name",
    ]
    split = auto_map(headers, influencersoft_fields, "influencersoft").fields
    assert (split["f_name"].column, split["l_name"].column) == ("Vorname", "Name")


def test_fuzzy_match_catches_near_spellings(tentimes_fields: tuple[TargetField, ...]) -> None:
    mapping = auto_map(["Emails", "Companys", "Phone Numbr"], tentimes_fields, "10times")
    assert columns(mapping.fields) == {
        "email": "Emails",
        "company": "Companys",
        "phone": "Phone Numbr",
    }


def test_unrelated_headers_are_left_unmapped(tentimes_fields: tuple[TargetField, ...]) -> None:
    mapping = auto_map(["Order #", "Ticket Type", "Notes", ""], tentimes_fields, "10times")
    assert mapping.fields == {}


def test_a_header_feeds_at_most_one_field(tentimes_fields: tuple[TargetField, ...]) -> None:
    second = TargetField("work_email", "Work e-mail", concept="email")
    mapping = auto_map(["Email"], (*tentimes_fields, second), "10times")
    assert [entry.column for entry in mapping.fields.values()] == ["Email"]
    assert "work_email" not in mapping.fields


def test_default_transforms_follow_the_field_type(tentimes_fields: tuple[TargetField, ...]) -> None:
    mapping = auto_map(
        ["Name", "Email", "Phone", "Country"], tentimes_fields, "10times", default_country="DE"
    )
    assert mapping.default_country == "DE"
    assert mapping.fields["name"].transforms == [Transform.TRIM]
    assert mapping.fields["email"].transforms == [Transform.TRIM, Transform.LOWER]
    assert mapping.fields["phone"].transforms == [Transform.PHONE_E164]
    assert mapping.fields["country"].transforms == [Transform.COUNTRY_ALPHA2]
