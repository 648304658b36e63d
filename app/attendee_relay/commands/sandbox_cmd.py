"""`attendee-relay sandbox [--port N]`: the local platform simulators, until Ctrl-C."""

from __future__ import annotations

import argparse

from attendee_relay.sandbox.cli import run_sandbox_command


def run_sandbox(args: argparse.Namespace) -> int:
    return run_sandbox_command(
        args.port,
        latency_ms=args.latency_ms,
        fault_rate=args.fault_rate,
        rate_limit_per_minute=args.rate_limit,
    )
