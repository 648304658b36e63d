"""Connector profiles: validated names, atomic JSON files, and no secret ever written to them."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from attendee_relay.core import paths
from attendee_relay.core.errors import InputError
from attendee_relay.core.profiles import (
    ConnectorProfile,
    ProfileStore,
    SecretInSettingsError,
    validate_connector_name,
)
from attendee_relay.core.redaction import forget_registered_secrets
from attendee_relay.core.secrets import SecretStore


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    forget_registered_secrets()
    yield
    forget_registered_secrets()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A private profiles folder (tmp_path itself also holds the isolated home)."""
    path = tmp_path / "profiles"
    path.mkdir()
    return path


def profile(name: str = "tt-main", **settings: object) -> ConnectorProfile:
    return ConnectorProfile(
        name=name,
        platform="10times",
        settings={"event": 123, "channel": "api", **settings},
        secret_names=["api_key"],
    )


def test_default_directory_is_the_connectors_dir_under_config(isolated_home: Path) -> None:
    path = ProfileStore().save(profile())
    assert path == paths.connectors_dir() / "tt-main.json"
    assert str(path).startswith(str(isolated_home))


def test_saved_profile_reads_back_equal(folder: Path) -> None:
    store = ProfileStore(folder)
    original = profile()
    store.save(original)
    assert store.get("tt-main") == original
    assert store.exists("tt-main")
    assert not store.exists("other")


def test_file_is_indented_json(folder: Path) -> None:
    path = ProfileStore(folder).save(profile())
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "name": "tt-main"')
    assert json.loads(text)["settings"] == {"event": 123, "channel": "api"}


def test_save_leaves_no_temporary_file_and_replaces_the_old(folder: Path) -> None:
    store = ProfileStore(folder)
    store.save(profile())
    changed = profile().model_copy(update={"last_test_ok": True, "last_test_message": "Fine."})
    store.save(changed)
    assert [p.name for p in folder.iterdir()] == ["tt-main.json"]
    assert store.get("tt-main").last_test_ok is True


def test_failed_save_keeps_the_old_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ProfileStore(folder)
    store.save(profile())

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("attendee_relay.core.profiles.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        store.save(profile(channel="changed"))
    assert [p.name for p in folder.iterdir()] == ["tt-main.json"]
    assert store.get("tt-main").settings["channel"] == "api"


def test_list_is_sorted_by_name(folder: Path) -> None:
    store = ProfileStore(folder)
    for name in ("zeta", "Alpha", "mid"):
        store.save(profile(name))
    assert [p.name for p in store.list()] == ["Alpha", "mid", "zeta"]


def test_list_skips_and_logs_a_damaged_file(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = ProfileStore(folder)
    store.save(profile("good"))
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00")
    (folder / "wrong.json").write_text('{"name": "wrong"}', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert [p.name for p in store.list()] == ["good"]
    assert sum("damaged" in r.getMessage() for r in caplog.records) == 3


def test_get_unknown_name_says_how_to_list(folder: Path) -> None:
    with pytest.raises(InputError) as caught:
        ProfileStore(folder).get("nope")
    assert str(caught.value) == (
        "No connector named 'nope'. `attendee-relay connector list` shows the ones you have."
    )


def test_get_damaged_file_is_an_input_error(folder: Path) -> None:
    (folder / "bad.json").write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="damaged"):
        ProfileStore(folder).get("bad")


def test_remove_deletes_the_file_and_unknown_is_an_input_error(folder: Path) -> None:
    store = ProfileStore(folder)
    store.save(profile())
    store.remove("tt-main")
    assert not store.exists("tt-main")
    with pytest.raises(InputError, match="No connector named"):
        store.remove("tt-main")


@pytest.mark.parametrize("name", ["a", "expo_2025.main-1", "x" * 64])
def test_good_names_are_accepted(name: str) -> None:
    assert profile(name).name == name
    assert validate_connector_name(name) == name


@pytest.mark.parametrize("name", ["", "x" * 65, "has space", "../escape", "a/b", ".hidden", "é"])
def test_bad_names_are_refused_with_a_friendly_message(name: str) -> None:
    with pytest.raises(ValidationError, match="1 to 64 letters, digits"):
        profile(name)
    with pytest.raises(InputError, match="1 to 64 letters, digits"):
        validate_connector_name(name)


def test_path_like_name_never_reaches_the_disk(folder: Path) -> None:
    store = ProfileStore(folder)
    assert not store.exists("../p")
    with pytest.raises(InputError):
        store.get("../../etc/passwd")


@pytest.mark.parametrize(
    "key",
    [
        "api_key",
        "api_secret",
        "client_secret",
        "password",
        "token",
        "access_token",
        "refresh_token",
        "rpsKey",
        "key",
        "API_KEY",
    ],
)
def test_save_refuses_a_secret_looking_setting(folder: Path, key: str) -> None:
    store = ProfileStore(folder)
    with pytest.raises(SecretInSettingsError) as caught:
        store.save(profile(**{key: "whatever-value"}))
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, InputError)
    assert "keychain" in str(caught.value)
    assert not any(folder.iterdir())


def test_save_refuses_a_secret_looking_key_nested_in_settings(folder: Path) -> None:
    with pytest.raises(SecretInSettingsError, match=r"'auth\.client_secret'"):
        ProfileStore(folder).save(profile(auth={"client_secret": "x"}))


@pytest.mark.parametrize("key", ["add_tags", "keyword_field", "token_url", "lists", "tags"])
def test_save_allows_honest_settings_that_merely_contain_a_secret_word(
    folder: Path, key: str
) -> None:
    ProfileStore(folder).save(profile(**{key: "value"}))


def test_a_secret_set_through_the_store_never_appears_in_the_profile_json(folder: Path) -> None:
    secret = "tt-Live-9f8e7d6c5b4a"
    SecretStore().set("tt-main", "api_key", secret)
    store = ProfileStore(folder)
    path = store.save(profile())
    assert secret not in path.read_text(encoding="utf-8")
    # Even under an innocent key, a stored secret's value is refused.
    with pytest.raises(SecretInSettingsError, match="value of a stored secret"):
        store.save(profile(note=f"copied {secret} here"))
    assert secret not in path.read_text(encoding="utf-8")
