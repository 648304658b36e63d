"""A text codec for files that are UTF-8 except for a few lines pasted from a legacy program.

``x-utf-8-or-cp1250`` (any legacy code page after ``or-``) decodes UTF-8 and, where a line is
not valid UTF-8, decodes the rest of that line with the legacy page instead. Every valid UTF-8
name keeps its letters; only the odd line is read the other way. Being a registered codec, its
name can be stored and handed back to ``open_source(encoding=…)`` like any other.
"""

from __future__ import annotations

import codecs
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

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return codecs.utf_8_encode(text, errors)

    return codecs.CodecInfo(
        encode,
        decode,
        incrementalencoder=codecs.getincrementalencoder("utf-8"),
        incrementaldecoder=Decoder,
        name=PREFIX + fallback,
    )


codecs.register(_search)
