"""What older connector profiles meant, said again in today's settings.

A profile stores every setting, defaults included. When a default changes meaning, a profile
saved before still carries the old default as if someone had chosen it; these upgrades turn it
back into what the person actually chose.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attendee_relay.core.profiles import PROFILE_FORMAT, ConnectorProfile


def _expoplatform_status_unless_chosen(settings: dict[str, Any]) -> dict[str, Any]:
    # Format 1 defaulted `status` to UPLOADED and sent it with every visitor, which turns ACTIVE
    # visitors back to UPLOADED on a re-import (ExpoPlatform's set is an upsert). The default is
    # now "send none" (the platform keeps a visitor's status, and gives new ones its default),
    # and a format-1 UPLOADED cannot be told from that old default.
    if settings.get("status") == "UPLOADED":
        return {**settings, "status": ""}
    return settings


#: (platform, format the profile was written in) -> the upgrade of its settings to the next one.
UPGRADES: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {
    ("expoplatform", 1): _expoplatform_status_unless_chosen,
}


def upgraded(profile: ConnectorProfile) -> ConnectorProfile | None:
    """The profile in today's format, or None when it is already (nothing to save)."""
    if profile.format >= PROFILE_FORMAT:
        return None
    settings = dict(profile.settings)
    for version in range(profile.format, PROFILE_FORMAT):
        upgrade = UPGRADES.get((profile.platform, version))
        if upgrade is not None:
            settings = upgrade(settings)
    return profile.model_copy(update={"settings": settings, "format": PROFILE_FORMAT})
