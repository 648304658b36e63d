"""Pulling a platform's list for the import wizard's source step: which connectors can, the last
sync, the pull itself and the sync mark. Qt-free; the slow parts run on a worker thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from attendee_relay.connectors.registry import connector_class, platform_names
from attendee_relay.context import LoadedConnector, load_connector, token_keeper
from attendee_relay.core.connector_api import OAuthConnector, PullConnector
from attendee_relay.core.errors import InputError
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.profiles import ConnectorProfile
from attendee_relay.core.pulling import PullProgress, PullSnapshot, PullSource, SyncMarks, pull
from attendee_relay.core.records import SourceRow


def can_pull(platform: str) -> bool:
    """Whether connectors of ``platform`` can list records to import elsewhere."""
    try:
        cls = connector_class(platform)
    except InputError:
        return False
    return bool(getattr(cls, "can_pull", False)) or callable(getattr(cls, "pull_request", None))


def can_push(platform: str) -> bool:
    """Whether connectors of ``platform`` take attendees (GEVME, a source only, does not)."""
    try:
        cls = connector_class(platform)
    except InputError:
        return True  # a damaged profile is listed, so that choosing it says what is wrong
    return bool(getattr(cls, "can_push", True))


def pulling_platform_titles() -> list[str]:
    """Titles of the platforms that can pull, for "add one of these" hints."""
    return [str(connector_class(p).title) for p in platform_names() if can_pull(p)]


def pull_profiles(profiles: list[ConnectorProfile]) -> list[ConnectorProfile]:
    """The saved connectors that can be pulled from."""
    return [p for p in profiles if can_pull(p.platform)]


@dataclass(frozen=True, slots=True)
class PullChoice:
    """A source connector loaded for pulling, with when it was last synced.

    Attributes:
        loaded: the connector with its secrets.
        scope: what a sync covers (the connector's ``dedupe_scope``, e.g. ``event=2001``).
        last_sync: when the last sync run from it started (UTC), or None.
    """

    loaded: LoadedConnector
    scope: str
    last_sync: datetime | None

    @property
    def name(self) -> str:
        return self.loaded.name


def load_choice(name: str) -> PullChoice:
    """Load connector ``name`` and its last sync. Blocking (keychain, SQLite).

    Raises:
        InputError, SetupError, SecretsUnavailable: as ``load_connector``.
    """
    loaded = load_connector(name)
    scope = loaded.connector.dedupe_scope()
    store = HistoryStore()
    try:
        marks = SyncMarks(store)
        try:
            last = marks.last(name, scope)
        finally:
            marks.close()
    finally:
        store.close()
    return PullChoice(loaded, scope, last)


@dataclass
class PulledList:
    """A finished pull, ready to be the import's source.

    Attributes:
        name: the source connector.
        title: its platform's title (e.g. "GEVME").
        scope: what the sync covers (see ``PullChoice``).
        snapshot: the rows on disk (personal data: ``discard`` it when done).
        source: the snapshot as an import source.
        preview: header and first rows, as a file's raw first lines.
        sample_rows: the first rows, for sample values.
        since: the ``modified_since`` of a delta pull, or "" for a full one.
    """

    name: str
    title: str
    scope: str
    snapshot: PullSnapshot
    source: PullSource
    preview: list[list[str]] = field(default_factory=list)
    sample_rows: list[SourceRow] = field(default_factory=list)
    since: str = ""

    @property
    def count(self) -> int:
        return self.snapshot.count

    def discard(self) -> None:
        """Delete the snapshot file (safe to call twice)."""
        self.snapshot.delete()


def fetch(
    choice: PullChoice,
    *,
    only_changed: bool,
    cancel: threading.Event,
    on_progress: Callable[[PullProgress], None] | None = None,
    preview_lines: int = 25,
    sample_rows: int = 20,
) -> PulledList:
    """Pull every page of ``choice``'s list (or what changed since its last sync). Blocking.

    Raises:
        TokenExpired: not signed in, or the sign-in cannot be renewed.
        SetupError: the platform refuses the setup, cannot be reached, or keeps failing.
        InputError: cancelled (``cancel`` set), or the connector cannot pull.
    """
    loaded = choice.loaded
    connector = loaded.connector
    if not isinstance(connector, PullConnector):
        raise InputError(f"Connector '{loaded.name}' ({connector.title}) cannot list records.")
    pulling: PullConnector = connector
    token_names = (
        set(connector.token_secret_names) if isinstance(connector, OAuthConnector) else set()
    )
    secrets = {k: v for k, v in loaded.secrets.items() if k not in token_names}
    tokens = token_keeper(loaded) if token_names else None
    options: dict[str, str] = {}
    if only_changed:
        store = HistoryStore()
        try:
            marks = SyncMarks(store)
            try:
                options = marks.delta_options(loaded.name, choice.scope)
            finally:
                marks.close()
        finally:
            store.close()
    snapshot = pull(
        pulling,
        tokens=tokens,
        secrets=secrets,
        options=options,
        label=loaded.name,
        cancel=cancel,
        on_progress=on_progress,
    )
    try:
        source = PullSource(snapshot)
        return PulledList(
            name=loaded.name,
            title=str(connector.title),
            scope=choice.scope,
            snapshot=snapshot,
            source=source,
            preview=source.preview(preview_lines),
            sample_rows=list(islice(source.rows(), sample_rows)),
            since=options.get("modified_since", ""),
        )
    except BaseException:
        snapshot.delete()
        raise


def record_sync(store: HistoryStore, pulled: PulledList, run_id: int) -> None:
    """Remember that ``pulled``'s source was synced (as of the pull's start) into run ``run_id``."""
    marks = SyncMarks(store)
    try:
        marks.record(pulled.name, pulled.scope, pulled.snapshot.started_at, run_id)
    finally:
        marks.close()


def sign_in_again_text(name: str, title: str, error: BaseException) -> str:
    """What to tell the user when the platform's sign-in has expired or was refused."""
    return (
        f"{error} In this app: close this window, select “{name}” in the main window, choose "
        f"Connectors → Edit connector… and sign in again on its “Sign in with {title}” page."
    )
