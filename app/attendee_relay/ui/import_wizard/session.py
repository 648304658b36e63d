"""What the import wizard's pages share: the chosen source (a file or a pulled platform list),
the connector, the mapping and the run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from attendee_relay.context import LoadedConnector
from attendee_relay.core import paths
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources import Source
from attendee_relay.ui.import_wizard.platform_pull import PulledList

#: Data rows read up front for sample values and the request preview.
SAMPLE_ROWS = 20


@dataclass
class ImportSession:
    """The wizard's state. Pages read what earlier pages set; the core does the work.

    Attributes:
        path: the chosen file (for a pulled list, its snapshot on disk).
        source: the opened source (layout detected or chosen, or the pulled list).
        preview: raw cells of the first lines of the file, header included.
        sample_rows: the first data rows, for sample values and the request preview.
        pulled: the platform list pulled on the source page, when the source is a platform.
        loaded: the chosen connector with its secrets.
        mapping: the mapping being edited.
        run_id: the run delivered on the run page, once there is one.
    """

    path: Path | None = None
    source: Source | None = None
    preview: list[list[str]] = field(default_factory=list)
    sample_rows: list[SourceRow] = field(default_factory=list)
    pulled: PulledList | None = None
    loaded: LoadedConnector | None = None
    mapping: FieldMapping | None = None
    run_id: int | None = None

    @property
    def kind(self) -> str:
        """The history's kind of the run: "sync" from a platform, else "import"."""
        return "sync" if self.pulled is not None else "import"

    @property
    def source_label(self) -> str:
        """The source in words: the file's name, or "the GEVME list of “gv”"."""
        if self.pulled is not None:
            return f"the {self.pulled.title} list of “{self.pulled.name}”"
        if self.source is not None:
            return self.source.info.path.name
        return self.path.name if self.path is not None else ""

    @property
    def export_stem(self) -> str:
        """The start of file names offered for exports (refused rows ...)."""
        if self.pulled is not None:
            return self.pulled.name
        return self.path.stem if self.path is not None else "attendees"

    @property
    def export_folder(self) -> Path:
        """Where exports are offered by default: next to the file, else the Documents folder."""
        if self.pulled is None and self.path is not None:
            return self.path.parent
        return paths.documents_dir()
