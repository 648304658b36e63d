"""The options that say how to read a file (sheet, encoding, delimiter, header row), shared by
`map` and `import`. Light on purpose: the parser is built on every start, `--version` too."""

from __future__ import annotations

import argparse


def add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sheet", help="spreadsheet sheet to read (default: the first)")
    parser.add_argument("--encoding", help="text encoding of a CSV (default: detected)")
    parser.add_argument("--delimiter", help="CSV delimiter (default: detected); use 'tab' for tabs")
    parser.add_argument(
        "--header-row",
        type=int,
        help="row number of the header (default: detected, title lines above it skipped)",
    )
