"""Where no window can open, `attendee-relay` says why in one sentence, names the command line,
and exits 2 — instead of Qt aborting with exit 134 and no word. When Qt itself fails later, its
own explanation reaches the terminal (the log is not set up yet). Linux: X11 and Wayland."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from attendee_relay.ui.window_check import missing_libraries

APP_DIR = Path(__file__).resolve().parents[2] / "app"
_DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def start_app(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in _DISPLAY_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "attendee_relay"],
        env={**base, "PYTHONPATH": str(APP_DIR), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def one_sentence(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_with_no_display_the_app_says_so_and_names_the_command_line() -> None:
    done = start_app()
    assert done.returncode == 2
    line = one_sentence(done.stderr)
    assert "no display" in line and "attendee-relay --help" in line


def test_a_display_nobody_serves_is_named() -> None:
    done = start_app(DISPLAY=":731")
    assert done.returncode == 2
    line = one_sentence(done.stderr)
    assert "display :731" in line and "attendee-relay --help" in line


@pytest.fixture
def broken_compositor(tmp_path: Path) -> Iterator[Path]:
    """A Unix socket that accepts connections and then hangs up: not a Wayland compositor."""
    path = tmp_path / "wayland-9"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)

    def hang_up() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:  # closed: the test is over
                return
            connection.close()

    threading.Thread(target=hang_up, daemon=True).start()
    yield path
    server.close()


def test_when_qt_cannot_start_its_own_words_reach_the_terminal(broken_compositor: Path) -> None:
    done = start_app(
        QT_QPA_PLATFORM="wayland",
        WAYLAND_DISPLAY=broken_compositor.name,
        XDG_RUNTIME_DIR=str(broken_compositor.parent),
    )
    assert done.returncode != 0
    assert "attendee-relay: Qt: " in done.stderr
    assert "platform plugin" in done.stderr


def test_a_missing_library_is_named_by_its_package() -> None:
    assert missing_libraries({"libc.so.6": "libc6", "libnot-there.so.42": "libnot-there42"}) == [
        "libnot-there42"
    ]
