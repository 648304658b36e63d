"""Stream rows out of a delimited text file: incremental decoding fed straight into csv.reader."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from attendee_relay.core.errors import InputError
from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources.base import Source, SourceInfo
from attendee_relay.core.sources.encoding import EncodingChoice
from attendee_relay.core.sources.shaping import shape_row

_READ_BUFFER = 1 << 16
#: The largest cell read (csv's default is 128 KB, which a pasted notes cell can exceed). Memory
#: stays bounded by one row; an unclosed quote is reported once it has swallowed this much.
CELL_LIMIT = 16 * 1024 * 1024

if csv.field_size_limit() < CELL_LIMIT:
    csv.field_size_limit(CELL_LIMIT)


@contextmanager
def open_records(
    path: Path, choice: EncodingChoice, delimiter: str
) -> Iterator[Iterator[list[str]]]:
    """Open the file as a stream of csv records (one per spreadsheet row, quoted newlines kept).

    Args:
        path: the file.
        choice: how to decode it.
        delimiter: the cell separator.

    Yields:
        A ``csv.reader``; the file closes when the context ends.

    Raises:
        InputError: the file cannot be opened.
    """
    try:
        raw = path.open("rb", buffering=_READ_BUFFER)
    except OSError as error:
        raise InputError(
            f"{path.name} cannot be opened ({error.strerror}); check the file."
        ) from None
    # newline="" hands CR, LF and CRLF to csv untouched, which is how it keeps quoted newlines.
    with io.TextIOWrapper(raw, encoding=choice.encoding, errors=choice.errors, newline="") as text:
        yield csv.reader(text, delimiter=delimiter)


def read_error(
    path: Path, row: int, error: Exception, choice: EncodingChoice, delimiter: str
) -> InputError:
    """The one-sentence error for a file that stops being readable at ``row``."""
    if isinstance(error, UnicodeDecodeError):
        row = _undecodable_row(path, choice, delimiter) or row
        return InputError(
            f"{path.name} cannot be read as {choice.encoding} at row {row}; "
            "choose the file's encoding and retry."
        )
    if "field larger than field limit" in str(error):
        return InputError(
            f"Row {row} of {path.name} opens a quote that is never closed (or has a cell over "
            f"{CELL_LIMIT // (1024 * 1024)} MB); fix that row and retry."
        )
    return InputError(f"Row {row} of {path.name} cannot be read ({error}); fix it and retry.")


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _undecodable_row(path: Path, choice: EncodingChoice, delimiter: str) -> int | None:
    """The row holding the first undecodable byte, found by a second, forgiving pass.

    The decoder works in chunks of kilobytes, so the row reached when it fails can be far
    before the bad byte. Only run on the way to an error, so its speed does not matter.
    """
    forgiving = EncodingChoice(choice.encoding, "surrogateescape")
    with open_records(path, forgiving, delimiter) as records:
        try:
            for number, cells in enumerate(records, 1):
                if any(_ESCAPED_BYTE.search(cell) for cell in cells):
                    return number
        except (csv.Error, UnicodeDecodeError):
            return None
    return None


class CsvSource(Source):
    """A delimited text file (CSV, semicolon CSV, TSV, pipe-separated)."""

    def __init__(self, info: SourceInfo, choice: EncodingChoice) -> None:
        """Wrap an already inspected file; use ``open_source`` rather than this."""
        super().__init__(info)
        self._choice = choice

    def rows(self) -> Iterator[SourceRow]:
        info = self.info
        start = info.header_row
        assert info.delimiter is not None
        delimiter = info.delimiter

        def error(row: int, problem: Exception) -> InputError:
            return read_error(info.path, row, problem, self._choice, delimiter)

        # The generated loop is the generator itself (no "yield from" between it and the caller);
        # it opens the file on the first next(), as this method would.
        loop = _row_loop(tuple(info.headers))
        return loop(info.path, self._choice, delimiter, start, error)

    def preview(self, limit: int = 20) -> list[list[str]]:
        assert self.info.delimiter is not None
        return read_head(self.info.path, self._choice, self.info.delimiter, limit)


_Loop = Callable[
    [Path, EncodingChoice, str, int, Callable[[int, Exception], InputError]], Iterator[SourceRow]
]

#: Files wider than this use the generic loop (the generated one names a variable per column).
_GENERATED_MAX_WIDTH = 250


def _row_loop(headers: tuple[str, ...]) -> _Loop:
    """The hot loop over a file's records, generated for its header.

    It must stay close to plain csv.reader speed, so the common row (right width, first cell
    filled) costs one length check, one unpacking, one strip and a dict display with the headers
    as constant keys: about half the cost of ``dict(zip(headers, cells))``. Anything else goes
    to ``shape_row``. Headers enter the code only as repr() string literals, never as code.
    """
    width = len(headers)
    namespace: dict[str, object] = {
        "SourceRow": SourceRow,
        "new": object.__new__,
        "open_records": open_records,
        "islice": islice,
        "shape_row": shape_row,
        "headers": list(headers),
        "enumerate": enumerate,
        "len": len,
        "dict": dict,
        "zip": zip,
        "read_errors": (csv.Error, UnicodeDecodeError),
    }
    if 0 < width <= _GENERATED_MAX_WIDTH:
        cells = ", ".join(f"c{i}" for i in range(width))
        items = ", ".join(f"{header!r}: c{i}" for i, header in enumerate(headers))
        fast = [f"{cells}, = cells", "if c0.strip():", f"    values = {{{items}}}"]
    else:
        fast = ["if cells and cells[0].strip():", "    values = dict(zip(headers, cells))"]
    # SourceRow(number, values) without its generated __init__ (a frame).
    fast += [
        "    row = new(SourceRow)",
        "    row.number = number",
        "    row.values = values",
        "    row.extra_cells = ()",
        "    yield row",
        "    continue",
    ]
    lines = [
        "def loop(path, choice, delimiter, start, error):",
        "    number = start",
        "    with open_records(path, choice, delimiter) as records:",
        "        try:",
        "            for number, cells in enumerate(islice(records, start, None), start + 1):",
        f"                if len(cells) == {width}:",
        *["                    " + line for line in fast],
        "                row = shape_row(number, cells, headers)",
        "                if row is not None:",
        "                    yield row",
        "        except read_errors as problem:",
        "            raise error(number + 1, problem) from None",
    ]
    exec(compile("\n".join(lines), "<csv row loop>", "exec"), namespace)  # noqa: S102
    return namespace["loop"]  # type: ignore[return-value]


def read_head(path: Path, choice: EncodingChoice, delimiter: str, limit: int) -> list[list[str]]:
    """The raw cells of the file's first ``limit`` rows (a blank row is an empty list).

    Stops early, without an error, at a row that cannot be read: a preview shows what it can and
    ``rows()`` reports the broken row when it gets there.
    """
    return read_head_until_error(path, choice, delimiter, limit)[0]


def read_head_until_error(
    path: Path, choice: EncodingChoice, delimiter: str, limit: int
) -> tuple[list[list[str]], InputError | None]:
    """The first ``limit`` rows as ``read_head`` does, and the error that stopped it early, if any."""
    head: list[list[str]] = []
    with open_records(path, choice, delimiter) as records:
        try:
            for cells in islice(records, limit):
                head.append(cells if "".join(cells).strip() else [])
        except (csv.Error, UnicodeDecodeError) as error:
            return head, read_error(path, len(head) + 1, error, choice, delimiter)
    return head, None
