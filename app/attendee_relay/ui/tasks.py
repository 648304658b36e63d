"""Run work off the GUI thread and hand its result or error back on the GUI thread.

Widgets never call httpx or SQLite-heavy code directly: they call ``run_in_background`` with a
plain function and two callbacks. The callbacks run on the GUI thread (queued signal), and a
callback whose owner widget was deleted meanwhile is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")

_alive: set[_Job[Any]] = set()  # keeps jobs referenced until their result is delivered


class _Relay(QObject):
    """Lives on the GUI thread; its slots receive the worker's signals (queued)."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, job: _Job[Any]) -> None:
        super().__init__()
        self._job = job
        self.done.connect(self._on_done)
        self.failed.connect(self._on_failed)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self._job.deliver(result, None)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._job.deliver(None, error)


class _Job(QRunnable, Generic[T]):
    def __init__(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None,
        owner: QObject | None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._fn = fn
        self._on_done = on_done
        self._on_error = on_error
        self._owner = owner
        self.relay = _Relay(self)  # created here, on the GUI thread

    def run(self) -> None:  # on a pool thread
        try:
            result = self._fn()
        except BaseException as err:  # handed to the GUI thread, never lost
            self._emit(self.relay.failed, err)
        else:
            self._emit(self.relay.done, result)

    def _emit(self, signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The relay is gone: the app quit while this job ran. Nobody is left to tell.
            _alive.discard(self)

    def deliver(self, result: object, error: BaseException | None) -> None:  # on the GUI thread
        _alive.discard(self)
        if self._owner is not None and not shiboken6.isValid(self._owner):
            return
        if error is None:
            self._on_done(result)  # type: ignore[arg-type]
        elif self._on_error is not None:
            self._on_error(error)
        else:
            raise error


def run_in_background(
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Run ``fn`` on a worker thread; call ``on_done(result)`` or ``on_error(exc)`` on the GUI
    thread, unless ``owner`` has been deleted by then. Call from the GUI thread."""
    job: _Job[T] = _Job(fn, on_done, on_error, owner)
    _alive.add(job)
    (pool or QThreadPool.globalInstance()).start(job)
