"""Which mapping a command uses: a mapping file, a template, the one remembered for the file's
headers, or a fresh match — with what the coordinator should know about it on stderr."""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from attendee_relay.commands.console import warn
from attendee_relay.context import LoadedConnector
from attendee_relay.core.errors import InputError
from attendee_relay.core.mapping.automatch import SAMPLE_ROWS
from attendee_relay.core.mapping.country import is_alpha2
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.mapping.report import MatchHow, MatchReport
from attendee_relay.core.mapping.suggest import explain_chosen, suggest_mapping
from attendee_relay.core.mapping.templates import load_template
from attendee_relay.core.sources import Source


def report_for(args: argparse.Namespace, loaded: LoadedConnector, source: Source) -> MatchReport:
    """The mapping for ``source`` with how each field was matched (see ``mapping_for``)."""
    platform = loaded.connector.platform
    headers = source.info.headers
    rows = [row.values for row in itertools.islice(source.rows(), SAMPLE_ROWS)]
    default_country = getattr(args, "default_country", None)
    if default_country and not is_alpha2(default_country.strip().upper()):
        raise InputError(
            f"--default-country {default_country} is not a country code; use the two letters "
            "of ISO 3166, such as GB, DE or US."
        )
    if getattr(args, "mapping", None):
        chosen: FieldMapping | None = FieldMapping.load(Path(args.mapping))
    elif getattr(args, "template", None):
        chosen = load_template(platform, args.template)
    else:
        chosen = None
    if chosen is not None:
        if chosen.platform != platform:
            raise InputError(
                f"The mapping is for {chosen.platform}, but '{loaded.name}' is a {platform} "
                "connector."
            )
        report = explain_chosen(chosen, headers, rows, MatchHow.TEMPLATE)
    else:
        report = suggest_mapping(
            headers,
            loaded.connector.target_fields(),
            platform,
            rows=rows,
            default_country=default_country,
            fresh=getattr(args, "fresh", False),
            accepts_extra=loaded.connector.accepts_extra_field,
        )
    if default_country:
        report.mapping.default_country = default_country.upper()
    return report


def mapping_for(args: argparse.Namespace, loaded: LoadedConnector, source: Source) -> FieldMapping:
    """``--mapping`` file, else ``--template``, else the remembered mapping for these headers,
    else a fresh automatic match. Says on stderr when it is the remembered one, and asks the
    questions a fresh match left open."""
    report = report_for(args, loaded, source)
    tell(report)
    return report.mapping


def tell(report: MatchReport) -> None:
    """The remembered-mapping note and open questions, on stderr."""
    if report.remembered:
        warn(
            "Mapped as last time: the mapping used before for these same columns "
            "(`attendee-relay map NAME FILE --fresh` shows a fresh match)."
        )
    for question in report.questions:
        warn(f"Check: {question}")
