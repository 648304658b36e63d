"""The sandbox's knobs: valid keys and events, latency, rate limits and injected faults.

The defaults let a new user try every simulator with no setup; they are sandbox values, not secrets.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FAULT_KINDS = frozenset({"429", "503", "502", "500_html", "drop", "quiet"})
"""Faults that ``fault_rate`` may inject before a request is processed."""

SCRIPT_KINDS = FAULT_KINDS | {"none", "drop_after"}
"""Entries allowed in ``fault_script``: a fault, ``none`` (answer normally) or ``drop_after``."""

SANDBOX_KEY = "sandbox-key"
"""The default API key of every simulator (10times ``key``, InfluencerSoft ``rpsKey``)."""

IVVY_SECRET = "sandbox-secret"  # noqa: S105 - a documented sandbox value, not a secret
"""The API secret of the sandbox's iVvy key ``sandbox-key``."""

DEFAULT_EVENT = "1001"
DEFAULT_ACCOUNT = "demo"
GEVME_CLIENT_ID = "sandbox-client"
GEVME_CLIENT_SECRET = "sandbox-secret"  # noqa: S105 - a sandbox value, documented
GEVME_EVENT = "2001"
IVVY_EVENT = "3001"


@dataclass(frozen=True)
class InfluencerSoftAccount:
    """One simulated InfluencerSoft account (the ``{username}`` of its host name).

    Attributes:
        key: the account's ``rpsKey``; it also signs each response's ``hash``.
        groups: the group (list) ids that exist; empty means any id is accepted.
    """

    key: str = SANDBOX_KEY
    groups: frozenset[str] = frozenset()


def _default_accounts() -> dict[str, InfluencerSoftAccount]:
    return {DEFAULT_ACCOUNT: InfluencerSoftAccount()}


