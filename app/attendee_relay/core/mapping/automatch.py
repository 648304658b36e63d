"""Guess a mapping from a file's headers and first values, and say how each guess was made.

Order of evidence: a header that is a known spelling of the field (``synonym``, 20 languages),
then first + middle + last name joined into a full name (or a full name split), then the
column's values (``values``: e-mails, phones, countries, people's or company names), then a
header close to a known spelling (``fuzzy``). Header and values that agree raise the
confidence; that disagree become a question. Every guess is marked ``auto`` for review.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.mapping.headers import header_key, normalise
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry, Transform
from attendee_relay.core.mapping.report import FieldMatch, MatchHow, MatchReport, UnmappedColumn
from attendee_relay.core.mapping.synonyms import FAMILY_FIRST, SYNONYMS
from attendee_relay.core.mapping.values import (
    KIND_CONCEPT,
    STRONG_KINDS,
    ColumnVerdict,
    ValueKind,
    column_verdict,
)

#: Lowest rapidfuzz ratio (0-100) that counts as a match for headers with no exact synonym.
FUZZY_THRESHOLD = 88

#: Sampled rows looked at for values (more cost time and say little more).
SAMPLE_ROWS = 50

#: Sample values listed per unmapped column.
UNMAPPED_SAMPLES = 3

_FULL, _FIRST, _MIDDLE, _LAST = "full_name", "first_name", "middle_name", "last_name"
_SYNONYM_CONFIDENCE = 0.9
_DERIVED_CONFIDENCE = 0.85
_SPLIT_CONFIDENCE = 0.75  # splitting a full name is a guess about how it was written
_DISPUTED_CONFIDENCE = 0.3
# Header concepts whose columns hold free text that e-mails, phones, URLs or dates contradict.
_TEXT_CONCEPTS = frozenset(
    {"email", "phone", "country", _FULL, _FIRST, _LAST, "company", "job_title", "city"}
)
# Concepts a value kind also serves: a buyer's e-mail is an e-mail.
_RELATED = {"buyer_email": "email", "buyer_phone": "phone", "mobile": "phone"}

Rows = Sequence[Mapping[str, str]]

__all__ = ["auto_map", "default_transforms", "match_columns", "normalise", "unmapped_columns"]


@dataclass(frozen=True, slots=True)
class _Spellings:
    """A field's spellings: compact key -> rank (0 = most specific)."""

    ranks: dict[str, int]


@lru_cache(maxsize=1024)
def _field_spellings(field: TargetField) -> _Spellings:
    words = [field.name, field.label, *field.synonyms, *SYNONYMS.get(field.concept, ())]
    ranks: dict[str, int] = {}
    for index, word in enumerate(words):
        key = header_key(word)
        if key:
            ranks.setdefault(key, max(0, index - 1))
    return _Spellings(ranks)


@lru_cache(maxsize=1)
def _concept_index() -> dict[str, dict[str, int]]:
    """Compact key -> {concept: rank of that spelling within the concept}."""
    index: dict[str, dict[str, int]] = {}
    for concept, words in SYNONYMS.items():
        for rank, word in enumerate(words):
            index.setdefault(header_key(word), {}).setdefault(concept, rank)
    return index


