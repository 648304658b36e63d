"""Named mapping templates per platform, kept as JSON files in the user's config dir."""

from __future__ import annotations

from pathlib import Path

from attendee_relay.core import paths
from attendee_relay.core.errors import InputError
from attendee_relay.core.mapping.model import FieldMapping

_SUFFIX = ".json"
_FORBIDDEN = set('/\\:*?"<>|')


def _path(platform: str, name: str) -> Path:
    clean = name.strip()
    if (
        not clean
        or clean.startswith(".")
        or any(ch in _FORBIDDEN or not ch.isprintable() for ch in clean)
        or len(clean) > 120
    ):
        raise InputError(
            f"{name!r} cannot be a template name; use letters, digits, spaces, '-' or '_'"
            " (up to 120 characters)."
        )
    return paths.templates_dir(platform) / f"{clean}{_SUFFIX}"


def save_template(name: str, mapping: FieldMapping) -> Path:
    """Save a mapping as template ``name`` of its platform (replacing one of that name)."""
    path = _path(mapping.platform, name)
    mapping.save(path)
    return path


def load_template(platform: str, name: str) -> FieldMapping:
    """Load template ``name`` of ``platform``; InputError if there is none or it is damaged."""
    path = _path(platform, name)
    if not path.is_file():
        known = list_templates(platform)
        hint = f" Saved templates: {', '.join(known)}." if known else ""
        raise InputError(f"There is no mapping template {name!r} for {platform}.{hint}")
    mapping = FieldMapping.load(path)
    if mapping.platform != platform:
        raise InputError(
            f"The template {name!r} is for {mapping.platform}, not {platform}; choose another."
        )
    return mapping


def list_templates(platform: str) -> list[str]:
    """Names of the saved templates of ``platform``, sorted case-insensitively."""
    names = [
        p.name.removesuffix(_SUFFIX) for p in paths.templates_dir(platform).glob(f"*{_SUFFIX}")
    ]
    return sorted((n for n in names if not n.startswith(".")), key=str.casefold)
