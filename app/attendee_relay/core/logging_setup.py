"""The app's log: a rotating file in the user log dir, with every secret masked before it is written.

Secrets are masked twice: by value (every secret SecretStore has handed out is registered) and by
shape (``key=...``, ``rpsKey=...``, ``Authorization: ...``) for anything that slipped past.
"""

from __future__ import annotations

import logging
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from attendee_relay.core import paths
from attendee_relay.core.log_rotation import SharedRotatingFileHandler
from attendee_relay.core.redaction import (
    MASK,
    forget_registered_secrets,
    register_secret,
    registered_redactor,
)

__all__ = [
    "LOG_FILE_NAME",
    "SecretFilter",
    "forget_registered_secrets",
    "mask_secret_patterns",
    "register_secret",
    "setup_logging",
    "teardown_logging",
]

LOG_FILE_NAME = "attendee-relay.log"
_MAX_BYTES = 1_000_000
_BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# Marks the handlers this module installed, so a second call finds them instead of adding more.
_OURS = "_attendee_relay_handler"

_CREDENTIAL_FIELDS = (
    "x-api-authorization|proxy-authorization|authorization|x-api-key|api[_-]?key|rps[_-]?key|"
    "api[_-]?secret|client[_-]?secret|secret|password|passwd|access[_-]?token|refresh[_-]?token|"
    "id[_-]?token|token|code[_-]?verifier|key"
)
# name, separator (=, :, quoted "name": "), an optional scheme word kept for the reader, the value.
_SECRET_PATTERN = re.compile(
    rf"(?<![\w-])({_CREDENTIAL_FIELDS})(['\"]?\s*[:=]\s*['\"]?)"
    r"(?:(basic|bearer|iws|digest|token)\s+)?"
    r"([^\s&'\",;}\]]+)",
    re.IGNORECASE,
)


def mask_secret_patterns(text: str) -> str:
    """Mask values that look like credentials by their shape, whatever their value.

    Args:
        text: a log message.

    Returns:
        ``text`` with ``key=...``, ``rpsKey=...``, ``Authorization: Basic ...`` and the like masked.
    """

    def replace(match: re.Match[str]) -> str:
        scheme = f"{match.group(3)} " if match.group(3) else ""
        return f"{match.group(1)}{match.group(2)}{scheme}{MASK}"

    return _SECRET_PATTERN.sub(replace, text)


def _redact(text: str) -> str:
    return mask_secret_patterns(registered_redactor().text(text))


class SecretFilter(logging.Filter):
    """Rewrites each record so its final message, traceback and stack carry no secret.

    Attached to handlers (not loggers) so it also sees records propagated from other libraries,
    such as httpx logging request URLs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record, nor leak its args
            message = f"{record.msg!s} {record.args!r}"
        record.msg = _redact(message)
        record.args = None  # already merged into msg; kept args would be formatted again
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _redact(record.exc_text)
        if record.stack_info:
            record.stack_info = _redact(record.stack_info)
        return True


def setup_logging(verbose: bool = False) -> Path:
    """Send the app's logs (and its libraries') to a rotating file, secrets masked.

    Calling it again adds no second handler; it only adjusts the level. Nothing goes to stderr
    unless ``verbose`` is set.

    Args:
        verbose: log debug detail, and echo the log to stderr as well.

    Returns:
        The path of the log file.
    """
    log_path = paths.log_dir() / LOG_FILE_NAME
    root = logging.getLogger()
    level = logging.DEBUG if verbose else logging.INFO

    file_handler = None
    stderr_handler = None
    for handler in list(root.handlers):
        kind = getattr(handler, _OURS, None)
        if kind == "file" and isinstance(handler, RotatingFileHandler):
            if Path(handler.baseFilename) == log_path:
                file_handler = handler
            else:  # the log dir moved (tests switch XDG dirs): follow it, do not keep both
                root.removeHandler(handler)
                handler.close()
        elif kind == "stderr":
            stderr_handler = handler

    if file_handler is None:
        file_handler = _PrivateRotatingFileHandler(
            log_path, maxBytes=_MAX_BYTES, backupCount=_BACKUP_COUNT, encoding="utf-8"
        )
        _adopt(file_handler, "file")
        root.addHandler(file_handler)
    file_handler.setLevel(level)

    if verbose and stderr_handler is None:
        stderr_handler = logging.StreamHandler(sys.stderr)
        _adopt(stderr_handler, "stderr")
        root.addHandler(stderr_handler)
    elif not verbose and stderr_handler is not None:
        root.removeHandler(stderr_handler)
        stderr_handler.close()

    root.setLevel(level)
    return log_path


def teardown_logging() -> None:
    """Remove and close the handlers ``setup_logging`` installed (at exit, and in tests)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, None):
            root.removeHandler(handler)
            handler.close()


class _PrivateRotatingFileHandler(SharedRotatingFileHandler):
    """A rotating log (shared with other processes, see ``log_rotation``) whose files are
    owner-only (0600), the current one and each new one after a rotation: what goes wrong with
    a run can name a file or a connector."""

    def _open(self):  # type: ignore[no-untyped-def]  # typeshed: TextIOWrapper
        paths.private_file(Path(self.baseFilename))
        return super()._open()


def _adopt(handler: logging.Handler, kind: str) -> None:
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(SecretFilter())
    setattr(handler, _OURS, kind)
