"""The history browser: runs, their rows (paged lazily from SQLite), one row's detail, export,
retry and resume."""
