"""Exit codes of the CLI contract (DESIGN.md)."""

OK = 0  # every row delivered
ROWS_NOT_DELIVERED = 1  # some rows refused or failed; the report says which and why
BAD_INPUT = 2  # bad usage or unreadable input
CANNOT_CONNECT = 3  # cannot connect or not authorised
INTERRUPTED = 130  # Ctrl-C; the run can be resumed