class _Matcher:
    """One matching pass over a file's headers and sample values for one field list."""

    def __init__(self, headers: Sequence[str], fields: Sequence[TargetField], rows: Rows) -> None:
        self.headers = list(headers)
        self.fields = list(fields)
        self.keys = [header_key(h) for h in headers]
        index = _concept_index()
        self.concepts = [dict(index.get(key, {})) for key in self.keys]
        self._surname_named_name()
        self.verdicts = _verdicts(self.headers, rows)
        self.chosen: dict[str, MappingEntry] = {}
        self.matches: dict[str, FieldMatch] = {}
        self.used: set[int] = set()
        self.questions: list[str] = []

    def _surname_named_name(self) -> None:
        # In "Vorname; Name" exports (and Dutch "Voornaam; Naam"), "Name" is the surname.
        has_first = any(_FIRST in c for c in self.concepts)
        has_last = any(_LAST in c for c in self.concepts)
        if has_first and not has_last:
            for i, key in enumerate(self.keys):
                if key == "name":
                    self.concepts[i] = {_LAST: 0}

    # -- evidence ---------------------------------------------------------------------------

    def exact(self) -> None:
        """Headers that are a known spelling of a field; the most specific spelling first."""
        found: list[tuple[int, int, int]] = []
        for f_index, field in enumerate(self.fields):
            ranks = _field_spellings(field).ranks
            for h_index, key in enumerate(self.keys):
                if not key:
                    continue
                concepts = self.concepts[h_index]
                if self.keys[h_index] == "name" and _LAST in concepts and len(concepts) == 1:
                    rank = 0 if field.concept == _LAST else None
                else:
                    rank = ranks.get(key)
                if rank is not None:
                    found.append((rank, f_index, h_index))
        for _, f_index, h_index in sorted(found):
            field = self.fields[f_index]
            if field.name not in self.chosen and h_index not in self.used:
                self._take(field, h_index, MatchHow.SYNONYM, _SYNONYM_CONFIDENCE)

    def derived_names(self) -> None:
        """A full name joined from first (+ middle) + last name, or a full name split."""
        for field in self.fields:
            if field.name in self.chosen:
                continue
            if field.concept == _FULL:
                first, last = self._header_for(_FIRST), self._header_for(_LAST)
                if first is None or last is None:
                    continue
                middle = self._header_for(_MIDDLE)
                parts = [first, *([middle] if middle is not None else []), last]
                columns = [self.headers[i] for i in parts]
                entry = MappingEntry(
                    columns=columns, transforms=[Transform.JOIN, Transform.TRIM], auto=True
                )
                reason = "First and last name joined: " + " + ".join(f"“{c}”" for c in columns)
                self._record(field, entry, MatchHow.SYNONYM, _DERIVED_CONFIDENCE, reason)
            elif field.concept in (_FIRST, _LAST):
                full = self._header_for(_FULL)
                if full is None or self._header_for(field.concept) is not None:
                    continue
                if self.keys[full] in FAMILY_FIRST:
                    self.questions.append(
                        f"“{self.headers[full]}” holds whole names written family name first; "
                        f"map {field.label} by hand if the platform needs it apart."
                    )
                    continue
                self._split(field, full, MatchHow.SYNONYM, _SPLIT_CONFIDENCE)

    def lone_name_column(self) -> None:
        """A full name still empty, and the file's only name column is a "first name" one.

        "Nome", "Имя", "이름", "Tên" alone often hold the whole name; a platform that needs a
        name gets that column, less sure than a real match, and surer when its values are
        names of two words or more.
        """
        first = self._header_for(_FIRST)
        if first is None or self._header_for(_LAST) is not None:
            return
        verdict = self.verdicts[first]
        whole = verdict is not None and verdict.kind is ValueKind.PERSON
        for field in self.fields:
            if field.name in self.chosen or field.concept != _FULL:
                continue
            column = self.headers[first]
            entry = MappingEntry(column=column, transforms=default_transforms(field), auto=True)
            reason = f"“{column}” is the file's only name column" + (
                f" and {verdict.describe()}."
                if whole and verdict is not None
                else "; it may hold first names only: check the sample values."
            )
            self._record(field, entry, MatchHow.SYNONYM, 0.7 if whole else 0.5, reason)

    def by_values(self) -> None:
        """Fields still empty, filled from unused columns whose values fit them."""
        for field in self.fields:
            if field.name in self.chosen:
                continue
            concept = _RELATED.get(field.concept, field.concept)
            wanted = _FULL if concept in (_FIRST, _LAST) else concept
            candidates = [
                (verdict.confidence, -h_index, h_index, verdict)
                for h_index, verdict in enumerate(self.verdicts)
                if verdict is not None
                and h_index not in self.used
                and KIND_CONCEPT.get(verdict.kind) == wanted
                and not self._known_other_concept(h_index, wanted)
            ]
            if not candidates:
                continue
            candidates.sort(reverse=True)
            _, _, h_index, verdict = candidates[0]
            if len(candidates) > 1:
                others = ", ".join(f"“{self.headers[c[2]]}”" for c in candidates[1:])
                self.questions.append(
                    f"{others} also look like {field.label}; “{self.headers[h_index]}” was "
                    "taken: check which one is meant."
                )
            if concept in (_FIRST, _LAST):
                self._split(field, h_index, MatchHow.VALUES, verdict.confidence * 0.8, verdict)
            else:
                self._take(field, h_index, MatchHow.VALUES, verdict.confidence, verdict)

    def fuzzy(self) -> None:
        """Headers close to a known spelling, for fields still empty; best score first."""
        open_fields = [f for f in self.fields if f.name not in self.chosen]
        choices: dict[str, list[int]] = {}
        for f_index, field in enumerate(self.fields):
            if field in open_fields:
                for key in _field_spellings(field).ranks:
                    if len(key) >= 4:
                        choices.setdefault(key, []).append(f_index)
        by_length: dict[int, list[str]] = {}
        for key in choices:
            by_length.setdefault(len(key), []).append(key)
        found: list[tuple[float, int, int]] = []
        for h_index, key in enumerate(self.keys):
            if h_index in self.used or len(key) < 4 or self.concepts[h_index]:
                continue  # a known spelling of another concept is never bent into this one
            low, high = int(len(key) * 0.78), int(len(key) * 1.3) + 1
            pool = [k for n in range(low, high + 1) for k in by_length.get(n, ())]
            best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
            if best is not None:
                for f_index in choices[best[0]]:
                    found.append((-best[1], f_index, h_index))
        for negative_score, f_index, h_index in sorted(found):
            field = self.fields[f_index]
            if field.name not in self.chosen and h_index not in self.used:
                confidence = round(0.5 + (-negative_score - FUZZY_THRESHOLD) / 48, 2)
                self._take(field, h_index, MatchHow.FUZZY, confidence)

    # -- helpers ----------------------------------------------------------------------------

    def _header_for(self, concept: str) -> int | None:
        hits = [i for i, c in enumerate(self.concepts) if concept in c]
        return min(hits, key=lambda i: self.concepts[i][concept]) if hits else None

    def _known_other_concept(self, h_index: int, concept: str) -> bool:
        concepts = self.concepts[h_index]
        return bool(concepts) and concept not in concepts

    def _take(
        self,
        field: TargetField,
        h_index: int,
        how: MatchHow,
        confidence: float,
        verdict: ColumnVerdict | None = None,
    ) -> None:
        column = self.headers[h_index]
        entry = MappingEntry(column=column, transforms=default_transforms(field), auto=True)
        self.used.add(h_index)
        if how is MatchHow.VALUES and verdict is not None:
            reason = f"“{column}”: {verdict.describe()}."
            self._record(field, entry, how, confidence, reason)
            return
        reason = (
            f"“{column}” is a usual spelling of {field.label}."
            if how is MatchHow.SYNONYM
            else f"“{column}” is close to a spelling of {field.label}."
        )
        self._record(
            field, entry, how, confidence, reason, verdict=self.verdicts[h_index], column=column
        )

    def _split(
        self,
        field: TargetField,
        h_index: int,
        how: MatchHow,
        confidence: float,
        verdict: ColumnVerdict | None = None,
    ) -> None:
        column = self.headers[h_index]
        step = Transform.FIRST_NAME if field.concept == _FIRST else Transform.LAST_NAME
        entry = MappingEntry(column=column, transforms=[Transform.TRIM, step], auto=True)
        which = "first" if step is Transform.FIRST_NAME else "last"
        seen = f" ({verdict.describe()})" if verdict is not None else ""
        reason = f"The {which} name taken from the full names in “{column}”{seen}."
        self._record(field, entry, how, round(confidence, 2), reason)

    def _record(
        self,
        field: TargetField,
        entry: MappingEntry,
        how: MatchHow,
        confidence: float,
        reason: str,
        *,
        verdict: ColumnVerdict | None = None,
        column: str = "",
    ) -> None:
        question = ""
        if verdict is not None:
            concept = _RELATED.get(field.concept, field.concept)
            fits = KIND_CONCEPT.get(verdict.kind)
            if fits == concept or (fits == _FULL and concept in (_FIRST, _LAST)):
                # Two independent signs: the chance both are wrong is the product of each.
                values = verdict.confidence
                confidence = min(0.99, round(1 - (1 - confidence) * (1 - values), 2))
                reason += f" Its values agree: {verdict.describe()}."
            elif verdict.kind in STRONG_KINDS and concept in _TEXT_CONCEPTS:
                confidence = _DISPUTED_CONFIDENCE
                question = (
                    f"“{column}” is headed like {field.label}, but {verdict.describe()}: "
                    "check which field it belongs to."
                )
                self.questions.append(question)
        if not question and confidence < WEAK_CONFIDENCE:
            shown = " + ".join(f"“{c}”" for c in entry.source_columns())
            question = f"{shown} is only a weak match for {field.label}: check it."
            self.questions.append(question)
        self.chosen[field.name] = entry
        self.matches[field.name] = FieldMatch(
            columns=tuple(entry.source_columns()),
            how=how,
            confidence=round(confidence, 2),
            reason=reason,
            question=question,
        )


