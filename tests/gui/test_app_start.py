"""`attendee-relay` with no arguments opens the main window, quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[2] / "app"


def test_the_app_opens_its_window_with_nothing_on_stderr(isolated_home: Path) -> None:
    env = {
        **os.environ,
        "ATTENDEE_RELAY_STARTUP_PROBE": "1",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(APP_DIR),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-m", "attendee_relay"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == "window-shown"
    assert done.stderr == ""
    # Qt's own messages go to the log file: none of them may be a warning either.
    from attendee_relay.core import paths

    logged = "".join(p.read_text(encoding="utf-8") for p in paths.log_dir().glob("*.log"))
    assert " qt:" not in logged
    assert "ERROR" not in logged


def test_the_sample_list_ships_inside_the_package() -> None:
    from attendee_relay.ui.resources import icon_path, sample_csv_path

    repo_copy = APP_DIR.parent / "resources" / "sample_attendees.csv"
    assert sample_csv_path().read_bytes() == repo_copy.read_bytes()
    assert icon_path("import").is_file()
