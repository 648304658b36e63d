"""``attendee-relay sandbox`` and ``python -m attendee_relay.sandbox``: serve until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from attendee_relay.sandbox.config import DEFAULT_ACCOUNT, SandboxConfig
from attendee_relay.sandbox.server import DEFAULT_HOST, DEFAULT_PORT, run_forever

READY_PREFIX = "Sandbox listening on "
"""The first line printed, followed by the base URL: scripts read the port from it."""


def describe(base_url: str, config: SandboxConfig) -> str:
    """The text shown once the sandbox is up: where each simulator is and its sandbox keys."""
    events = ", ".join(sorted(config.tentimes_events)) or "(none)"
    channels = ", ".join(sorted(config.tentimes_channels)) or "any"
    keys = ", ".join(sorted(config.tentimes_keys))
    lines = [
        f"{READY_PREFIX}{base_url}",
        "",
        f"  10times register   base_url {base_url}/10times",
        f"                     key: {keys}   event: {events}   channel: {channels}",
    ]
    for name, account in sorted(config.influencersoft_accounts.items()):
        lines.append(f"  InfluencerSoft     base_url {base_url}/influencersoft/{name}")
        lines.append(f"                     account: {name}   rpsKey: {account.key}")
    expo_keys = ", ".join(sorted(config.expoplatform_keys))
    expo_events = ", ".join(sorted(config.expoplatform_events))
    lines += [
        f"  JSON push receiver url      {base_url}/push/<any-path>",
        f"  ExpoPlatform       base_url {base_url}/expoplatform",
        f"                     api_key: {expo_keys}   event: {expo_events}",
    ]
    for key, secret in sorted(config.ivvy_accounts.items()):
        lines.append(f"  iVvy               base_url {base_url}/ivvy")
        lines.append(f"                     api_key: {key}   api_secret: {secret}")
    groups = ", ".join(f"{gid} {name}" for gid, name in sorted(config.ivvy_groups.items()))
    lines.append(
        f"                     groups: {groups}   events (pull_event): "
        f"{', '.join(sorted(config.ivvy_events))}"
    )
    lines += [
        f"  GEVME (OAuth)      base_url {base_url}/gevme",
        f"                     client_id: {config.oauth_client_id}   client_secret: "
        f"{config.oauth_client_secret or '(none)'}   event: "
        f"{', '.join(sorted(config.gevme_events))}",
        "",
        f"  Recorded data:     GET  {base_url}/_sandbox/received",
        f"  Change settings:   POST {base_url}/_sandbox/config   (JSON)",
        f"  Start afresh:      POST {base_url}/_sandbox/reset",
        "",
        "These keys are sandbox defaults, not secrets. Press Ctrl-C to stop.",
    ]
    if DEFAULT_ACCOUNT not in config.influencersoft_accounts:  # pragma: no cover - defensive
        lines.append("(No InfluencerSoft account is configured.)")
    return "\n".join(lines)


def run_sandbox_command(
    port: int | None,
    latency_ms: int = 0,
    fault_rate: float = 0.0,
    *,
    rate_limit_per_minute: int = 0,
    seed: int = 0,
    host: str = DEFAULT_HOST,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the sandbox in the foreground until Ctrl-C or SIGTERM.

    Args:
        port: the port to listen on; None for the default (8765), 0 for one the OS picks.
        latency_ms: each simulated call is answered this long after it arrived.
        fault_rate: share (0..1) of calls that get a random fault (429, 5xx, dropped connection).
        rate_limit_per_minute: 0 for no limit.
        seed: makes the random faults repeatable.
        host: the interface; keep it loopback.
        out: where the addresses are printed (stdout by default).
        err: where a problem is reported (stderr by default).

    Returns:
        0 after Ctrl-C or SIGTERM; 2 when the settings are invalid or the port cannot be used.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        config = SandboxConfig(
            latency_ms=latency_ms,
            fault_rate=fault_rate,
            rate_limit_per_minute=rate_limit_per_minute,
            seed=seed,
        )
    except ValueError as exc:
        print(f"Cannot start the sandbox: {exc}", file=err)
        return 2
    chosen = DEFAULT_PORT if port is None else port

    def ready(base_url: str) -> None:
        print(describe(base_url, config), file=out, flush=True)

    try:
        run_forever(host, chosen, config, ready)
    except KeyboardInterrupt:
        print("Sandbox stopped.", file=out, flush=True)
        return 0
    except OSError as exc:
        print(
            f"Cannot listen on {host}:{chosen} ({exc.strerror or exc}); "
            "choose another port with --port N (0 lets the system pick one).",
            file=err,
        )
        return 2
    print("Sandbox stopped.", file=out, flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The arguments of ``python -m attendee_relay.sandbox`` (the main CLI mirrors them)."""
    parser = argparse.ArgumentParser(
        prog="python -m attendee_relay.sandbox",
        description="Run the local platform simulators until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=None, help=f"default {DEFAULT_PORT}; 0 = any")
    parser.add_argument("--host", default=DEFAULT_HOST, help="default 127.0.0.1")
    parser.add_argument(
        "--latency-ms", type=int, default=0, help="answer each call this long after it arrives"
    )
    parser.add_argument("--fault-rate", type=float, default=0.0, help="0..1 share of faulty calls")
    parser.add_argument("--rate-limit", type=int, default=0, help="requests a minute, 0 = none")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random faults")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m attendee_relay.sandbox``."""
    args = build_parser().parse_args(argv)
    return run_sandbox_command(
        args.port,
        latency_ms=args.latency_ms,
        fault_rate=args.fault_rate,
        rate_limit_per_minute=args.rate_limit,
        seed=args.seed,
        host=args.host,
    )
