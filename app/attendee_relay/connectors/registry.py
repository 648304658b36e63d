"""The connectors this app knows, by CLI platform name, and how to make one from its settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from attendee_relay.connectors.expoplatform import ExpoPlatformConnector
from attendee_relay.connectors.gevme import GevmeConnector
from attendee_relay.connectors.influencersoft import InfluencerSoftConnector
from attendee_relay.connectors.ivvy import IvvyConnector
from attendee_relay.connectors.settings_errors import settings_error_sentence
from attendee_relay.connectors.tentimes import TenTimesConnector
from attendee_relay.connectors.tentimes_push import TenTimesPushConnector
from attendee_relay.core.connector_api import Connector
from attendee_relay.core.errors import InputError

#: Platform name (as in ``--platform``) -> connector class. Each class takes its settings model.
PLATFORMS: dict[str, type[Any]] = {
    TenTimesConnector.platform: TenTimesConnector,
    TenTimesPushConnector.platform: TenTimesPushConnector,
    InfluencerSoftConnector.platform: InfluencerSoftConnector,
    ExpoPlatformConnector.platform: ExpoPlatformConnector,
    IvvyConnector.platform: IvvyConnector,
    GevmeConnector.platform: GevmeConnector,
}


def platform_names() -> list[str]:
    """The platform names, in the order they are offered."""
    return list(PLATFORMS)


def connector_class(platform: str) -> type[Any]:
    """The connector class of ``platform``.

    Raises:
        InputError: no such platform.
    """
    try:
        return PLATFORMS[platform.strip().lower()]
    except KeyError:
        raise InputError(
            f"Unknown platform '{platform}'. Choose one of: {', '.join(platform_names())}."
        ) from None


def create_connector(platform: str, settings: Mapping[str, object]) -> Connector:
    """A connector of ``platform`` configured with ``settings`` (validated).

    Raises:
        InputError: unknown platform, or a setting is missing or wrong (one sentence that names
            the setting and what it must be).
    """
    cls = connector_class(platform)
    try:
        model = cls.settings_model.model_validate(dict(settings))
    except ValidationError as err:
        raise InputError(
            settings_error_sentence(err, cls.settings_model, cls.title, cls.secret_names)
        ) from None
    connector: Connector = cls(model)
    return connector


def settings_from_strings(platform: str, pairs: Mapping[str, str]) -> dict[str, object]:
    """Settings typed as ``KEY=VALUE`` text (``--set``), ready for :func:`create_connector`.

    Keys are matched case-insensitively and ``-`` may stand for ``_``; values stay text, which the
    settings models accept: numbers and yes/no are converted by pydantic, lists are comma text,
    ``custom_variables`` is ``name=value,...`` or a JSON object. Nothing is validated here, so the
    result can be merged over a saved profile first.

    Raises:
        InputError: unknown platform.
    """
    connector_class(platform)
    return {key.strip().lower().replace("-", "_"): value.strip() for key, value in pairs.items()}
