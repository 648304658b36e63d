"""Local simulators of the platforms' documented behaviour, served over real HTTP on loopback.

Written from the vendors' documents (API_NOTES.md, seeds 000 and 002), never from the connectors'
code. ``SandboxServer`` runs it in a background thread (tests, the app's "try it safely" mode);
``attendee-relay sandbox`` / ``python -m attendee_relay.sandbox`` run it in the foreground.
Sandbox defaults (not secrets): 10times key ``sandbox-key``, event ``1001``, any channel;
InfluencerSoft account ``demo`` with rpsKey ``sandbox-key``.
"""

from attendee_relay.sandbox.config import InfluencerSoftAccount, SandboxConfig
from attendee_relay.sandbox.server import SandboxServer, run_forever

__all__ = ["InfluencerSoftAccount", "SandboxConfig", "SandboxServer", "run_forever"]
