"""Secrets longer than one Windows credential holds: split over several keychain entries, joined
back whole, and a missing or stale part reported, never a truncated secret."""

from __future__ import annotations

import secrets

import pytest

from attendee_relay.core.errors import TokenExpired
from attendee_relay.core.oauth import TokenSet, TokenStore
from attendee_relay.core.secrets import SERVICE, SecretDamaged, SecretStore
from keyring_backends import WindowsCredentialKeyring

JWT_LIKE = "eyJ" + secrets.token_urlsafe(2250)[:2997]  # 3,000 characters, 6,000 bytes as UTF-16


def entries(backend: WindowsCredentialKeyring) -> dict[str, str]:
    return {user: value for (service, user), value in backend.store.items() if service == SERVICE}


def test_a_3000_character_token_is_stored_in_parts_and_read_back_whole(
    windows_keyring: WindowsCredentialKeyring,
) -> None:
    store = SecretStore()
    store.set("gv", "access_token", JWT_LIKE)

    stored = entries(windows_keyring)
    # The entry itself (a header) and parts numbered from 1, at least two of them.
    assert len(stored) >= 3
    assert set(stored) == {"gv:access_token"} | {
        f"gv:access_token#{n}" for n in range(1, len(stored))
    }
    assert all(len(v.encode("utf-16-le")) <= 2560 for v in stored.values())
    assert JWT_LIKE not in stored.values()
    assert store.get("gv", "access_token") == JWT_LIKE


def test_characters_outside_the_bmp_are_never_cut_in_half(
    windows_keyring: WindowsCredentialKeyring,
) -> None:
    value = "🔑é" * 1200  # 7,200 bytes as UTF-16: each 🔑 is a surrogate pair
    SecretStore().set("gv", "client_secret", value)

    for part in entries(windows_keyring).values():
        part.encode("utf-16-le")  # strict: a lone surrogate would raise here
    assert SecretStore().get("gv", "client_secret") == value


def test_a_secret_that_fits_stays_one_entry(windows_keyring: WindowsCredentialKeyring) -> None:
    exactly_the_limit = "k" * 1280  # 2,560 bytes as UTF-16
    SecretStore().set("gv", "api_key", exactly_the_limit)
    assert entries(windows_keyring) == {"gv:api_key": exactly_the_limit}


def test_a_shorter_save_removes_the_parts_of_a_longer_one(
    windows_keyring: WindowsCredentialKeyring,
) -> None:
    store = SecretStore()
    store.set("gv", "access_token", JWT_LIKE * 2)
    many = len(entries(windows_keyring))
    store.set("gv", "access_token", JWT_LIKE)
    assert len(entries(windows_keyring)) < many
    assert store.get("gv", "access_token") == JWT_LIKE
    store.set("gv", "access_token", "short")
    assert entries(windows_keyring) == {"gv:access_token": "short"}


def test_a_missing_part_is_reported_never_truncated(
    windows_keyring: WindowsCredentialKeyring,
) -> None:
    store = SecretStore()
    store.set("gv", "client_secret", JWT_LIKE)
    del windows_keyring.store[(SERVICE, "gv:client_secret#2")]

    with pytest.raises(SecretDamaged) as raised:
        store.get("gv", "client_secret")

    message = str(raised.value)
    assert "part 2 of" in message and "is missing" in message
    assert "attendee-relay connector secret gv client_secret" in message
    assert JWT_LIKE[:40] not in message and JWT_LIKE[-40:] not in message


def test_a_part_left_over_from_another_save_is_reported(
    windows_keyring: WindowsCredentialKeyring,
) -> None:
    store = SecretStore()
    store.set("gv", "client_secret", JWT_LIKE)
    old_part = windows_keyring.store[(SERVICE, "gv:client_secret#1")]
    store.set("gv", "client_secret", JWT_LIKE[::-1])
    # A save cut short after its first part, say: that part is not of the header's save.
    windows_keyring.store[(SERVICE, "gv:client_secret#1")] = old_part

    with pytest.raises(SecretDamaged, match="left over from another save"):
        store.get("gv", "client_secret")


def test_a_damaged_part_does_not_add_up(windows_keyring: WindowsCredentialKeyring) -> None:
    store = SecretStore()
    store.set("gv", "client_secret", JWT_LIKE)
    key = (SERVICE, "gv:client_secret#2")
    windows_keyring.store[key] = windows_keyring.store[key][:-1]

    with pytest.raises(SecretDamaged, match="do not add up"):
        store.get("gv", "client_secret")


def test_delete_leaves_no_part_behind_even_past_a_gap(
    windows_keyring: WindowsCredentialKeyring,
) -> None:
    store = SecretStore()
    store.set("gv", "access_token", JWT_LIKE * 2)
    store.set("gv", "refresh_token", JWT_LIKE)
    del windows_keyring.store[(SERVICE, "gv:access_token#2")]

    store.delete_all("gv", ["access_token", "refresh_token"])

    assert entries(windows_keyring) == {}


def test_damaged_tokens_ask_to_sign_in_again(windows_keyring: WindowsCredentialKeyring) -> None:
    tokens = TokenStore()
    tokens.save("gv", TokenSet(JWT_LIKE, JWT_LIKE[::-1], 2_000_000_000.0))
    assert tokens.load("gv") == TokenSet(JWT_LIKE, JWT_LIKE[::-1], 2_000_000_000.0)
    del windows_keyring.store[(SERVICE, "gv:access_token#1")]

    with pytest.raises(TokenExpired, match="attendee-relay login gv"):
        tokens.load("gv")
