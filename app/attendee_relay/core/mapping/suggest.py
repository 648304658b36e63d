"""The mapping to start from for a file: the one remembered for its headers, else a fresh match."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from attendee_relay.core.fields import TargetField
from attendee_relay.core.mapping.automatch import Rows, match_columns, unmapped_columns
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.mapping.remembered import recall_mapping
from attendee_relay.core.mapping.report import FieldMatch, MatchHow, MatchReport


def suggest_mapping(
    headers: Sequence[str],
    fields: Sequence[TargetField],
    platform: str,
    *,
    rows: Rows = (),
    default_country: str | None = None,
    fresh: bool = False,
    accepts_extra: Callable[[str], bool] = lambda _name: False,
) -> MatchReport:
    """The remembered mapping for these headers (unless ``fresh``), else ``match_columns``.

    A remembered mapping that fills a field the connector no longer has (``accepts_extra``
    says which names beyond ``fields`` it takes) is passed over, not carried into a failing
    import.
    """
    if not fresh:
        remembered = recall_mapping(platform, headers)
        known = {f.name for f in fields}
        if remembered is not None and all(
            name in known or accepts_extra(name) for name in remembered.fields
        ):
            if default_country:
                remembered.default_country = default_country.upper()
            return explain_chosen(remembered, headers, rows, MatchHow.REMEMBERED)
    return match_columns(headers, fields, platform, rows=rows, default_country=default_country)


def explain_chosen(
    mapping: FieldMapping, headers: Sequence[str], rows: Rows, how: MatchHow
) -> MatchReport:
    """The report of a mapping the coordinator chose (remembered, a template or a file)."""
    said = {
        MatchHow.REMEMBERED: "As last time: the mapping used for these same columns before.",
        MatchHow.TEMPLATE: "From the mapping you chose.",
    }.get(how, "")
    matches = {
        name: FieldMatch(tuple(entry.source_columns()), how, 1.0, said)
        for name, entry in mapping.fields.items()
    }
    return MatchReport(
        mapping=mapping, matches=matches, unmapped=unmapped_columns(mapping, headers, rows)
    )