@dataclass(frozen=True)
class SandboxConfig:
    """Everything that shapes the simulators' answers; change it at run time with ``with_changes``.

    Attributes:
        latency_ms: each simulated call is answered this long after it arrived, its processing
            included (not ``/_sandbox/*``).
        rate_limit_per_minute: 0 for none; else at most N requests in any sliding 60 s window and
            at most ``burst_limit`` in any sliding 1 s window, per simulator. Over it: 429.
        rate_limit_tolerance_ms: the 60 s window is shortened by this much so that network jitter
            does not punish a client that paces itself exactly at the limit.
        seed: seeds the random faults, so a run is repeatable.
        fault_rate: probability (0..1) that a simulated call gets one of ``fault_kinds``.
        fault_kinds: which faults ``fault_rate`` picks from, evenly.
        retry_after_s: the ``Retry-After`` of an injected 429.
        drop_after_processing_rate: probability that a call is processed and recorded, then the
            connection is closed with no answer (the client cannot know it succeeded).
        fault_script: deterministic faults for the next calls, one entry per call, in order
            (``none``, ``drop_after`` or a fault kind); takes precedence over the random faults.
        tentimes_keys: accepted 10times ``key`` values.
        tentimes_events: events that exist (integer ids, as strings).
        tentimes_channels: accepted channels; empty means any non-empty channel.
        tentimes_ip_allowed: False simulates a caller whose IP is not whitelisted.
        tentimes_floor_base: the prefix of the ``floorLink`` handed back on success.
        influencersoft_accounts: accounts by user name.
        influencersoft_ip_allowed: False answers every call with error 6 (IP not permitted).
        influencersoft_require_email: answer 100 when ``lead_email`` is missing and no phone or
            messenger id reaches the lead either. The article says a contact may be created without
            an email, the error table has 100: both hold this way. False accepts any lead.
        push_auth_header: a header the push receiver requires (None: no check).
        push_auth_value: the value that header must have.
        oauth_client_id: the client id the GEVME authorization server knows.
        oauth_client_secret: its secret; "" makes it a public client (PKCE alone).
        oauth_auto_approve: the authorize endpoint redirects at once with a code; False shows a
            consent page with "Allow" and "Deny" links (Deny answers error=access_denied).
        oauth_require_pkce: refuse authorization requests without an S256 code_challenge.
        oauth_access_token_ttl_s: lifetime of an access token.
        oauth_issue_refresh_tokens: hand out refresh tokens with access tokens.
        oauth_refuse_refresh: answer every refresh with invalid_grant.
        oauth_token_length: length of the access and refresh tokens issued; 0 keeps them short.
            JWTs of 3,000 characters and more are common, over what one Windows credential holds.
        gevme_events: GEVME events that exist.
        gevme_attendee_count: attendees generated for every GEVME event.
        gevme_bare_list: answer a bare JSON list instead of ``{"data": [...], "meta": ...}``.
        gevme_max_limit: the most records one call may ask for (``limit``).
        gevme_ignore_page: answer the first page whatever ``page`` asks for (GEVME's paging is
            not published: a client must notice a list that does not page its way).
        expoplatform_keys: accepted ExpoPlatform API keys (``Authorization: Basic <key>``).
        expoplatform_events: ExpoPlatform event ids that exist.
        expoplatform_default_status: the status a new visitor gets when ``set`` sends none
            (ExpoPlatform does not publish its default).
        ivvy_accounts: iVvy API key -> API secret.
        ivvy_stale_after_s: an ``IVVY-Date`` further than this from now is stale (23005).
        ivvy_batch_delay_ms: how long an iVvy batch takes before its results are ready.
        ivvy_groups: subscription group id -> name.
        ivvy_custom_fields: contact custom field id -> display name.
        ivvy_events: iVvy event ids that exist (each gets registrations and attendees).
        ivvy_registrations_per_event: registrations generated for every iVvy event; their
            ``currentStatus`` cycles through 1 In Progress, 2 Completed, 4 Payment Waiting and
            every fifth is an exhibitor.
    """

    latency_ms: int = 0
    rate_limit_per_minute: int = 0
    rate_limit_tolerance_ms: int = 50
    seed: int = 0
    fault_rate: float = 0.0
    fault_kinds: tuple[str, ...] = ("429", "503", "502", "500_html", "drop")
    retry_after_s: int = 1
    drop_after_processing_rate: float = 0.0
    fault_script: tuple[str, ...] = ()
    tentimes_keys: frozenset[str] = frozenset({SANDBOX_KEY})
    tentimes_events: frozenset[str] = frozenset({DEFAULT_EVENT})
    tentimes_channels: frozenset[str] = frozenset()
    tentimes_ip_allowed: bool = True
    tentimes_floor_base: str = "https://floor.10times.sandbox.invalid/join"
    influencersoft_accounts: Mapping[str, InfluencerSoftAccount] = field(
        default_factory=_default_accounts
    )
    influencersoft_ip_allowed: bool = True
    influencersoft_require_email: bool = True
    push_auth_header: str | None = None
    push_auth_value: str | None = None
    oauth_client_id: str = GEVME_CLIENT_ID
    oauth_client_secret: str = GEVME_CLIENT_SECRET
    oauth_auto_approve: bool = True
    oauth_require_pkce: bool = True
    oauth_access_token_ttl_s: int = 3600
    oauth_issue_refresh_tokens: bool = True
    oauth_refuse_refresh: bool = False
    oauth_token_length: int = 0
    gevme_events: frozenset[str] = frozenset({GEVME_EVENT})
    gevme_attendee_count: int = 2500
    gevme_bare_list: bool = False
    gevme_max_limit: int = 1000
    gevme_ignore_page: bool = False
    expoplatform_keys: frozenset[str] = frozenset({SANDBOX_KEY})
    expoplatform_events: frozenset[str] = frozenset({DEFAULT_EVENT})
    expoplatform_default_status: str = "UPLOADED"
    ivvy_accounts: Mapping[str, str] = field(default_factory=lambda: {SANDBOX_KEY: IVVY_SECRET})
    ivvy_stale_after_s: int = 300
    ivvy_batch_delay_ms: int = 300
    ivvy_groups: Mapping[str, str] = field(
        default_factory=lambda: {"10": "Newsletter", "11": "VIP"}
    )
    ivvy_custom_fields: Mapping[str, str] = field(
        default_factory=lambda: {"33443": "Dietary needs", "33444": "Company size"}
    )
    ivvy_events: frozenset[str] = frozenset({IVVY_EVENT})
    ivvy_registrations_per_event: int = 12

    def __post_init__(self) -> None:
        """Check the values, so a bad change is refused whole instead of half-applied."""
        if self.latency_ms < 0:
            raise ValueError("latency_ms must be 0 or more.")
        if self.rate_limit_per_minute < 0:
            raise ValueError("rate_limit_per_minute must be 0 (no limit) or more.")
        if self.rate_limit_tolerance_ms < 0:
            raise ValueError("rate_limit_tolerance_ms must be 0 or more.")
        for name in ("fault_rate", "drop_after_processing_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1.")
        unknown = set(self.fault_kinds) - FAULT_KINDS
        if unknown:
            raise ValueError(
                f"Unknown fault kind(s) {sorted(unknown)}; use some of {sorted(FAULT_KINDS)}."
            )
        if self.fault_rate > 0 and not self.fault_kinds:
            raise ValueError("fault_kinds must name at least one fault when fault_rate is above 0.")
        unknown = set(self.fault_script) - SCRIPT_KINDS
        if unknown:
            raise ValueError(
                f"Unknown fault_script entry {sorted(unknown)}; use some of {sorted(SCRIPT_KINDS)}."
            )
        if self.retry_after_s < 1:
            raise ValueError("retry_after_s must be 1 or more.")
        if self.gevme_attendee_count < 0 or self.gevme_max_limit < 1:
            raise ValueError(
                "gevme_attendee_count must be 0 or more and gevme_max_limit 1 or more."
            )
        if self.ivvy_registrations_per_event < 0:
            raise ValueError("ivvy_registrations_per_event must be 0 or more.")
        if (self.push_auth_header is None) != (self.push_auth_value is None):
            raise ValueError("Set push_auth_header and push_auth_value together, or neither.")

    @property
    def burst_limit(self) -> int:
        """Requests allowed in any 1 s window: twice the even pace, at least 2 (0 = no limit)."""
        if self.rate_limit_per_minute == 0:
            return 0
        return max(2, 2 * math.ceil(self.rate_limit_per_minute / 60))

    def with_changes(self, changes: Mapping[str, Any]) -> SandboxConfig:
        """Return a copy with ``changes`` applied; JSON values (lists, dicts) are converted.

        Raises:
            ValueError: an unknown setting or a value that does not fit it.
        """
        known = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"Unknown sandbox setting(s) {unknown}; known: {sorted(known)}.")
        converted = {name: _convert(name, value) for name, value in changes.items()}
        try:
            return dataclasses.replace(self, **converted)
        except TypeError as exc:  # pragma: no cover - replace only raises this for bad names
            raise ValueError(str(exc)) from exc

    def to_json(self) -> dict[str, Any]:
        """The settings as plain JSON values (sets become sorted lists)."""
        result: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, frozenset):
                result[f.name] = sorted(value)
            elif isinstance(value, tuple):
                result[f.name] = list(value)
            elif f.name == "influencersoft_accounts":
                result[f.name] = {
                    name: {"key": acct.key, "groups": sorted(acct.groups)}
                    for name, acct in value.items()
                }
            elif f.name in _TEXT_MAP_FIELDS:
                result[f.name] = dict(value)
            else:
                result[f.name] = value
        return result


