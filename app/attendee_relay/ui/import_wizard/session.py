"""What the import wizard's pages share: the chosen file, connector and mapping, and the run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from attendee_relay.context import LoadedConnector
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources import Source

#: Data rows read up front for sample values and the request preview.
SAMPLE_ROWS = 20


@dataclass
class ImportSession:
    """The wizard's state. Pages read what earlier pages set; the core does the work.

    Attributes:
        path: the chosen file.
        source: the opened source (layout detected or chosen).
        preview: raw cells of the first lines of the file, header included.
        sample_rows: the first data rows, for sample values and the request preview.
        loaded: the chosen connector with its secrets.
        mapping: the mapping being edited.
        run_id: the run delivered on the run page, once there is one.
    """

    path: Path | None = None
    source: Source | None = None
    preview: list[list[str]] = field(default_factory=list)
    sample_rows: list[SourceRow] = field(default_factory=list)
    loaded: LoadedConnector | None = None
    mapping: FieldMapping | None = None
    run_id: int | None = None
