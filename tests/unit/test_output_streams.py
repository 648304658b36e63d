"""Output streams on a Windows console: switched to UTF-8 where the console allows it, and never
raising on a character they cannot show where it does not."""

from __future__ import annotations

import io

from attendee_relay.commands.output_streams import prepare_output_streams, speaks_unicode


class ConsoleStream(io.TextIOWrapper):
    """A text stream that says it is a terminal, in a legacy code page."""

    def isatty(self) -> bool:
        return True


def console(encoding: str) -> tuple[ConsoleStream, io.BytesIO]:
    raw = io.BytesIO()
    return ConsoleStream(raw, encoding=encoding), raw


def test_a_windows_console_in_cp437_is_switched_to_utf8() -> None:
    stream, raw = console("cp437")
    switched: list[bool] = []

    prepare_output_streams(
        (stream,), platform="win32", console_to_utf8=lambda: switched.append(True) or True
    )
    stream.write("山田 — Zoë")
    stream.flush()

    assert switched == [True]
    assert raw.getvalue().decode("utf-8") == "山田 — Zoë"


def test_a_console_that_refuses_utf8_replaces_what_it_cannot_show() -> None:
    stream, raw = console("cp437")

    prepare_output_streams((stream,), platform="win32", console_to_utf8=lambda: False)
    stream.write("山田 — Zoë")
    stream.flush()

    assert not speaks_unicode(stream)
    assert raw.getvalue().decode("cp437") == "?? ? Zoë"


def test_a_pipe_keeps_its_code_page_and_the_console_is_left_alone() -> None:
    raw = io.BytesIO()
    pipe = io.TextIOWrapper(raw, encoding="cp1252")
    asked: list[bool] = []

    prepare_output_streams(
        (pipe,), platform="win32", console_to_utf8=lambda: asked.append(True) or True
    )
    pipe.write("Иван — Zoë")
    pipe.flush()

    assert asked == []  # whatever reads the pipe expects the ANSI code page
    assert raw.getvalue().decode("cp1252") == "???? — Zoë"