_INT_FIELDS = {
    "latency_ms",
    "rate_limit_per_minute",
    "rate_limit_tolerance_ms",
    "seed",
    "retry_after_s",
    "oauth_access_token_ttl_s",
    "oauth_token_length",
    "gevme_attendee_count",
    "gevme_max_limit",
    "ivvy_stale_after_s",
    "ivvy_batch_delay_ms",
    "ivvy_registrations_per_event",
}
_FLOAT_FIELDS = {"fault_rate", "drop_after_processing_rate"}
_BOOL_FIELDS = {
    "tentimes_ip_allowed",
    "influencersoft_ip_allowed",
    "influencersoft_require_email",
    "oauth_auto_approve",
    "oauth_require_pkce",
    "oauth_issue_refresh_tokens",
    "oauth_refuse_refresh",
    "gevme_bare_list",
    "gevme_ignore_page",
}
_SET_FIELDS = {
    "tentimes_keys",
    "tentimes_events",
    "tentimes_channels",
    "gevme_events",
    "expoplatform_keys",
    "expoplatform_events",
    "ivvy_events",
}
_TEXT_MAP_FIELDS = {"ivvy_accounts", "ivvy_groups", "ivvy_custom_fields"}
_TUPLE_FIELDS = {"fault_kinds", "fault_script"}
_OPTIONAL_STR_FIELDS = {"push_auth_header", "push_auth_value"}


def _convert(name: str, value: Any) -> Any:
    """Turn a JSON (or Python) value into the type the field holds, or say why it cannot."""
    if name in _INT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number.")
        return value
    if name == "expoplatform_default_status" and value not in ("UPLOADED", "ACTIVE", "INACTIVE"):
        raise ValueError("expoplatform_default_status must be UPLOADED, ACTIVE or INACTIVE.")
    if name in _FLOAT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} must be a number.")
        return float(value)
    if name in _BOOL_FIELDS:
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false.")
        return value
    if name in _SET_FIELDS:
        return frozenset(_strings(name, value))
    if name in _TUPLE_FIELDS:
        return tuple(_strings(name, value))
    if name in _OPTIONAL_STR_FIELDS:
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name} must be a string or null.")
        return value
    if name == "influencersoft_accounts":
        return _accounts(value)
    if name in _TEXT_MAP_FIELDS:
        if not isinstance(value, Mapping):
            raise ValueError(f"{name} must map texts to texts.")
        return {str(k): str(v) for k, v in value.items()}
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string.")
    return value


def _strings(name: str, value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise ValueError(f"{name} must be a list of strings.")
    # Event ids are integers on the wire; accept 1001 as well as "1001".
    return [str(item) for item in value]


def _accounts(value: Any) -> dict[str, InfluencerSoftAccount]:
    if not isinstance(value, Mapping):
        raise ValueError(
            'influencersoft_accounts must map user names to {"key": ..., "groups": [...]}.'
        )
    accounts: dict[str, InfluencerSoftAccount] = {}
    for name, spec in value.items():
        if isinstance(spec, InfluencerSoftAccount):
            accounts[str(name)] = spec
        elif isinstance(spec, Mapping) and isinstance(spec.get("key", SANDBOX_KEY), str):
            groups = frozenset(_strings("groups", spec.get("groups", [])))
            accounts[str(name)] = InfluencerSoftAccount(spec.get("key", SANDBOX_KEY), groups)
        else:
            raise ValueError(f'Account {name!r} must be {{"key": "...", "groups": [...]}}.')
    return accounts
