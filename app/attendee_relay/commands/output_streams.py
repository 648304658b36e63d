"""Standard output and error that never raise on a character the console cannot show.

Windows writes redirected output in the ANSI code page (cp1252) and some consoles use an OEM page
(cp437); ``PYTHONIOENCODING`` or a C locale can do the same anywhere. A Japanese name, or one of
our own em dashes, then raised UnicodeEncodeError halfway through a report. Human text is now
written with ``?`` for what cannot be shown; JSON is escaped to ASCII instead (``json_ascii``), so
it always parses and names come back intact.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Callable
from typing import TextIO

_UNICODE_CODECS = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"})
_UTF8_CODE_PAGE = 65001


def speaks_unicode(stream: TextIO) -> bool:
    """Whether ``stream`` can encode every character (its encoding is a UTF)."""
    try:
        return codecs.lookup(stream.encoding or "ascii").name in _UNICODE_CODECS
    except LookupError:
        return False


def json_ascii(stream: TextIO | None = None) -> bool:
    """Whether JSON written to ``stream`` (stdout) must escape non-ASCII as ``\\uXXXX``."""
    return not speaks_unicode(stream or sys.stdout)


def _windows_console_to_utf8() -> bool:
    """Switch the Windows console's output code page to UTF-8; False where that is refused."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    return bool(kernel32.SetConsoleOutputCP(_UTF8_CODE_PAGE))


def prepare_output_streams(
    streams: tuple[TextIO, ...] | None = None,
    *,
    platform: str = sys.platform,
    console_to_utf8: Callable[[], bool] = _windows_console_to_utf8,
) -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` (or ``streams``) safe for any text.

    On Windows a console still in a legacy code page is switched to UTF-8 where it allows it.
    Pipes and files keep their encoding (the program reading them expects it); every stream
    replaces what it cannot encode instead of raising.
    """
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if stream is None or reconfigure is None:  # pythonw has no console; tests swap streams
            continue
        try:
            if (
                platform == "win32"
                and stream.isatty()
                and not speaks_unicode(stream)
                and console_to_utf8()
            ):
                reconfigure(encoding="utf-8", errors="replace")
            else:
                reconfigure(errors="replace")
        except (OSError, ValueError):  # a closed or detached stream: nothing to protect
            continue
