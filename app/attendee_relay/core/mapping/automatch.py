"""Guess a mapping from a file's headers: exact synonyms first, derived name fields, then fuzzy.

Each guess is marked ``auto`` so the UI can ask the coordinator to review it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry, Transform
from attendee_relay.core.mapping.synonyms import SYNONYMS

#: Lowest rapidfuzz score (0-100) that counts as a match for headers with no exact synonym.
FUZZY_THRESHOLD = 88

_FULL, _FIRST, _LAST = "full_name", "first_name", "last_name"


def normalise(header: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a header: "Prénom_" -> "prenom"."""
    text = unicodedata.normalize("NFKD", header.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _compact(normalised: str) -> str:
    # "E-Mail", "e mail" and "Email" are one spelling.
    return normalised.replace(" ", "")


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One way a field can be spelt, with its rank (0 is the most specific, e.g. its label)."""

    spaced: str
    compact: str
    rank: int


def _candidates(field: TargetField) -> list[_Candidate]:
    spellings = [field.name, field.label, *field.synonyms]
    concept = SYNONYMS.get(field.concept, ())
    spellings += concept
    out: list[_Candidate] = []
    seen: set[str] = set()
    for index, spelling in enumerate(spellings):
        spaced = normalise(spelling)
        if spaced and _compact(spaced) not in seen:
            seen.add(_compact(spaced))
            out.append(_Candidate(spaced, _compact(spaced), max(0, index - 1)))
    return out


def _concepts_of(compact: str) -> set[str]:
    return {
        concept
        for concept, spellings in SYNONYMS.items()
        if any(_compact(normalise(s)) == compact for s in spellings)
    }


def auto_map(
    headers: Sequence[str],
    fields: Sequence[TargetField],
    platform: str,
    default_country: str | None = None,
) -> FieldMapping:
    """Match source headers to target fields.

    Exact matches on the normalised header come first, the most specific spelling winning
    ("Email" over "Buyer Email" for the e-mail field); a header feeds at most one field. Then
    derived name fields: first + last name joined into a full name, or a full name split. Then
    fuzzy matches (rapidfuzz) for what is left, never taking a header that is a known spelling
    of another concept.

    Args:
        headers: the source file's headers.
        fields: the connector's target fields.
        platform: the connector's platform name, stored in the mapping.
        default_country: ISO alpha-2 for phone numbers without a country code.
    """
    spaced = [normalise(h) for h in headers]
    compact = [_compact(s) for s in spaced]
    header_concepts = [_concepts_of(c) for c in compact]
    overrides = _german_name_is_surname(compact, header_concepts)
    cands = {f.name: _candidates(f) for f in fields}
    chosen: dict[str, MappingEntry] = {}
    used: set[int] = set()

    # 1. Exact matches, globally greedy: most specific spelling first, then field order.
    exact: list[tuple[int, int, int, str]] = []
    for f_index, field in enumerate(fields):
        for h_index, key in enumerate(compact):
            if not key:
                continue
            if h_index in overrides:
                ranks = [0] if field.concept == overrides[h_index] else []
            else:
                ranks = [c.rank for c in cands[field.name] if c.compact == key]
            if ranks:
                exact.append((min(ranks), f_index, h_index, field.name))
    for _, f_index, h_index, _name in sorted(exact):
        field = fields[f_index]
        if field.name not in chosen and h_index not in used:
            chosen[field.name] = _entry(field, column=headers[h_index])
            used.add(h_index)

    # 2. Derived name fields, which may share headers with the fields they derive from.
    def header_for(concept: str) -> int | None:
        hits = [i for i, concepts in enumerate(header_concepts) if concept in concepts]
        return min(hits, key=lambda i: _concept_rank(concept, compact[i])) if hits else None

    for field in fields:
        if field.name in chosen:
            continue
        if field.concept == _FULL:
            first, last = header_for(_FIRST), header_for(_LAST)
            if first is not None and last is not None:
                chosen[field.name] = MappingEntry(
                    columns=[headers[first], headers[last]],
                    transforms=[Transform.JOIN, Transform.TRIM],
                    auto=True,
                )
        elif field.concept in (_FIRST, _LAST):
            full = header_for(_FULL)
            if full is not None and header_for(field.concept) is None:
                split = Transform.FIRST_NAME if field.concept == _FIRST else Transform.LAST_NAME
                chosen[field.name] = MappingEntry(
                    column=headers[full], transforms=[Transform.TRIM, split], auto=True
                )

    # 3. Fuzzy matches for the rest, best score first.
    fuzzy: list[tuple[float, int, int]] = []
    for f_index, field in enumerate(fields):
        if field.name in chosen:
            continue
        for h_index, key in enumerate(spaced):
            concepts = header_concepts[h_index]
            if h_index in used or not key or (concepts and field.concept not in concepts):
                continue
            score = max(_score(key, c) for c in cands[field.name]) if cands[field.name] else 0.0
            if score >= FUZZY_THRESHOLD:
                fuzzy.append((-score, f_index, h_index))
    for _, f_index, h_index in sorted(fuzzy):
        field = fields[f_index]
        if field.name not in chosen and h_index not in used:
            chosen[field.name] = _entry(field, column=headers[h_index])
            used.add(h_index)

    ordered = {f.name: chosen[f.name] for f in fields if f.name in chosen}
    return FieldMapping(platform=platform, default_country=default_country, fields=ordered)


def _german_name_is_surname(compact: list[str], concepts: list[set[str]]) -> dict[int, str]:
    """In "Vorname; Name" exports, "Name" is the surname, not the full name.

    Returns header index -> the one concept that header now stands for (``concepts`` is updated).
    """
    overrides: dict[int, str] = {}
    has_first = any(_FIRST in c for c in concepts)
    has_last = any(_LAST in c for c in concepts)
    if has_first and not has_last:
        for index, key in enumerate(compact):
            if key == "name":
                concepts[index] = {_LAST}
                overrides[index] = _LAST
    return overrides


def _concept_rank(concept: str, compact: str) -> int:
    for rank, spelling in enumerate(SYNONYMS[concept]):
        if _compact(normalise(spelling)) == compact:
            return rank
    return len(SYNONYMS[concept])


def _score(header: str, candidate: _Candidate) -> float:
    return max(
        fuzz.ratio(_compact(header), candidate.compact),
        fuzz.token_sort_ratio(header, candidate.spaced),
    )


def _entry(field: TargetField, *, column: str) -> MappingEntry:
    return MappingEntry(column=column, transforms=default_transforms(field), auto=True)


def default_transforms(field: TargetField) -> list[Transform]:
    """The transforms a freshly matched column gets for this field's type."""
    match field.type:
        case FieldType.EMAIL:
            return [Transform.TRIM, Transform.LOWER]
        case FieldType.PHONE:
            return [Transform.PHONE_E164]
        case FieldType.COUNTRY_CODE:
            return [Transform.COUNTRY_ALPHA2]
        case FieldType.LIST:
            return [Transform.SPLIT_LIST]
        case _:
            return [Transform.TRIM]
