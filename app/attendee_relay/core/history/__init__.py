"""The local history of every run and every row, in SQLite (WAL, versioned schema)."""

from attendee_relay.core.history.models import PendingRow, RowInsert, RowView, RunCounts, RunInfo
from attendee_relay.core.history.store import HistoryStore

__all__ = ["HistoryStore", "PendingRow", "RowInsert", "RowView", "RunCounts", "RunInfo"]
