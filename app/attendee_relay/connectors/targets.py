"""Helpers to declare a connector's target fields with the shared header synonyms."""

from __future__ import annotations

from attendee_relay.core.mapping.synonyms import synonyms


def synonyms_for(concept: str, *own: str, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Header spellings for a target field: the concept's shared synonyms, then ``own``.

    Args:
        concept: a concept of ``mapping.synonyms.SYNONYMS``, or "" for none.
        own: the platform's own names for the field (``lead_email``, ``billing.orderNo`` ...),
            so a file exported with the platform's headers matches without help.
        exclude: concepts whose spellings belong to another field of the same connector
            (e.g. "buyer email" is the billing e-mail, not the attendee's), removed here.
    """
    shared = synonyms(concept) if concept else ()
    taken = {spelling for other in exclude for spelling in synonyms(other)}
    seen: dict[str, None] = {}
    for spelling in (*shared, *own):
        if spelling not in taken:
            seen.setdefault(spelling, None)
    return tuple(seen)
