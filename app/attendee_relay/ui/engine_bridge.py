"""Run an ImportEngine on a worker thread and hand its events to the GUI thread as Qt signals.

The worker never emits a signal per event: it drops Progress (latest wins) and LogLine (appended)
into a locked mailbox, and a timer on the GUI thread drains it a few times a second. However fast
rows settle, the GUI sees at most one progress update and one batch of log lines per tick.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from attendee_relay.core.connector_api import Connector, HttpRequest, HttpResponse
from attendee_relay.core.engine.events import EngineEvent, LogLine, Progress
from attendee_relay.core.engine.retry import RetryPolicy
from attendee_relay.core.engine.runner import ImportEngine, RunResult
from attendee_relay.core.history import HistoryStore

#: How often the GUI thread collects what the worker reported (ms).
DRAIN_INTERVAL_MS = 100

#: Most log lines handed over per tick; the rest are summarised in one line (a flood of refusals
#: says nothing more at line 5,000 than at line 200, and the history keeps every row's reason).
MAX_LINES_PER_TICK = 200

#: The GIL switch interval while an import runs (Python's default is 5 ms).
GIL_SWITCH_INTERVAL_S = 0.001

#: Runs in the worker thread before the engine starts, with that thread's HistoryStore; returns
#: the run id to deliver (e.g. prepare_import for real, or prepare_resume for a retry).
PrepareStep = Callable[[HistoryStore], int]


def shorten_gil_pauses() -> None:
    """Keep the worker thread from holding the GIL long enough to stall the GUI thread.

    A full garbage collection scans every object and holds the GIL meanwhile: with Qt, httpx and
    the app loaded that took 60-70 ms, longer than the 50 ms a GUI may stall. Freezing what is
    alive now (modules, widgets) leaves collections only the import's own objects to scan.
    And with the default 5 ms switch interval the GUI thread may queue behind the busy worker
    several times per event; 1 ms keeps each wait short.
    """
    gc.freeze()
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


@dataclass
class _Mailbox:
    """What the worker left for the GUI thread since the last tick (guarded by ``lock``)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    progress: Progress | None = None
    lines: list[LogLine] = field(default_factory=list)
    dropped: int = 0
    run_id: int | None = None
    result: RunResult | None = None
    error: BaseException | None = None
    done: bool = False


class EngineBridge(QObject):
    """One import session at a time: prepare (optional) and deliver on a worker thread.

    Signals (all delivered on the GUI thread):
        started(int): the run id, once the prepare step is over and delivery begins.
        progress(object): the latest ``Progress``.
        logLines(list): ``LogLine`` values reported since the last tick, in order.
        finished(object): the engine's ``RunResult``.
        failed(object): the exception that stopped the session before or outside the engine
            (an ``InputError`` from preparing, for example); ``str(err)`` is the message to show.
    """

    started = Signal(int)
    progress = Signal(object)
    logLines = Signal(list)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._box = _Mailbox()
        self._engine: ImportEngine | None = None
        self._engine_lock = threading.Lock()
        self._cancelled = False
        self._paused = False
        self._thread: threading.Thread | None = None
        self._announced_start = False
        self.exchanges: list[tuple[HttpRequest, HttpResponse]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_INTERVAL_MS)
        self._timer.timeout.connect(self._drain)

    # ----- control (GUI thread) -----------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True from ``start`` until ``finished`` or ``failed`` has been emitted."""
        return self._thread is not None

    @property
    def paused(self) -> bool:
        return self._paused

    def start(
        self,
        *,
        connector: Connector,
        connector_name: str,
        secrets: Mapping[str, str],
        run_id: int | None = None,
        prepare: PrepareStep | None = None,
        retry: RetryPolicy | None = None,
        keep_exchanges: bool = False,
    ) -> None:
        """Start a session: ``prepare`` (if given, it yields the run id) then the engine.

        Args:
            connector: the connector to deliver through.
            connector_name: its saved name (recorded with every delivery).
            secrets: the connector's secrets.
            run_id: the prepared run to deliver, when there is no ``prepare`` step.
            prepare: work to do in the worker thread first; returns the run id.
            retry: the engine's retry policy (default: the connector's).
            keep_exchanges: collect every request/response pair in ``exchanges``.
        """
        if self._thread is not None:
            raise RuntimeError("An import is already running in this window.")
        if (run_id is None) == (prepare is None):
            raise ValueError("give exactly one of run_id or prepare")
        self._box = _Mailbox()
        self._engine = None
        self._cancelled = False
        self._paused = False
        self._announced_start = False
        self.exchanges = []
        box = self._box
        exchanges = self.exchanges

        def on_event(event: EngineEvent) -> None:  # on the worker thread
            with box.lock:
                if isinstance(event, Progress):
                    box.progress = event
                elif len(box.lines) < MAX_LINES_PER_TICK:
                    box.lines.append(event)
                else:
                    box.dropped += 1

        def on_exchange(request: HttpRequest, response: HttpResponse) -> None:
            exchanges.append((request, response))  # list.append is atomic

        def work() -> None:  # the worker thread
            store: HistoryStore | None = None
            try:
                store = HistoryStore()  # sqlite connections belong to the thread using them
                rid = prepare(store) if prepare is not None else run_id
                assert rid is not None
                with box.lock:
                    box.run_id = rid
                engine = ImportEngine(
                    store=store,
                    run_id=rid,
                    connector=connector,
                    connector_name=connector_name,
                    secrets=secrets,
                    retry=retry,
                    on_event=on_event,
                    on_exchange=on_exchange if keep_exchanges else None,
                )
                with self._engine_lock:
                    self._engine = engine
                    if self._cancelled:
                        engine.cancel()
                    elif self._paused:
                        engine.pause()
                result = engine.run_blocking()
                with box.lock:
                    box.result = result
            except BaseException as err:  # handed to the GUI thread, never lost
                with box.lock:
                    box.error = err
            finally:
                if store is not None:
                    store.close()
                with box.lock:
                    box.done = True

        shorten_gil_pauses()
        self._thread = threading.Thread(target=work, name="import-engine", daemon=False)
        self._thread.start()
        self._timer.start()

    def pause(self) -> None:
        """Hold new requests; those in flight finish."""
        with self._engine_lock:
            self._paused = True
            if self._engine is not None:
                self._engine.pause()

    def resume(self) -> None:
        with self._engine_lock:
            self._paused = False
            if self._engine is not None:
                self._engine.resume()

    def cancel(self) -> None:
        """Stop after the requests in flight; the run stays resumable from the history."""
        with self._engine_lock:
            self._cancelled = True
            if self._engine is not None:
                self._engine.cancel()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the worker thread ends (for shutdown and tests); True if it has."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout_s)
        return not thread.is_alive()

    # ----- delivery (GUI thread) ----------------------------------------------------------------

    @Slot()
    def _drain(self) -> None:
        box = self._box
        with box.lock:
            progress, box.progress = box.progress, None
            lines, box.lines = box.lines, []
            dropped, box.dropped = box.dropped, 0
            run_id = box.run_id
            done, result, error = box.done, box.result, box.error
        if run_id is not None and not self._announced_start:
            self._announced_start = True
            self.started.emit(run_id)
        if dropped:
            lines.append(
                LogLine("info", f"… {dropped} more lines not shown here; the history has them all.")
            )
        if lines:
            self.logLines.emit(lines)
        if progress is not None:
            self.progress.emit(progress)
        if not done:
            return
        self._timer.stop()
        if self._thread is not None:
            self._thread.join()
        self._thread = None
        self._engine = None
        if result is not None:
            self.finished.emit(result)
        else:
            self.failed.emit(error)
