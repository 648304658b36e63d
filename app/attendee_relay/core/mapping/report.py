"""How each field of a mapping was matched, how sure that is, and what is left to ask.

``attendee-relay map --json`` prints it and the wizard's mapping page shows it as badges.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from attendee_relay.core.mapping.model import FieldMapping


class MatchHow(enum.StrEnum):
    """Where a field's column came from."""

    SYNONYM = "synonym"  # the header is a known spelling of the field, in one of 20 languages
    FUZZY = "fuzzy"  # the header is close to a known spelling
    VALUES = "values"  # the column's values look like what the field holds
    REMEMBERED = "remembered"  # the mapping used last time for the same headers
    TEMPLATE = "template"  # a named template or a mapping file


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """How one target field was filled.

    Attributes:
        columns: the source columns it reads (empty for a fixed value).
        how: where the match came from.
        confidence: 0-1; 1 for what the coordinator chose, lower for guesses.
        reason: one sentence on why (a tooltip, ``map --json``).
        question: set when the header and the values disagree: what to check.
    """

    columns: tuple[str, ...]
    how: MatchHow
    confidence: float
    reason: str = ""
    question: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "columns": list(self.columns),
            "how": self.how.value,
            "confidence": self.confidence,
            "reason": self.reason,
        }
        if self.question:
            out["question"] = self.question
        return out


@dataclass(frozen=True, slots=True)
class UnmappedColumn:
    """A source column no field reads, with its first non-empty values."""

    column: str
    samples: tuple[str, ...]


@dataclass(slots=True)
class MatchReport:
    """A mapping with the story of each field.

    Attributes:
        mapping: the mapping to use (or to review).
        matches: target field name -> how it was matched.
        questions: disagreements the coordinator should settle, one sentence each.
        unmapped: source columns no field reads.
    """

    mapping: FieldMapping
    matches: dict[str, FieldMatch] = field(default_factory=dict)
    questions: list[str] = field(default_factory=list)
    unmapped: list[UnmappedColumn] = field(default_factory=list)

    @property
    def remembered(self) -> bool:
        """Whether this is the mapping remembered from an earlier import of the same headers."""
        return any(m.how is MatchHow.REMEMBERED for m in self.matches.values())

    def to_json(self) -> dict[str, Any]:
        """The shape ``attendee-relay map --json`` prints."""
        return {
            "platform": self.mapping.platform,
            "fields": {name: match.to_json() for name, match in self.matches.items()},
            "questions": list(self.questions),
            "unmapped_columns": [
                {"column": u.column, "samples": list(u.samples)} for u in self.unmapped
            ],
            "mapping": self.mapping.model_dump(mode="json", exclude_none=True),
        }
