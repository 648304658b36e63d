"""Fixtures of the import wizard tests: the sandbox over real HTTP, a saved 10times connector, a
signed-in GEVME connector, files."""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from attendee_relay.context import load_connector, oauth_client_of
from attendee_relay.core.oauth import OAuthFlow, TokenStore
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.import_wizard.wizard import ImportWizard

REPO = Path(__file__).resolve().parents[3]
SAMPLE_CSV = REPO / "resources" / "sample_attendees.csv"
CONNECTOR = "tt-sandbox"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as server:
        yield server


@pytest.fixture
def tentimes_connector(sandbox: SandboxServer) -> str:
    """A 10times connector saved as a person would: profile on disk, key in the keychain."""
    ProfileStore().save(
        ConnectorProfile(
            name=CONNECTOR,
            platform="10times",
            settings={
                "base_url": sandbox.url("10times"),
                "event": "1001",
                "channel": "web",
                "max_concurrency": 2,
                "rate_limit_per_minute": 0,
            },
            secret_names=["api_key"],
        )
    )
    SecretStore().set(CONNECTOR, "api_key", "sandbox-key")
    return CONNECTOR


@pytest.fixture
def many_rows_csv(tmp_path: Path) -> Path:
    """200 valid attendees, no orders: one request per row, so a slow sandbox makes a slow run."""
    path = tmp_path / "many.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Email", "Company"])
        for i in range(200):
            writer.writerow([f"Ada{i}", f"Lovelace{i}", f"ada{i}@example.org", "Analytical"])
    return path


@pytest.fixture
def open_wizard(qtbot: QtBot) -> Iterator[Callable[..., ImportWizard]]:
    """Open an import wizard as the main window does; make sure no run outlives the test."""
    opened: list[ImportWizard] = []

    def make(**kwargs: object) -> ImportWizard:
        wizard = ImportWizard(**kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        opened.append(wizard)
        return wizard

    yield make
    for wizard in opened:
        if wizard.bridge.running:
            wizard.bridge.cancel()
            qtbot.waitUntil(lambda w=wizard: not w.bridge.running, timeout=20_000)


GEVME = "gv"


def _play_browser(url: str) -> bool:
    """The user's browser: follow the sandbox's authorize redirect back to the loopback listener."""

    def visit() -> None:
        with httpx.Client(timeout=10) as http:
            answer = http.get(url)
            http.get(answer.headers["location"])

    threading.Thread(target=visit, daemon=True).start()
    return True


def sign_in(name: str) -> None:
    """Sign connector ``name`` in over real HTTP (the test plays the browser); keep the tokens."""
    flow = OAuthFlow(oauth_client_of(load_connector(name)), opener=_play_browser)
    flow.start()
    flow.open_browser()
    TokenStore().save(name, flow.wait())


@pytest.fixture
def gevme_connector(sandbox: SandboxServer) -> str:
    """A GEVME connector for the sandbox's event 2001 (40 attendees), saved and signed in."""
    sandbox.configure(gevme_attendee_count=40)
    ProfileStore().save(
        ConnectorProfile(
            name=GEVME,
            platform="gevme",
            settings={
                "base_url": sandbox.url("gevme"),
                "client_id": "sandbox-client",
                "event": "2001",
                "rate_limit_per_minute": 0,
            },
            secret_names=["client_secret"],
        )
    )
    SecretStore().set(GEVME, "client_secret", "sandbox-secret")
    sign_in(GEVME)
    return GEVME
