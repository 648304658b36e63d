"""Run the sandbox: in a background thread for tests and the app, or in the foreground for the CLI."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from attendee_relay.sandbox.app import build_app
from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.runtime import SandboxRuntime

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
"""The CLI's port when none is given: fixed, so saved connector profiles keep working."""

_SHUTDOWN_TIMEOUT_S = 2.0  # in-flight calls (say, with a long latency) must not hold up a stop


async def _start_site(runtime: SandboxRuntime, host: str, port: int) -> tuple[web.AppRunner, int]:
    # No access log: it would cost more than the simulators themselves under load.
    runner = web.AppRunner(
        build_app(runtime), access_log=None, shutdown_timeout=_SHUTDOWN_TIMEOUT_S
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    # runner.addresses holds the bound (host, port, ...) tuples: the only way to learn port 0's.
    bound = runner.addresses[0][1] if runner.addresses else port
    return runner, int(bound)


class SandboxServer:
    """The sandbox on a background thread with its own event loop; a context manager.

    Example:
        with SandboxServer(SandboxConfig(latency_ms=20)) as sandbox:
            base_url = sandbox.url("10times")
            ...
            assert sandbox.registrations(1001) == {"ana@example.com": 1}
    """

    def __init__(
        self, config: SandboxConfig | None = None, host: str = DEFAULT_HOST, port: int = 0
    ) -> None:
        self.runtime = SandboxRuntime(config)
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    # Lifecycle -------------------------------------------------------------------------------

    def start(self) -> SandboxServer:
        """Start serving; returns once the port is bound.

        Raises:
            OSError: the port cannot be bound (already in use, bad host).
        """
        if self._thread is not None:
            return self
        ready = threading.Event()
        failure: list[BaseException] = []
        self._stopped.clear()
        self._thread = threading.Thread(
            target=self._serve, args=(ready, failure), name="attendee-relay-sandbox", daemon=True
        )
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    def _serve(self, ready: threading.Event, failure: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        try:
            runner, self._port = loop.run_until_complete(
                _start_site(self.runtime, self.host, self._requested_port)
            )
        except BaseException as exc:  # handed to start() to raise on the caller's thread
            failure.append(exc)
            loop.close()
            ready.set()
            return
        self._loop = loop
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            self._stopped.set()

    def stop(self) -> None:
        """Stop serving and wait for the thread; recorded state stays readable."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        self._thread = None
        self._loop = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # Where it is -----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (the OS-chosen one when created with port 0)."""
        if self._port is None:
            raise RuntimeError("The sandbox is not started; use start() or a with block.")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://host:port`` with no trailing slash."""
        return f"http://{self.host}:{self.port}"

    def url(self, prefix: str) -> str:
        """The base URL of one simulator, e.g. ``url("10times")`` or ``url("influencersoft/demo")``."""
        return f"{self.base_url}/{prefix.strip('/')}"

    # State -----------------------------------------------------------------------------------

    @property
    def config(self) -> SandboxConfig:
        """The config in force."""
        return self.runtime.config

    def configure(self, **changes: Any) -> SandboxConfig:
        """Change settings while running (see ``SandboxConfig``); returns the new config."""
        return self.runtime.configure(changes)

    def reset(self) -> None:
        """Forget everything recorded, past requests of the rate limit, and replay the faults."""
        self.runtime.reset()

    def received(self) -> dict[str, Any]:
        """Everything recorded, as ``GET /_sandbox/received`` gives it."""
        return self.runtime.received()

    def registrations(self, event: str | int) -> dict[str, int]:
        """10times registrations of one event: lower-cased email -> times registered."""
        return self.runtime.state.registrations(event)

    def contacts(self, account: str = "demo") -> dict[str, dict[str, Any]]:
        """InfluencerSoft contacts of one account by lower-cased email."""
        return self.runtime.state.contacts(account)

    def pushed(self) -> list[dict[str, Any]]:
        """Leads the push receiver accepted, in order (``path``, ``lead``, ``headers``)."""
        return self.runtime.state.pushed()

    def stats(self) -> dict[str, int]:
        """Counters: ``requests``, ``processed``, ``rate_limited``, ``fault_<kind>``, …"""
        counters: dict[str, int] = self.runtime.received()["stats"]
        return counters


def run_forever(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    config: SandboxConfig | None = None,
    ready_callback: Callable[[str], None] | None = None,
) -> None:
    """Serve in the foreground until Ctrl-C (KeyboardInterrupt, left to the caller) or SIGTERM.

    Args:
        host: the interface to listen on; keep it loopback.
        port: the port (0 = OS-chosen).
        config: the settings (defaults when None).
        ready_callback: called with the base URL once the port is bound.

    Raises:
        OSError: the port cannot be bound.
        KeyboardInterrupt: on Ctrl-C, after the server was closed.
    """
    asyncio.run(_serve_until_stopped(SandboxRuntime(config), host, port, ready_callback))


async def _serve_until_stopped(
    runtime: SandboxRuntime,
    host: str,
    port: int,
    ready_callback: Callable[[str], None] | None,
) -> None:
    runner, bound = await _start_site(runtime, host, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # SIGTERM (a service manager, a test harness) ends as quietly as Ctrl-C; not on Windows.
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    try:
        if ready_callback is not None:
            ready_callback(f"http://{host}:{bound}")
        await stop.wait()
    finally:
        await runner.cleanup()
