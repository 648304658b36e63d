"""Every row the checks would refuse, written to a CSV before anything is recorded (Qt-free).

The dry run of ``prepare_import`` keeps only a sample of refused rows; the export needs them all,
so it runs the same core steps (compile_mapping, RecordValidator) once more over the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from attendee_relay.core.connector_api import Connector
from attendee_relay.core.csv_export import write_rows_csv
from attendee_relay.core.importing import duplicate_field
from attendee_relay.core.mapping.compile import compile_mapping
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.sources import Source
from attendee_relay.core.validation import RecordValidator


def write_refused_rows(
    connector: Connector, source: Source, mapping: FieldMapping, path: Path
) -> int:
    """Write the rows the checks refuse (original columns, then row and reason); return how many.

    Raises:
        InputError: the mapping does not fit the file, or the file breaks part-way.
    """
    fields = connector.target_fields()
    headers = source.info.headers
    mapper = compile_mapping(mapping, headers, fields, connector.accepts_extra_field)
    validator = RecordValidator(
        fields, duplicate_field=duplicate_field(fields), default_country=mapping.default_country
    )

    def rows() -> Iterator[list[str]]:
        for row in source.rows():
            verdict = validator.check(mapper(row))
            if verdict.reasons:
                cells = [row.values.get(h, "") for h in headers]
                yield [*cells, str(row.number), " ".join(verdict.reasons)]

    return write_rows_csv(path, [*headers, "Row", "Reason"], rows())
