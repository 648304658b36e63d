"""Text codecs for UTF-8 files that are not quite right, registered so their names can be stored
and handed back to ``open_source(encoding=…)`` like any other.

- ``x-utf-8-or-cp1250`` (any legacy code page after ``or-``): UTF-8, except that where a line is
  not valid UTF-8 the rest of that line is decoded with the legacy page. Every valid UTF-8 name
  keeps its letters; only the odd line pasted from a legacy program is read the other way.
- ``x-utf-8-ungarbled``: UTF-8 in which text garbled by another program (UTF-8 once read as
  cp1252 and saved again: "ZoÃ«") is put back ("Zoë"). A run of such characters is changed only
  when its cp1252 bytes are valid UTF-8, which real accented text practically never is.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Buffer

PREFIX = "x-utf-8-or-"
_LOOKUP_PREFIX = "x_utf_8_or_"  # what codecs.lookup hands a search function
_HANDLER_PREFIX = "attendee_relay.utf8_or."


def mixed_codec_name(fallback: str) -> str:
    """The codec name for UTF-8 with lines in ``fallback`` (a Python codec name)."""
    return PREFIX + codecs.lookup(fallback).name


def fallback_of(encoding: str) -> str | None:
    """The legacy page of a mixed codec name, or ``None`` for any other encoding."""
    normal = encoding.lower().replace("-", "_")
    if not normal.startswith(_LOOKUP_PREFIX):
        return None
    return normal[len(_LOOKUP_PREFIX) :]


def _handler_for(fallback: str) -> str:
    name = _HANDLER_PREFIX + fallback
    try:
        codecs.lookup_error(name)
    except LookupError:

        def decode_rest_of_line(error: UnicodeError) -> tuple[str, int]:
            if not isinstance(error, UnicodeDecodeError):
                raise error
            data = error.object
            end = data.find(b"\n", error.start)
            end = len(data) if end < 0 else end
            # "replace" only for the few bytes a page leaves unassigned: never stop an import.
            return bytes(data[error.start : end]).decode(fallback, "replace"), end

        codecs.register_error(name, decode_rest_of_line)
    return name


class _IncrementalDecoder(codecs.BufferedIncrementalDecoder):
    handler = "strict"

    def _buffer_decode(self, data: Buffer, errors: str, final: bool) -> tuple[str, int]:
        # The C UTF-8 decoder does the work; the handler is only called at a bad byte.
        return codecs.utf_8_decode(data, self.handler, final)


def _search(name: str) -> codecs.CodecInfo | None:
    if not name.startswith(_LOOKUP_PREFIX):
        return None
    try:
        fallback = codecs.lookup(name[len(_LOOKUP_PREFIX) :]).name
    except LookupError:
        return None
    handler = _handler_for(fallback)

    class Decoder(_IncrementalDecoder):
        pass

    Decoder.handler = handler

    def decode(data: Buffer, errors: str = "strict") -> tuple[str, int]:
        return codecs.utf_8_decode(data, handler, True)

    return _utf8_variant(PREFIX + fallback, decode, Decoder)


def _utf8_variant(
    name: str,
    decode: Callable[..., tuple[str, int]],
    decoder: type[codecs.IncrementalDecoder],
) -> codecs.CodecInfo:
    """A codec that decodes its own way and encodes as plain UTF-8."""

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return codecs.utf_8_encode(text, errors)

    return codecs.CodecInfo(
        encode,
        decode,
        incrementalencoder=codecs.getincrementalencoder("utf-8"),
        incrementaldecoder=decoder,
        name=name,
    )


UNGARBLED = "x-utf-8-ungarbled"
_UNGARBLED_LOOKUP = "x_utf_8_ungarbled"
# Every character a cp1252 byte 0x80-0xFF decodes to (the five unassigned ones as C1 controls).
_CP1252_HIGH = "".join(bytes([b]).decode("cp1252", "replace") for b in range(0x80, 0x100))
_CP1252_HIGH += "\x81\x8d\x8f\x90\x9d"
_GARBLED_RUN = re.compile("[" + re.escape(_CP1252_HIGH.replace("\ufffd", "")) + "]{2,}")


def _undo_cp1252(match: re.Match[str]) -> str:
    run = match.group()
    try:
        raw = bytes(
            ord(char)
            if ord(char) < 0x100 and char not in _CP1252_SPECIALS
            else _CP1252_SPECIALS[char]
            for char in run
        )
        return raw.decode("utf-8")
    except (UnicodeDecodeError, KeyError, ValueError):
        return run


_CP1252_SPECIALS = {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


class _UngarbledDecoder(codecs.BufferedIncrementalDecoder):
    def _buffer_decode(self, data: Buffer, errors: str, final: bool) -> tuple[str, int]:
        text, consumed = codecs.utf_8_decode(data, errors, final)
        if not final:
            # Keep a trailing run of non-ASCII text for the next chunk: it may be cut in two.
            keep = len(text) - len(text.rstrip(_CP1252_HIGH))
            if keep:
                consumed -= len(text[-keep:].encode("utf-8"))
                text = text[:-keep]
        return _GARBLED_RUN.sub(_undo_cp1252, text), consumed


def ungarble(text: str) -> str:
    """``text`` with runs garbled by a cp1252 misreading of UTF-8 put back."""
    return _GARBLED_RUN.sub(_undo_cp1252, text)


def _search_ungarbled(name: str) -> codecs.CodecInfo | None:
    if name != _UNGARBLED_LOOKUP:
        return None

    def decode(data: Buffer, errors: str = "strict") -> tuple[str, int]:
        text, consumed = codecs.utf_8_decode(data, errors, True)
        return ungarble(text), consumed

    return _utf8_variant(UNGARBLED, decode, _UngarbledDecoder)


codecs.register(_search)
codecs.register(_search_ungarbled)
