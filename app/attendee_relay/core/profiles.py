"""Connector profiles: a connector's name, platform and non-secret settings, one JSON file each.

Secrets never go here (they live in the keychain, see ``secrets.py``); ``ProfileStore.save``
refuses a profile that looks like it carries one.
"""

from __future__ import annotations

import builtins
import json
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from attendee_relay.core import paths
from attendee_relay.core.errors import InputError
from attendee_relay.core.redaction import Redactor, registered_secrets

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
NAME_RULE = (
    "A connector name must be 1 to 64 letters, digits, '-', '_' or '.', "
    "starting with a letter or digit"
)

# Setting keys that can only hold a secret. Exact names, not substrings: "add_tags" or
# "keyword_field" are honest settings and must stay possible.
SECRET_SETTING_KEYS = frozenset(
    {
        "key",
        "apikey",
        "api_key",
        "api_secret",
        "client_secret",
        "secret",
        "password",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "rpskey",
        "rps_key",
        "code_verifier",
    }
)

# Registered secrets at least this long are looked for in the file text itself; shorter ones
# could match an innocent number or word.
_MIN_SECRET_SCAN = 8


def validate_connector_name(name: str) -> str:
    """Check a connector name, for callers that want an ``InputError`` rather than pydantic's.

    Raises:
        InputError: the name is not allowed.
    """
    if not _NAME.match(name):
        raise InputError(f"{NAME_RULE} (got '{name}').")
    return name


def _now() -> datetime:
    return datetime.now(UTC)


#: The profile format new files are written in (see ``ConnectorProfile.format``).
PROFILE_FORMAT = 2


def _profile_from_file(data: bytes) -> ConnectorProfile:
    """A saved profile; a file written before ``format`` existed is format 1."""
    raw = json.loads(data)
    if isinstance(raw, dict):
        raw.setdefault("format", 1)
    return ConnectorProfile.model_validate(raw)


class ConnectorProfile(BaseModel):
    """One configured connector: which platform, its non-secret settings, the secrets it needs
    (by name only) and how its last connection test went."""

    model_config = ConfigDict(validate_assignment=True)

    name: str
    platform: str = Field(min_length=1)
    settings: dict[str, Any] = Field(default_factory=dict)
    secret_names: list[str] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=_now)
    updated_at: datetime = Field(default_factory=_now)
    last_test_ok: bool | None = None
    last_test_at: datetime | None = None
    last_test_message: str = ""
    #: How the settings were written: files from before this field are format 1, and the
    #: connectors upgrade what an older format meant (``connectors.profile_upgrades``).
    format: int = PROFILE_FORMAT

    @field_validator("name")
    @classmethod
    def _name_is_safe(cls, value: str) -> str:
        # The name becomes a file name, so it must stay a plain, visible, portable one.
        if not _NAME.match(value):
            raise ValueError(f"{NAME_RULE} (got '{value}').")
        return value


class SecretInSettingsError(InputError, ValueError):
    """A profile's settings hold what looks like a secret; it belongs in the keychain."""


def secret_like_keys(settings: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths of the keys in ``settings`` (nested too) that name a secret."""
    found = []
    for key, value in settings.items():
        path = f"{prefix}{key}"
        if str(key).lower() in SECRET_SETTING_KEYS:
            found.append(path)
        if isinstance(value, Mapping):
            found.extend(secret_like_keys(value, f"{path}."))
    return found


class ProfileStore:
    """Connector profiles on disk, one ``NAME.json`` each.

    Args:
        directory: where the files live; the user config dir's ``connectors`` by default.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory

    @property
    def directory(self) -> Path:
        """The folder holding the profile files (created on first use)."""
        if self._directory is None:
            return paths.connectors_dir()
        self._directory.mkdir(parents=True, exist_ok=True)
        return self._directory

    def list(self) -> builtins.list[ConnectorProfile]:
        """Every readable profile, sorted by name. A damaged file is logged and skipped."""
        profiles = []
        for file in self.directory.glob("*.json"):
            try:
                profiles.append(_profile_from_file(file.read_bytes()))
            except (OSError, ValueError) as exc:
                log.warning("Skipping the damaged connector file %s: %s", file, _first_line(exc))
        return sorted(profiles, key=lambda p: p.name.lower())

    def exists(self, name: str) -> bool:
        """Whether a profile called ``name`` is saved."""
        return bool(_NAME.match(name)) and self._path(name).is_file()

    def get(self, name: str) -> ConnectorProfile:
        """The profile called ``name``.

        Raises:
            InputError: there is none, or its file is damaged.
        """
        if not self.exists(name):
            raise InputError(
                f"No connector named '{name}'. `attendee-relay connector list` shows the ones "
                "you have."
            )
        path = self._path(name)
        try:
            return _profile_from_file(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise InputError(
                f"The connector file {path} is damaged ({_first_line(exc)}); remove it with "
                f"`attendee-relay connector remove {name}` and add the connector again."
            ) from None

    def save(self, profile: ConnectorProfile) -> Path:
        """Write ``profile`` atomically (a crash leaves the old file or the new, never half).

        Returns:
            The file written.

        Raises:
            SecretInSettingsError: a setting looks like a secret (also a ``ValueError``).
        """
        text = profile.model_dump_json(indent=2)
        self._refuse_secrets(profile, text)
        path = self._path(profile.name)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{profile.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as tmp:
                tmp.write(text + "\n")
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return path

    def remove(self, name: str) -> None:
        """Delete the profile's file. Its secrets stay in the keychain: the caller removes them.

        Raises:
            InputError: there is no such profile.
        """
        if not self.exists(name):
            raise InputError(
                f"No connector named '{name}'. `attendee-relay connector list` shows the ones "
                "you have."
            )
        self._path(name).unlink(missing_ok=True)

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.json"

    @staticmethod
    def _refuse_secrets(profile: ConnectorProfile, text: str) -> None:
        keys = secret_like_keys(profile.settings)
        if keys:
            raise SecretInSettingsError(
                f"The setting '{keys[0]}' of connector '{profile.name}' looks like a secret; "
                f"secrets go to the keychain (--secret {keys[0].rsplit('.', 1)[-1]}), "
                "never into the profile file."
            )
        # A secret under an innocent key still must not reach the disk.
        long_secrets = [s for s in registered_secrets() if len(s) >= _MIN_SECRET_SCAN]
        if long_secrets and Redactor(long_secrets).text(text) != text:
            raise SecretInSettingsError(
                f"A setting of connector '{profile.name}' holds the value of a stored secret; "
                "secrets go to the keychain, never into the profile file."
            )


def _first_line(exc: BaseException) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