#: Below this a match is asked about, not silently kept (e.g. a column of company names whose
#: values only look like two-word person names).
WEAK_CONFIDENCE = 0.5


def _verdicts(headers: Sequence[str], rows: Rows) -> list[ColumnVerdict | None]:
    sample = rows[:SAMPLE_ROWS]
    if not sample:
        return [None] * len(headers)
    return [column_verdict(row.get(header, "") for row in sample) for header in headers]


def match_columns(
    headers: Sequence[str],
    fields: Sequence[TargetField],
    platform: str,
    *,
    rows: Rows = (),
    default_country: str | None = None,
) -> MatchReport:
    """Match source columns to target fields, explaining each match.

    A column feeds at most one field, except that the columns of a joined or split name may
    also feed the name fields they come from.

    Args:
        headers: the source file's headers.
        fields: the connector's target fields.
        platform: the connector's platform name, stored in the mapping.
        rows: the first data rows (header -> value); up to ``SAMPLE_ROWS`` are looked at.
        default_country: ISO alpha-2 for phone numbers without a country code.
    """
    matcher = _Matcher(headers, fields, rows)
    matcher.exact()
    matcher.derived_names()
    matcher.by_values()
    matcher.fuzzy()
    matcher.lone_name_column()
    ordered = {f.name: matcher.chosen[f.name] for f in fields if f.name in matcher.chosen}
    mapping = FieldMapping(platform=platform, default_country=default_country, fields=ordered)
    matches = {name: matcher.matches[name] for name in ordered}
    return MatchReport(
        mapping=mapping,
        matches=matches,
        questions=matcher.questions,
        unmapped=unmapped_columns(mapping, headers, rows),
    )


def auto_map(
    headers: Sequence[str],
    fields: Sequence[TargetField],
    platform: str,
    default_country: str | None = None,
    rows: Rows = (),
) -> FieldMapping:
    """The mapping of ``match_columns`` alone."""
    return match_columns(
        headers, fields, platform, rows=rows, default_country=default_country
    ).mapping


def unmapped_columns(
    mapping: FieldMapping, headers: Sequence[str], rows: Rows
) -> list[UnmappedColumn]:
    """Columns that no entry of ``mapping`` reads, with a few of their non-empty values."""
    read = {column for entry in mapping.fields.values() for column in entry.source_columns()}
    out = []
    for header in headers:
        if header in read:
            continue
        samples: list[str] = []
        for row in rows[:SAMPLE_ROWS]:
            value = row.get(header, "").strip()
            if value and value not in samples:
                samples.append(value)
                if len(samples) == UNMAPPED_SAMPLES:
                    break
        out.append(UnmappedColumn(header, tuple(samples)))
    return out


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
