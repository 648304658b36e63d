"""Find the text encoding of a delimited file: BOMs, then strict UTF-8, then a legacy code page."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import CharsetMatch, from_bytes
from charset_normalizer.utils import is_multi_byte_encoding

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources.content import utf16_byte_order

#: Codec error handler for cp1252: its five unassigned bytes become the C1 controls that the
#: WHATWG "windows-1252" decoder yields, so one odd byte never stops a whole import.
LENIENT_CP1252 = "attendee_relay.cp1252_c1"

_CHUNK = 256 * 1024
_SAMPLE = 64 * 1024
# charset-normalizer often ranks cp1250 first for German, French or Spanish text, which turns
# "Señora Núñez" into "Seńora Núńez". A cp1252 reading within this much "chaos" of its best
# guess is preferred: coordinators' legacy exports are overwhelmingly Western European.
_CP1252_CHAOS_MARGIN = 0.1
_CP1252_FAMILY = {"cp1252", "latin_1", "iso8859_15", "iso8859_1"}
_CP1252_UNASSIGNED_TO_SPACE = bytes.maketrans(b"\x81\x8d\x8f\x90\x9d", b"     ")


def _c1_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(LENIENT_CP1252, _c1_fallback)


@dataclass(frozen=True)
class EncodingChoice:
    """A codec and the error handling to decode a file with.

    Attributes:
        encoding: Python codec name.
        errors: ``"strict"``, or ``LENIENT_CP1252`` for a detected cp1252 file.
    """

    encoding: str
    errors: str = "strict"


def detect_encoding(path: Path, head: bytes) -> EncodingChoice:
    """Decide how to decode a text file, reading it in chunks (never whole into memory).

    Order: a byte-order mark; BOM-less UTF-16 (NULs in every other byte); UTF-8 when the whole
    file is valid UTF-8; otherwise the best legacy code page, cp1252 whenever it is plausible.

    Args:
        path: the file.
        head: its first bytes.

    Returns:
        The codec to use.
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return EncodingChoice("utf-32")
    if head.startswith(codecs.BOM_UTF8):
        return EncodingChoice("utf-8-sig")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return EncodingChoice("utf-16")
    byte_order = utf16_byte_order(head)
    if byte_order:
        return EncodingChoice(byte_order)
    bad_offset = _first_invalid_utf8_offset(path)
    if bad_offset is None:
        return EncodingChoice("utf-8")
    return _legacy_encoding(_legacy_sample(path, bad_offset))


def check_encoding(path: Path, head: bytes, encoding: str) -> EncodingChoice:
    """Validate an encoding a person chose and check the start of the file decodes with it.

    Args:
        path: the file (for messages).
        head: its first bytes.
        encoding: a Python codec name or alias (``utf-8``, ``latin-1``, ``cp1252``…).

    Returns:
        The codec to use; ``utf-8`` becomes ``utf-8-sig`` on a file with a UTF-8 BOM so the BOM
        never ends up in the first header.

    Raises:
        InputError: an unknown codec, or one the file's first bytes cannot be decoded with.
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"'{encoding}' is not a known text encoding; use one such as utf-8, cp1252 or utf-16."
        ) from None
    if name == "utf-8" and head.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    decoder = codecs.getincrementaldecoder(name)()
    try:
        decoder.decode(head, final=len(head) < _SAMPLE)
    except UnicodeDecodeError:
        raise InputError(
            f"{path.name} cannot be read as {encoding}; choose another encoding or let the app "
            "detect it."
        ) from None
    return EncodingChoice(name)


def _first_invalid_utf8_offset(path: Path) -> int | None:
    """Byte offset of the first invalid UTF-8 sequence in the file, or None if it is all valid."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            # Pure-ASCII chunks are valid unless a multi-byte sequence is pending from before.
            if not chunk.isascii() or decoder.getstate()[0]:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    return offset + error.start
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset
    return None


def _legacy_sample(path: Path, bad_offset: int) -> bytes:
    """The start of the file, plus the region where UTF-8 failed when that lies further on."""
    with path.open("rb") as stream:
        sample = stream.read(_SAMPLE)
        if bad_offset >= _SAMPLE // 2:
            stream.seek(max(bad_offset - _SAMPLE // 2, 0))
            sample += b"\n" + stream.read(_SAMPLE)
    return sample


def _legacy_encoding(sample: bytes) -> EncodingChoice:
    matches = list(from_bytes(sample))
    if not matches or _cp1252_is_close(matches):
        return EncodingChoice("cp1252", LENIENT_CP1252)
    best = matches[0].encoding
    # One stray byte that cp1252 leaves unassigned rules cp1252 out entirely; look again
    # without those bytes, unless the text is in a multi-byte code page that uses them.
    cleaned = sample.translate(_CP1252_UNASSIGNED_TO_SPACE)
    if not is_multi_byte_encoding(best) and cleaned != sample:
        cleaned_matches = list(from_bytes(cleaned))
        if not cleaned_matches or _cp1252_is_close(cleaned_matches):
            return EncodingChoice("cp1252", LENIENT_CP1252)
    return EncodingChoice(codecs.lookup(best).name)


def _cp1252_is_close(matches: list[CharsetMatch]) -> bool:
    """True when a cp1252-compatible reading is about as clean as the best guess."""
    best_chaos = min(match.chaos for match in matches)
    return any(
        {match.encoding, *match.could_be_from_charset} & _CP1252_FAMILY
        and match.chaos <= best_chaos + _CP1252_CHAOS_MARGIN
        for match in matches
    )
