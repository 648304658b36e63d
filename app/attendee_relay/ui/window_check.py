"""Before the desktop app creates its QApplication: can a window open here at all? Qt aborts
the process when its platform plugin cannot start, with a message nobody sees; this check says
why in one sentence instead. Qt-free and cheap: it runs on every start of the window."""

from __future__ import annotations

import ctypes
import os
import socket
import sys
from pathlib import Path

#: The X11 libraries Qt's xcb platform loads, by soname, with the Debian/Ubuntu package of each.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}

#: Platforms that need no display at all.
_HEADLESS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")

_CLI_HINT = "the command line works without one (attendee-relay --help)"


def window_problem(env: dict[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why no window can open here (one sentence), or None when one can.

    Args:
        env: the environment (default ``os.environ``).
        platform: ``sys.platform`` (default the running one).
    """
    env = dict(os.environ if env is None else env)
    platform = platform or sys.platform
    if not platform.startswith("linux") and "bsd" not in platform:
        return None  # Windows and macOS always have their window system
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if chosen in _HEADLESS:
        return None
    wayland = _wayland_socket(env)
    if chosen.startswith("wayland") or (not chosen and wayland and not env.get("DISPLAY")):
        if wayland:
            return None
        return (
            "Attendee Relay cannot open a window: QT_QPA_PLATFORM asks for Wayland but no "
            f"Wayland display is running (WAYLAND_DISPLAY); {_CLI_HINT}."
        )
    display = env.get("DISPLAY", "")
    if not display:
        if wayland:
            return None
        return (
            "Attendee Relay cannot open a window: there is no display (neither DISPLAY nor "
            f"WAYLAND_DISPLAY is set, as over SSH or in a container); {_CLI_HINT}."
        )
    if not _x_server_listening(display):
        return (
            f"Attendee Relay cannot open a window: no X server answers on display {display} "
            f"(is DISPLAY right?); {_CLI_HINT}."
        )
    missing = missing_libraries(XCB_LIBRARIES)
    if missing:
        return (
            "Attendee Relay cannot open a window: the system libraries Qt needs for X11 are "
            f"missing (install {' '.join(missing)}, e.g. sudo apt install {' '.join(missing)}); "
            f"{_CLI_HINT}."
        )
    return None


def missing_libraries(libraries: dict[str, str]) -> list[str]:
    """The packages of the shared libraries (sonames) that cannot be loaded."""
    missing = []
    for soname, package in libraries.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def _wayland_socket(env: dict[str, str]) -> bool:
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        return False
    path = Path(name) if name.startswith("/") else Path(env.get("XDG_RUNTIME_DIR", "/")) / name
    return _answers(path)


def _x_server_listening(display: str) -> bool:
    """For a local display (``:N``), whether its socket exists; a remote one is trusted."""
    host, _, rest = display.rpartition(":")
    if host not in ("", "unix"):
        return True  # host:N over TCP (SSH forwarding): Qt will say if it fails
    number = rest.split(".")[0]
    if not number.isdigit():
        return True
    # X11's fixed socket folder (not a temporary file of ours).
    return _answers(Path(f"/tmp/.X11-unix/X{number}"))  # noqa: S108


def _answers(socket_path: Path) -> bool:
    """Whether something accepts connections on a Unix socket (a stale file does not)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(str(socket_path))
        except OSError:
            return False
    return True
