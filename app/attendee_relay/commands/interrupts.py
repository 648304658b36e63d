"""Ctrl-C (and SIGTERM) during a delivery: stop sending, let requests in flight finish, and leave
the run resumable, on every OS.

asyncio's ``add_signal_handler`` exists only on Unix event loops; Windows' proactor loop raises
NotImplementedError, which once ended every real import on Windows with "Unexpected error". There
the classic ``signal.signal`` handler hands the cancel to the loop instead.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType

_SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


@contextmanager
def cancel_on_interrupt(
    loop: asyncio.AbstractEventLoop, cancel: Callable[[], None]
) -> Iterator[None]:
    """Call ``cancel`` on the loop's thread when Ctrl-C or SIGTERM arrives, within the block."""
    try:
        for number in _SIGNALS:
            loop.add_signal_handler(number, cancel)
    except (NotImplementedError, RuntimeError):
        for number in _SIGNALS:  # one may have been set before another failed
            with suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(number)
        with _classic_handlers(loop, cancel):
            yield
        return
    try:
        yield
    finally:
        for number in _SIGNALS:
            loop.remove_signal_handler(number)


@contextmanager
def _classic_handlers(
    loop: asyncio.AbstractEventLoop, cancel: Callable[[], None]
) -> Iterator[None]:
    def handler(number: int, frame: FrameType | None) -> None:
        loop.call_soon_threadsafe(cancel)

    previous = {number: signal.signal(number, handler) for number in _SIGNALS}
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
