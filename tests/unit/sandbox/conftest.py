"""A running sandbox and an HTTP client for every sandbox test: real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from attendee_relay.sandbox import SandboxServer


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox with default settings on an OS-chosen port."""
    with SandboxServer() as server:
        yield server


@pytest.fixture(scope="session")
def client() -> Iterator[httpx.Client]:
    """A plain httpx client with a short timeout; shared, as building its TLS context is slow."""
    with httpx.Client(timeout=10.0) as http:
        yield http
