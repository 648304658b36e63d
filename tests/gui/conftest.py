"""GUI test set-up: an unexpected Qt warning fails the test; QSettings live in the private config
dir; a sandbox over real HTTP and saved connectors for the tests that send."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.qt_logging import IGNORED_QT_MESSAGES

_GUI_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every GUI test (the import wizard's too) fails on a Qt warning or critical message."""
    for item in items:
        if _GUI_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*IGNORED_QT_MESSAGES))


@pytest.fixture(autouse=True)
def isolated_qsettings(isolated_home: Path) -> Path:
    """Point QSettings at the test's private config dir (after XDG_* are set)."""
    from attendee_relay.core import paths
    from attendee_relay.ui.settings import configure_settings

    configure_settings()
    return paths.config_dir()


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as server:
        yield server


def save_tentimes_connector(name: str, base_url: str, **settings: object) -> str:
    """Save a 10times connector as a person would: profile on disk, key in the keychain."""
    ProfileStore().save(
        ConnectorProfile(
            name=name,
            platform="10times",
            settings={
                "base_url": base_url,
                "event": "1001",
                "channel": "web",
                "rate_limit_per_minute": 0,
                **settings,
            },
            secret_names=["api_key"],
        )
    )
    SecretStore().set(name, "api_key", "sandbox-key")
    return name


@pytest.fixture
def tentimes(sandbox: SandboxServer) -> str:
    """A saved 10times connector called ``demo`` pointing at the sandbox."""
    return save_tentimes_connector("demo", sandbox.url("10times"))
