"""A rotating log file that gives way when another process holds it open.

The desktop app and the command line write the same log. Rotating renames the file, and Windows
refuses to rename a file another process has open: logging then printed "--- Logging error ---"
and a traceback on the user's console at every line. Here a refused rotation is skipped: the log
goes on in the current file, and rotation is tried again a minute later.
"""

from __future__ import annotations

import logging
import time
from logging.handlers import RotatingFileHandler

_RETRY_AFTER_S = 60.0


class SharedRotatingFileHandler(RotatingFileHandler):
    """``RotatingFileHandler`` whose rotation never fails a log record."""

    _gave_way_at: float | None = None

    def shouldRollover(self, record: logging.LogRecord) -> int:
        if self._gave_way_at is not None and time.monotonic() - self._gave_way_at < _RETRY_AFTER_S:
            return False
        return super().shouldRollover(record)

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:  # PermissionError on Windows: another process has the file open
            self._gave_way_at = time.monotonic()
            if self.stream is None:  # closed for the rename: go on writing where we were
                self.stream = self._open()
        else:
            self._gave_way_at = None
