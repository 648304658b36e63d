"""Realistic attendee files for the benchmarks, generated from a fixed seed (no fixtures needed).

Every row is distinct (names, e-mails and phone numbers), so caches inside the pipeline see what
they would see on a real export: mostly new values.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path

HEADERS = ["Email", "First Name", "Last Name", "Company", "Job Title", "Phone", "Country"]

_FIRST = [
    "Anna", "Ben", "Chloé", "David", "Elif", "Farid", "Grace", "Hiro", "Inés", "Jonas", "Kavya",
    "Liam", "María", "Noah", "Olga", "Pierre", "Qin", "Rosa", "Sven", "Tomás", "Uma", "Viktor",
    "Wen", "Xavier", "Yara", "Zoë", "Jürgen", "Siobhán", "Mary Ann", "José Luis",
]  # fmt: skip
_LAST = [
    "Smith", "Müller", "García", "Nakamura", "O'Brien", "Rossi", "Kowalski", "Dubois", "Singh",
    "Andersson", "van der Berg", "Novak", "Yilmaz", "Chen", "Costa", "Haddad", "Ivanova", "Kim",
]  # fmt: skip
_COMPANIES = [
    "Acme Corp", "Globex, Inc", "Initech GmbH", "Umbrella S.A.", "Stark Industries",
    "Wayne Enterprises", "Müller & Söhne KG", "Tyrell Corporation", "Soylent Ltd",
    "Hooli", "Vandelay Industries", "Cyberdyne Systems", "Aperture Science", "Nakatomi Trading",
]  # fmt: skip
_TITLES = [
    "Engineer", "Head of Marketing", "CTO", "Event Manager", "Sales Director", "Designer",
    "Geschäftsführer", "Directora Comercial", "Procurement Lead", "Student", "",
]  # fmt: skip
_US_AREAS = [212, 312, 415, 617, 202, 305, 206, 512, 646, 718, 213, 404]
_DOMAINS = ["example.com", "example.org", "mail.example.de", "corp.example.co.uk", "example.fr"]


def _phone(rng: random.Random) -> tuple[str, str]:
    """A phone number as people type it, and its country; nearly all valid, a few unusual."""
    d = rng.randrange
    shape = d(100)
    if shape < 20:
        return f"+44 20 7{d(1000):03d} {d(10000):04d}", "United Kingdom"
    if shape < 35:
        return f"+44 7{d(700, 1000):03d} {d(1000000):06d}", "United Kingdom"
    if shape < 55:
        area = rng.choice(_US_AREAS)
        return f"+1 ({area}) {d(200, 1000)}-{d(10000):04d}", "USA"
    if shape < 68:
        return f"+49 30 {d(10000000, 100000000)}", "Germany"
    if shape < 78:
        return f"+33 1 {d(100):02d} {d(100):02d} {d(100):02d} {d(100):02d}", "France"
    if shape < 88:
        return f"+91 98{d(1000):03d} {d(100000):05d}", "India"
    if shape < 95:
        return f"+44207{d(10000000):07d}", "United Kingdom"  # already E.164
    if shape < 98:
        return f"+49 (0)30 {d(10000000, 100000000)}", "Germany"  # the "(0)" German habit
    return f"0{d(1000000000, 2000000000)}", "Spain"  # national, no country code: flagged


def attendee_rows(count: int, *, seed: int = 7) -> Iterator[list[str]]:
    """``count`` distinct attendee rows in ``HEADERS`` order."""
    rng = random.Random(seed)
    for i in range(count):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        local = _ascii(f"{first}.{last}".lower().replace(" ", "").replace("'", ""))
        email = f"{local}.{i}@{rng.choice(_DOMAINS)}"
        if i % 50 == 0:
            email = " " + email.upper() + " "  # spaces and capitals, as exports have them
        phone, country = _phone(rng)
        yield [email, first, last, rng.choice(_COMPANIES), rng.choice(_TITLES), phone, country]


def write_attendees(path: Path, count: int, *, phone: bool = True) -> Path:
    """Write a UTF-8 CSV of ``count`` attendees (with or without the Phone column)."""
    keep = [i for i, h in enumerate(HEADERS) if phone or h != "Phone"]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADERS[i] for i in keep) + "\r\n")
        batch: list[str] = []
        for row in attendee_rows(count):
            batch.append(",".join(_quote(row[i]) for i in keep) + "\r\n")
            if len(batch) >= 5000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
    return path


def _ascii(text: str) -> str:
    """Accents dropped, as people do in e-mail addresses ("Zoë" -> "zoe")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _quote(cell: str) -> str:
    if any(ch in cell for ch in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell
