"""Each connector declares what it can do through core's protocols, checked with isinstance."""

from __future__ import annotations

import pytest

from attendee_relay.connectors.registry import create_connector
from attendee_relay.core.connector_api import (
    BatchJobConnector,
    CategoriesConnector,
    FollowUpJobConnector,
    ListsConnector,
    LookupConnector,
    OAuthConnector,
    PullConnector,
)

SETTINGS: dict[str, dict[str, object]] = {
    "10times": {"event": "1", "channel": "web"},
    "10times-push": {"base_url": "https://crm.example.com/leads"},
    "influencersoft": {"username": "demo"},
    "expoplatform": {"base_url": "https://x.example.com", "event": "1"},
    "ivvy": {"region": "AU"},
    "gevme": {"client_id": "c", "event": "1"},
}

PROTOCOLS = (
    BatchJobConnector,
    FollowUpJobConnector,
    LookupConnector,
    PullConnector,
    ListsConnector,
    CategoriesConnector,
    OAuthConnector,
)

EXPECTED: dict[str, set[type]] = {
    "10times": set(),
    "10times-push": set(),
    "influencersoft": set(),
    "expoplatform": {LookupConnector, PullConnector, CategoriesConnector},
    "ivvy": {
        BatchJobConnector,
        FollowUpJobConnector,
        LookupConnector,
        PullConnector,
        ListsConnector,
    },
    "gevme": {PullConnector, OAuthConnector},
}


@pytest.mark.parametrize("platform", sorted(EXPECTED))
def test_a_connector_has_exactly_the_capabilities_it_declares(platform: str) -> None:
    connector = create_connector(platform, SETTINGS[platform])
    have = {protocol for protocol in PROTOCOLS if isinstance(connector, protocol)}
    assert have == EXPECTED[platform]
