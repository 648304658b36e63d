"""Generated GEVME attendees: deterministic, international (accents, CJK, Arabic), for paging tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

_FIRST = (
    "José", "Zoë", "Łukasz", "Søren", "François", "Ana", "Björn", "Chloé", "美咲", "太郎",
    "Nguyễn", "Ольга", "محمد", "Siobhán", "Ibrahim", "伟", "Renée", "Mateus", "Ayşe", "Kenji",
)  # fmt: skip
_LAST = (
    "García", "Müller", "Nowak", "Ødegård", "Lefèvre", "Costa", "Ångström", "Dubois", "佐藤",
    "山田", "Văn An", "Иванова", "العلي", "Ó Súilleabháin", "Diallo", "王", "Brontë", "Gonçalves",
    "Yılmaz", "Tanaka",
)  # fmt: skip
_COMPANIES = ("Acme GmbH", "Société Générale", "株式会社サンプル", "Nørd ApS", "Globex", "")
_TITLES = ("Engineer", "Directeur commercial", "マネージャー", "Head of Events", "")
_COUNTRIES = ("ES", "DE", "PL", "DK", "FR", "PT", "SE", "FR", "JP", "JP", "VN", "UA", "AE")
_TYPES = ("Delegate", "Speaker", "Exhibitor", "VIP")

#: When the generated attendees were last modified: one minute apart from this moment on.
GENERATED_FROM = datetime(2024, 3, 1, tzinfo=UTC)


def iso(moment: datetime) -> str:
    """GEVME-looking timestamps: ``2024-03-01 09:30:00`` (UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def attendee(event: str, index: int, modified_at: str | None = None) -> dict[str, Any]:
    """Attendee number ``index`` (0-based) of ``event``, in a GEVME-like camelCase shape."""
    first = _FIRST[index % len(_FIRST)]
    last = _LAST[(index // len(_FIRST)) % len(_LAST)]
    created = GENERATED_FROM + timedelta(minutes=index)
    return {
        "id": 500000 + index,
        "eventId": int(event) if event.isdigit() else event,
        "firstName": first,
        "lastName": last,
        "email": f"guest{index:05d}@example.org",
        "companyName": _COMPANIES[index % len(_COMPANIES)],
        "jobTitle": _TITLES[index % len(_TITLES)],
        "mobile": f"+3361234{index:04d}" if index % 3 else "",
        "country": _COUNTRIES[index % len(_COUNTRIES)],
        "status": "confirmed" if index % 17 else "cancelled",
        "registrationType": _TYPES[index % len(_TYPES)],
        "customFields": {"dietary": "vegetarian" if index % 5 == 0 else ""},
        "createdAt": iso(created),
        "modifiedAt": modified_at or iso(created),
    }


def parse_moment(text: str) -> datetime | None:
    """``modifiedFrom``/``modifiedTo`` values: ``YYYY-MM-DD[ HH:MM:SS]`` or ISO 8601; None if odd."""
    text = text.strip().replace("Z", "+00:00")
    for candidate in (text, text.replace(" ", "T", 1)):
        try:
            moment = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None
