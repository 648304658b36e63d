"""Every on-disk location, from one place. platformdirs honours XDG_* on Linux, which is how tests
isolate themselves from a real user's folders."""

from __future__ import annotations

import os
import stat
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


def remembered_dir(platform_folder: str) -> Path:
    """Mappings remembered for one platform (owner-only, like every folder of ours)."""
    return _ensure(config_dir() / "remembered" / platform_folder)


def templates_dir(platform: str) -> Path:
    return _ensure(config_dir() / "templates" / platform)


def _ensure(path: Path) -> Path:
    """The folder, created (with any missing parents) and kept owner-only: the history and the
    logs hold attendees' personal data. Folders of earlier installs are tightened here too."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    # mkdir's mode is not given to the parents it creates: the app's own folders between this
    # one and the app's top folder (…/attendee-relay/log) are tightened as well.
    folders = [path, *path.parents]
    names = [folder.name for folder in folders]
    top = names.index(APP_NAME) if APP_NAME in names else 0
    for folder in folders[: top + 1]:
        _tighten(folder, PRIVATE_DIR_MODE)
    return path


#: Owner-only folders and files (POSIX). On Windows the user's profile folders, where these live,
#: are private to the user already, and chmod only sets the read-only flag: nothing is done there.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_file(path: Path) -> Path:
    """The file, created empty as 0600 if missing, else tightened to 0600 (POSIX)."""
    if os.name == "posix":
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
        os.close(fd)
    _tighten(path, PRIVATE_FILE_MODE)
    return path


def tighten_if_present(path: Path) -> None:
    """An existing file made 0600 (SQLite's -wal and -shm files, rotated logs)."""
    if path.exists():
        _tighten(path, PRIVATE_FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    if os.name != "posix":
        return
    try:
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
    except OSError:
        pass  # not ours to change (a shared mount): the data is no less private than before
