"""Sample target field lists shaped like real connectors', for mapping and validation tests."""

from __future__ import annotations

import pytest

from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.mapping.synonyms import synonyms


def _field(name: str, label: str, concept: str, **kwargs: object) -> TargetField:
    return TargetField(name, label, synonyms=synonyms(concept), concept=concept, **kwargs)  # type: ignore[arg-type]


#: Like 10times: one full ``name``, a designation, a country code.
TENTIMES_LIKE = (
    _field("name", "Name", "full_name", required=True),
    _field("email", "E-mail", "email", required=True, type=FieldType.EMAIL),
    _field("designation", "Designation", "job_title"),
    _field("company", "Company", "company"),
    _field("phone", "Phone", "phone", type=FieldType.PHONE),
    _field("country", "Country", "country", type=FieldType.COUNTRY_CODE),
)

#: Like InfluencerSoft: first and last name apart, a strict phone.
INFLUENCERSOFT_LIKE = (
    _field("f_name", "First name", "first_name", required=True),
    _field("l_name", "Last name", "last_name"),
    _field("email", "E-mail", "email", required=True, type=FieldType.EMAIL),
    _field("phone", "Phone", "phone", type=FieldType.PHONE, strict=True),
    _field("company", "Company", "company"),
)


@pytest.fixture
def tentimes_fields() -> tuple[TargetField, ...]:
    return TENTIMES_LIKE


@pytest.fixture
def influencersoft_fields() -> tuple[TargetField, ...]:
    return INFLUENCERSOFT_LIKE
