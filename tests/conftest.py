"""Test isolation for the whole suite: headless Qt, private XDG dirs and an in-memory keychain."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Set before anything imports Qt, once, for every test (STYLE: never halfway down a module).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest

from keyring_backends import MemoryKeyring, WindowsCredentialKeyring

__all__ = ["MemoryKeyring", "WindowsCredentialKeyring"]  # tests import them from here too


@pytest.fixture
def windows_keyring() -> Iterator[WindowsCredentialKeyring]:
    """Replace the memory keyring with one that enforces Windows' secret size limit."""
    previous = keyring.get_keyring()
    backend = WindowsCredentialKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every platformdirs location at a private temp folder.

    Named as coordinators' homes are: a space and accents (``C:\\Users\\Zoë Dupré``), with the
    Documents folder redirected elsewhere as OneDrive does it (``XDG_DOCUMENTS_DIR`` here).
    """
    home = tmp_path / "Zoë Dupré"
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(var, str(home / sub))
    documents = home / "OneDrive - Société" / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    monkeypatch.setenv("HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Install an in-memory keyring backend for every test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
