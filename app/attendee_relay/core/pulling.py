"""Pulling records out of a platform (GEVME attendees ...): every page, paced and retried, into a
private snapshot on disk, which becomes a CSV or the source of an import into another connector.

The connector is pure (``PullConnector``): it builds each page's request and reads its answer.
Here the requests are sent, at most ``rate_limit_per_minute`` a minute, passing failures retried
with backoff, an OAuth access token refreshed once when it is refused (``TokenKeeper``).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import httpx

from attendee_relay import __version__
from attendee_relay.core import paths
from attendee_relay.core.connector_api import HttpRequest, HttpResponse, PullConnector
from attendee_relay.core.csv_export import write_rows_csv
from attendee_relay.core.engine.ratelimit import RateLimiter
from attendee_relay.core.engine.retry import RETRYABLE_STATUSES, RetryPolicy, parse_retry_after
from attendee_relay.core.errors import InputError, SetupError, TokenExpired, TransientError
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources import Source, SourceInfo

#: Pages a pull reads at most: a server that never ends its list must not keep us forever.
MAX_PAGES = 100_000
#: How far before the last sync a delta pull starts, for clocks that disagree a little.
SYNC_OVERLAP = timedelta(minutes=5)
#: The date format of ``modified_since`` options handed to connectors (UTC).
MOMENT_FORMAT = "%Y-%m-%d %H:%M:%S"


class AccessTokens(Protocol):
    """What pulling needs of ``core.oauth.TokenKeeper``."""

    def access_token(self) -> str: ...

    def rejected(self, token: str) -> str: ...


@dataclass(frozen=True, slots=True)
class PullProgress:
    """After each page: pages read, rows kept, duplicates dropped."""

    pages: int
    rows: int
    duplicates: int


@dataclass
class PullSnapshot:
    """A pulled list on disk (JSON lines, readable by the user only).

    Attributes:
        path: the snapshot file.
        headers: every column, the connector's own first, then extra fields in order seen.
        count: rows kept.
        pages: pages read.
        duplicates: rows dropped because the same record came twice (a list shifting mid-pull).
        started_at: when the pull began (UTC); a later delta pull starts from here.
        notes: what the connector said the user should know about this pull, each once.
    """

    path: Path
    headers: list[str]
    count: int = 0
    pages: int = 0
    duplicates: int = 0
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    notes: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[dict[str, str]]:
        """The rows, streamed, each with every header (missing cells are "")."""
        with self.path.open(encoding="utf-8") as stream:
            for line in stream:
                data = json.loads(line)
                yield {h: str(data.get(h, "")) for h in self.headers}

    def write_csv(self, target: Path | str) -> int:
        """Write the rows as a spreadsheet-safe UTF-8 CSV (see ``csv_export``); returns the count."""
        return write_rows_csv(
            target, self.headers, ([row[h] for h in self.headers] for row in self.rows())
        )

    def delete(self) -> None:
        """Remove the snapshot file (it holds personal data)."""
        self.path.unlink(missing_ok=True)


class PullSource(Source):
    """A pulled list as an import source: ``info.headers`` and ``rows()`` like a file's.

    ``info.path`` is the snapshot, so an import records it (and its digest) like any file.
    """

    def __init__(self, snapshot: PullSnapshot) -> None:
        super().__init__(
            SourceInfo(
                path=snapshot.path,
                kind="csv",
                encoding="utf-8",
                delimiter=None,
                header_row=1,
                headers=list(snapshot.headers),
            )
        )
        self.snapshot = snapshot

    def rows(self) -> Iterator[SourceRow]:
        for number, values in enumerate(self.snapshot.rows(), start=2):
            yield SourceRow(number, values)

    def preview(self, limit: int = 20) -> list[list[str]]:
        result = [list(self.info.headers)]
        for row in self.rows():
            if len(result) >= limit:
                break
            result.append([row.values[h] for h in self.info.headers])
        return result


def pull(
    connector: PullConnector,
    *,
    tokens: AccessTokens | None = None,
    secrets: Mapping[str, str] | None = None,
    options: Mapping[str, str] | None = None,
    label: str = "pull",
    directory: Path | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    cancel: threading.Event | None = None,
    on_progress: Callable[[PullProgress], None] | None = None,
) -> PullSnapshot:
    """Read every page into a new snapshot. Blocking; run it off a GUI thread.

    Args:
        connector: the source connector.
        tokens: hands out the OAuth access token (added to ``secrets`` as ``access_token``).
        secrets: the connector's other secrets.
        options: per-pull choices such as ``modified_since``.
        label: names the snapshot file (e.g. the connector's name).
        directory: where the snapshot goes; the user data dir's ``pulls`` by default.
        transport: an httpx transport, for tests.
        retry: the backoff schedule; by default the connector's ``max_attempts``.
        cancel: set it (from any thread) to stop before the next page.
        on_progress: called after every page.

    Raises:
        TokenExpired: not signed in, or the sign-in cannot be renewed (sign in again).
        SetupError: the platform refuses the setup, cannot be reached, or keeps failing.
        InputError: cancelled.
    """
    folder = directory or _ensure(paths.data_dir() / "pulls")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    fd, name = tempfile.mkstemp(prefix=f"{_safe(label)}-{stamp}-", suffix=".jsonl", dir=folder)
    os.close(fd)  # mkstemp made it 0600: personal data stays the user's
    snapshot = PullSnapshot(Path(name), list(connector.pull_columns()))
    puller = _Puller(
        connector=connector,
        tokens=tokens,
        secrets=dict(secrets or {}),
        options=dict(options or {}),
        transport=transport,
        retry=retry or RetryPolicy(max_attempts=connector.settings.max_attempts),
        cancel=cancel or threading.Event(),
        on_progress=on_progress,
    )
    try:
        asyncio.run(puller.run(snapshot))
    except BaseException:
        snapshot.delete()
        raise
    return snapshot


class _Puller:
    def __init__(
        self,
        *,
        connector: PullConnector,
        tokens: AccessTokens | None,
        secrets: dict[str, str],
        options: dict[str, str],
        transport: httpx.AsyncBaseTransport | None,
        retry: RetryPolicy,
        cancel: threading.Event,
        on_progress: Callable[[PullProgress], None] | None,
    ) -> None:
        self._connector = connector
        self._tokens = tokens
        self._secrets = secrets
        self._options = options
        self._transport = transport
        self._retry = retry
        self._cancel = cancel
        self._on_progress = on_progress
        self._limiter = RateLimiter(connector.settings.rate_limit_per_minute)
        self._rng = random.Random()
        self._identity = connector.pull_identity_column

    async def run(self, snapshot: PullSnapshot) -> None:
        seen: set[str] = set()
        known = set(snapshot.headers)
        cursor = self._connector.first_pull_cursor(self._options)
        async with httpx.AsyncClient(
            transport=self._transport,
            timeout=self._connector.settings.timeout_s,
            headers={"User-Agent": f"attendee-relay/{__version__}"},
            trust_env=False,
        ) as client:
            with snapshot.path.open("w", encoding="utf-8") as out:
                while True:
                    if self._cancel.is_set():
                        raise InputError("The pull was cancelled; nothing was written.")
                    page = await self._page(client, cursor)
                    snapshot.pages += 1
                    if page.note and page.note not in snapshot.notes:
                        snapshot.notes.append(page.note)
                    for row in page.rows:
                        key = row.get(self._identity, "") if self._identity else ""
                        key = key or json.dumps(row, sort_keys=True, ensure_ascii=False)
                        if key in seen:
                            snapshot.duplicates += 1
                            continue
                        seen.add(key)
                        for column in row:
                            if column not in known:
                                known.add(column)
                                snapshot.headers.append(column)
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
                        snapshot.count += 1
                    if self._on_progress is not None:
                        self._on_progress(
                            PullProgress(snapshot.pages, snapshot.count, snapshot.duplicates)
                        )
                    if page.next_cursor is None or page.next_cursor == cursor:
                        return
                    if snapshot.pages >= MAX_PAGES:
                        raise SetupError(
                            f"The platform kept sending pages ({MAX_PAGES}); the list's paging "
                            "is not understood. Report this, with the connector's platform."
                        )
                    cursor = page.next_cursor

    async def _page(self, client: httpx.AsyncClient, cursor: object | None) -> _Page:
        attempt = 0
        while True:
            await self._limiter.acquire()
            secrets = dict(self._secrets)
            if self._tokens is not None:
                secrets["access_token"] = await asyncio.to_thread(self._tokens.access_token)
            request = self._connector.pull_request(cursor, secrets, self._options)
            try:
                response = await _send(client, request)
                page = self._connector.read_pull_page(cursor, response)
                return _Page(page.rows, page.next_cursor, page.note)
            except TokenExpired:
                if self._tokens is None:
                    raise
                # Refreshes once; raises TokenExpired (sign in again) if it cannot.
                await asyncio.to_thread(self._tokens.rejected, secrets["access_token"])
            except TransientError as err:
                attempt += 1
                if attempt >= self._retry.max_attempts:
                    raise SetupError(
                        f"{err} Gave up after {attempt} {'try' if attempt == 1 else 'tries'}; "
                        "try the pull again later."
                    ) from None
                delay = self._retry.delay(attempt, err.retry_after, self._rng)
                if err.retry_after is not None:
                    self._limiter.hold_until(time.monotonic() + err.retry_after)
                await asyncio.sleep(delay)


@dataclass(frozen=True, slots=True)
class _Page:
    rows: list[dict[str, str]]
    next_cursor: object | None
    note: str = ""


async def _send(client: httpx.AsyncClient, request: HttpRequest) -> HttpResponse:
    started = time.monotonic()
    try:
        raw = await client.request(
            request.method, request.url, headers=request.headers, content=request.body or None
        )
    except httpx.TimeoutException:
        raise TransientError("The platform did not answer in time.") from None
    except httpx.TransportError as err:
        host = httpx.URL(request.url).host
        raise TransientError(f"Cannot connect to {host} ({type(err).__name__}).") from None
    if raw.status_code in RETRYABLE_STATUSES:
        raise TransientError(
            f"The platform answered HTTP {raw.status_code}.",
            retry_after=parse_retry_after(raw.headers.get("retry-after")),
        )
    return HttpResponse(raw.status_code, raw.headers, raw.content, time.monotonic() - started)


# ----- delta syncs -------------------------------------------------------------------------


class SyncMarks:
    """When each (source connector, scope) was last pulled into a sync run, in the history DB."""

    def __init__(self, store: HistoryStore) -> None:
        self._db = sqlite3.connect(store.path, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout=10000")

    def close(self) -> None:
        self._db.close()

    def last(self, source: str, scope: str) -> datetime | None:
        """When ``source`` was last synced for ``scope`` (UTC), or None if never."""
        row = self._db.execute(
            "SELECT synced_at FROM sync_marks WHERE source = ? AND scope = ?", (source, scope)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def record(self, source: str, scope: str, moment: datetime, run_id: int | None = None) -> None:
        """Remember that ``source``/``scope`` was synced as of ``moment``."""
        with self._db:
            self._db.execute(
                "INSERT INTO sync_marks (source, scope, synced_at, run_id) VALUES (?,?,?,?) "
                "ON CONFLICT (source, scope) DO UPDATE SET synced_at = excluded.synced_at, "
                "run_id = excluded.run_id",
                (source, scope, moment.astimezone(UTC).isoformat(timespec="seconds"), run_id),
            )

    def delta_options(self, source: str, scope: str) -> dict[str, str]:
        """``{"modified_since": ...}`` from the last sync (less a small overlap), or {} if none."""
        last = self.last(source, scope)
        if last is None:
            return {}
        return {"modified_since": format_moment(last - SYNC_OVERLAP)}


def format_moment(moment: datetime) -> str:
    """A moment as pull options carry it: ``YYYY-MM-DD HH:MM:SS`` in UTC."""
    return moment.astimezone(UTC).strftime(MOMENT_FORMAT)


def _safe(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", label)[:60] or "pull"


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
