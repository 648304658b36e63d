"""The in-process sandbox for *Try it with the sandbox*: started on demand, stopped on quit, with
a ready 10times connector pointing at it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # aiohttp is heavy: imported when the sandbox starts, not with the window
    from attendee_relay.sandbox.server import SandboxServer

log = logging.getLogger(__name__)

SANDBOX_CONNECTOR = "sandbox"
SANDBOX_CHANNEL = "Attendee Relay sandbox"
SANDBOX_PORT = 8765  # the CLI's default sandbox port (sandbox.server.DEFAULT_PORT)


#: Platforms the connector wizard's *Use the sandbox* fills in.
PRESET_PLATFORMS = ("10times",)


@dataclass(frozen=True, slots=True)
class SandboxPreset:
    """A connector's settings and secrets that point it at the running sandbox."""

    settings: dict[str, object]
    secrets: dict[str, str]


class SandboxSession:
    """Owns one :class:`SandboxServer`. Plain Python: start and stop from any thread.

    Args:
        port: the port to try first (the CLI's fixed one, so the connector survives a restart);
            a busy port falls back to any free one and the connector follows it.
        latency_ms: simulated latency, so progress is visible.
    """

    def __init__(self, port: int = SANDBOX_PORT, latency_ms: int = 40) -> None:
        self._port = port
        self._latency_ms = latency_ms
        self.server: SandboxServer | None = None

    @property
    def running(self) -> bool:
        return self.server is not None

    def start(self) -> SandboxServer:
        """Start the simulators (idempotent)."""
        from attendee_relay.sandbox.config import SandboxConfig
        from attendee_relay.sandbox.server import SandboxServer

        if self.server is None:
            config = SandboxConfig(latency_ms=self._latency_ms)
            try:
                self.server = SandboxServer(config, port=self._port).start()
            except OSError:
                log.info("Port %s is busy; the sandbox takes a free port.", self._port)
                self.server = SandboxServer(config, port=0).start()
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def preset(self, platform: str) -> SandboxPreset | None:
        """Start the sandbox and return what points a ``platform`` connector at it (None for a
        platform without a preset). Call off the GUI thread: starting takes a moment."""
        from attendee_relay.sandbox.config import DEFAULT_EVENT, SANDBOX_KEY

        if platform not in PRESET_PLATFORMS:
            return None
        server = self.start()
        return SandboxPreset(
            settings={
                "base_url": server.url("10times"),
                "event": DEFAULT_EVENT,
                "channel": SANDBOX_CHANNEL,
                # The sandbox's attendees are made up: nobody to e-mail.
                "notify_attendees": False,
            },
            secrets={"api_key": SANDBOX_KEY},
        )

    def ensure_connector(self) -> str:
        """Create (or re-point) the ``sandbox`` 10times connector and store its key.

        Returns:
            The connector's name.

        Raises:
            SecretsUnavailable: no keychain to keep the key in.
        """
        from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
        from attendee_relay.core.secrets import SecretStore

        preset = self.preset("10times")
        assert preset is not None
        server = self.start()
        for secret, value in preset.secrets.items():
            SecretStore().set(SANDBOX_CONNECTOR, secret, value)
        profiles = ProfileStore()
        settings = preset.settings
        if profiles.exists(SANDBOX_CONNECTOR):
            profile = profiles.get(SANDBOX_CONNECTOR)
            if profile.platform == "10times":
                profile.settings = {**profile.settings, "base_url": server.url("10times")}
                profiles.save(profile)
                return SANDBOX_CONNECTOR
        profiles.save(
            ConnectorProfile(
                name=SANDBOX_CONNECTOR,
                platform="10times",
                settings=settings,
                secret_names=["api_key"],
            )
        )
        return SANDBOX_CONNECTOR
