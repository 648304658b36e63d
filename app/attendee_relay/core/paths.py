"""Every on-disk location, from one place. platformdirs honours XDG_* on Linux, which is how tests
isolate themselves from a real user's folders."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from attendee_relay import APP_NAME


def _dirs() -> platformdirs.PlatformDirs:
    # Built per call, not cached: tests change XDG_* between cases.
    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Settings, connector profiles and mapping templates."""
    return _ensure(Path(_dirs().user_config_dir))


def data_dir() -> Path:
    """The history database."""
    return _ensure(Path(_dirs().user_data_dir))


def log_dir() -> Path:
    """Log files."""
    return _ensure(Path(_dirs().user_log_dir))


def documents_dir() -> Path:
    """Where file dialogs start: the user's Documents folder as the OS knows it (a Known Folder
    on Windows, so a OneDrive-redirected one; XDG user dirs on Linux), else the home folder.
    Never created: it is the user's, not ours."""
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def history_db_path() -> Path:
    return data_dir() / "history.sqlite3"


def connectors_dir() -> Path:
    return _ensure(config_dir() / "connectors")


def templates_dir(platform: str) -> Path:
    return _ensure(config_dir() / "templates" / platform)


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
