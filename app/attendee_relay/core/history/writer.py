"""HistoryWriter: the engine's row checkpoints, written on a thread of their own.

Why a thread: SQLite copies its write-ahead log back into the database (a checkpoint, with an
fsync) inside whichever commit takes the log past 1,000 pages. When the engine committed on its
event loop, that was every ~150 requests, and each time the loop stood still for 10-25 ms with
every answer waiting behind it. On this thread the same commits (and their checkpoints) leave
the loop alone: sqlite3 releases the GIL while it works.

Writes are done in the order they were given. Whatever is queued when the thread comes round is
written in one transaction (one commit for many answers). ``post`` does not wait (its future
says when the change is committed), and a failure there is raised by ``close``. The engine never
waits for these commits: what must survive a crash at once goes to the delivery journal first
(``journal.py``), and this thread catches the history up.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from attendee_relay.core.history.store import HistoryStore

Write = Callable[[HistoryStore], None]


class HistoryWriter:
    """A thread with its own connection to the history at ``path``. Start, write, close."""

    def __init__(self, path: Path, gather_s: float = 0.0) -> None:
        self._path = path
        self._gather_s = gather_s
        self._closing = threading.Event()
        self._jobs: queue.SimpleQueue[tuple[Write, Future[None]] | None] = queue.SimpleQueue()
        self._failure: BaseException | None = None
        self._opened: Future[None] = Future()
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)

    def start(self) -> None:
        """Open the connection on the thread; raises what opening raised (e.g. InputError)."""
        self._thread.start()
        self._opened.result()

    def post(self, change: Write) -> Future[None]:
        """Apply ``change`` soon, in order; the future is done once it is committed."""
        done = self._submit(change)
        done.add_done_callback(self._remember_failure)
        return done

    def close(self) -> None:
        """Write what is queued, stop the thread, and raise the first failure of a ``post``."""
        if self._thread.is_alive():
            self._closing.set()
            self._jobs.put(None)
            self._thread.join()
        if self._failure is not None:
            raise self._failure

    def _submit(self, change: Write) -> Future[None]:
        done: Future[None] = Future()
        self._jobs.put((change, done))
        return done

    def _remember_failure(self, done: Future[None]) -> None:
        error = done.exception()
        if error is not None and self._failure is None:
            self._failure = error

    def _run(self) -> None:
        try:
            store = HistoryStore(self._path)
        except BaseException as err:  # handed to start()'s caller
            self._opened.set_exception(err)
            return
        self._opened.set_result(None)
        try:
            while True:
                first = self._jobs.get()
                if first is not None and self._gather_s:
                    # Let more come (one commit for all of them), unless the run is ending.
                    self._closing.wait(self._gather_s)
                batch = [first]
                while not self._jobs.empty():
                    batch.append(self._jobs.get_nowait())
                jobs = [job for job in batch if job is not None]
                self._apply(store, jobs)
                if None in batch:
                    return
        finally:
            store.close()

    @staticmethod
    def _apply(store: HistoryStore, jobs: list[tuple[Write, Future[None]]]) -> None:
        failures: dict[int, BaseException] = {}
        try:
            with store.one_transaction():
                for index, (change, _done) in enumerate(jobs):
                    try:
                        change(store)
                    except Exception as err:  # that change failed; the others still count
                        failures[index] = err
        except Exception as err:  # the commit itself failed: nothing of the batch is written
            for _change, done in jobs:
                done.set_exception(err)
            return
        for index, (_change, done) in enumerate(jobs):
            if index in failures:
                done.set_exception(failures[index])
            else:
                done.set_result(None)
