"""PKCE S256 and state: RFC 7636's own test vector, lengths, alphabet, uniqueness."""

from __future__ import annotations

import re

import pytest

from attendee_relay.core.oauth import new_code_verifier, new_state, s256_challenge


def test_s256_matches_the_rfc_7636_appendix_b_vector() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    # RFC 7636 appendix B prints exactly this challenge for this verifier.
    assert s256_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_a_new_verifier_is_43_to_128_unreserved_characters_and_fresh_each_time() -> None:
    verifiers = {new_code_verifier() for _ in range(50)}
    assert len(verifiers) == 50
    for verifier in verifiers:
        assert re.fullmatch(r"[A-Za-z0-9\-._~]{43,128}", verifier)
        assert "=" not in s256_challenge(verifier)


@pytest.mark.parametrize("bad", ["short", "x" * 129, "a" * 42 + "!"])
def test_a_verifier_outside_the_rfc_rules_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="43 to 128"):
        s256_challenge(bad)


def test_state_is_high_entropy_and_never_repeats() -> None:
    states = {new_state() for _ in range(200)}
    assert len(states) == 200
    assert all(len(s) >= 43 for s in states)  # 32 random bytes
