"""How a secret too long for one keychain entry is laid out over several, and read back whole.

Windows Credential Manager refuses a secret over 2,560 bytes as UTF-16
(``CRED_MAX_CREDENTIAL_BLOB_SIZE``), and OAuth access tokens (JWTs) are often longer. A longer
secret is stored as parts under ``{entry}#1``, ``{entry}#2``, ..., each well under that size, and
the entry itself holds a small header naming them: how many, a random id of this save, the
length and a SHA-256 prefix of the whole. Every part carries the id and its number, so a part
missing, left over from an earlier save, or damaged is detected, never silently truncated.

Only the layout lives here (pure functions); ``SecretStore`` does the keychain calls.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

#: Windows' limit on one credential's secret, in bytes of UTF-16.
WINDOWS_SECRET_LIMIT_BYTES = 2560
#: Budget of one part's text in UTF-16 bytes, leaving room for its ``id.n:`` prefix.
PART_BUDGET_BYTES = 2000

HEADER_PREFIX = "attendee-relay-parts/1 "
_HEADER = re.compile(
    r"^attendee-relay-parts/1 parts=(?P<parts>[1-9]\d{0,3}) id=(?P<id>[0-9a-f]{8}) "
    r"length=(?P<length>\d{1,9}) sha256=(?P<digest>[0-9a-f]{16})$"
)


class DamagedSecret(ValueError):
    """The parts of a split secret do not add up; ``str()`` says what is wrong (no secret)."""


@dataclass(frozen=True, slots=True)
class SplitSecret:
    """A secret laid out for the keychain: the header for its own entry, and the parts."""

    header: str
    parts: list[str]


def _utf16_size(text: str) -> int:
    return len(text.encode("utf-16-le", errors="surrogatepass"))


def needs_split(value: str) -> bool:
    """Whether ``value`` is over what Windows takes in one entry (the smallest keychain limit)."""
    return _utf16_size(value) > WINDOWS_SECRET_LIMIT_BYTES


def part_username(username: str, number: int) -> str:
    """The entry of part ``number`` (1-based); ``#`` cannot occur in a secret's own name."""
    return f"{username}#{number}"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


def _chunks(value: str) -> list[str]:
    chunks: list[str] = []
    start, size = 0, 0
    for index, char in enumerate(value):
        char_size = 4 if ord(char) > 0xFFFF else 2  # a surrogate pair is never cut in two
        if size + char_size > PART_BUDGET_BYTES:
            chunks.append(value[start:index])
            start, size = index, 0
        size += char_size
    chunks.append(value[start:])
    return chunks


def split_secret(value: str) -> SplitSecret:
    """Lay ``value`` out as a header and parts, each small enough for any keychain."""
    save_id = secrets.token_hex(4)
    chunks = _chunks(value)
    header = (
        f"{HEADER_PREFIX}parts={len(chunks)} id={save_id} length={len(value)} "
        f"sha256={_digest(value)}"
    )
    return SplitSecret(header, [f"{save_id}.{n}:{chunk}" for n, chunk in enumerate(chunks, 1)])


@dataclass(frozen=True, slots=True)
class PartsHeader:
    """What a header entry says: how many parts, of which save, adding up to what."""

    parts: int
    save_id: str
    length: int
    digest: str


def read_header(entry: str) -> PartsHeader | None:
    """The header in ``entry``, or None when the entry is a whole secret itself.

    Raises:
        DamagedSecret: it starts like a header but cannot be read.
    """
    if not entry.startswith(HEADER_PREFIX):
        return None
    match = _HEADER.match(entry)
    if match is None:
        raise DamagedSecret("its index entry is damaged")
    return PartsHeader(int(match["parts"]), match["id"], int(match["length"]), match["digest"])


def join_parts(header: PartsHeader, parts: list[str | None]) -> str:
    """The whole secret from its parts, in order (None for a part not in the keychain).

    Raises:
        DamagedSecret: a part is missing, from another save, or the whole does not check out.
    """
    chunks: list[str] = []
    for number, part in enumerate(parts, 1):
        if part is None:
            raise DamagedSecret(f"part {number} of {header.parts} is missing")
        prefix = f"{header.save_id}.{number}:"
        if not part.startswith(prefix):
            raise DamagedSecret(f"part {number} of {header.parts} is left over from another save")
        chunks.append(part[len(prefix) :])
    value = "".join(chunks)
    if len(value) != header.length or _digest(value) != header.digest:
        raise DamagedSecret("its parts do not add up to what was saved")
    return value
