"""Ingest speed: read + map + validate a large CSV, beside plain csv.DictReader in the same run.

    PYTHONPATH=app python bench/ingest.py [--rows 200000] [--repeat 3]

Two files are generated (with and without a Phone column, whose automatic mapping adds the
phone_e164 transform). For each, three passes are timed, interleaved and best of ``--repeat``:
the baseline (``csv.DictReader`` over the same file), the pipeline the importer runs per row
(``open_source().rows()`` -> compiled auto-mapping -> ``RecordValidator.check``, for the 10times
connector's fields) and ``prepare_import(dry_run=True)`` (the same plus fingerprint, identity,
duplicate-delivery lookup and the row summary). Target: >= 40% of DictReader's rows/s.
Rates are rows per CPU second of this process, so that other work on a busy machine does not
distort the comparison. A measurement, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))

from _data import write_attendees
from attendee_relay.connectors.registry import create_connector
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.importing import duplicate_field, prepare_import
from attendee_relay.core.mapping.automatch import auto_map
from attendee_relay.core.mapping.compile import compile_mapping
from attendee_relay.core.sources import open_source
from attendee_relay.core.validation import RecordValidator

TARGET = 0.40
SETTINGS = {"event": "1001", "channel": "web"}


def dict_reader_pass(path: Path) -> int:
    """The baseline: every row of the file through csv.DictReader, nothing else."""
    count = 0
    with path.open(newline="", encoding="utf-8") as handle:
        for _row in csv.DictReader(handle):
            count += 1
    return count


def pipeline_pass(path: Path) -> int:
    """What prepare_import does per row, minus SQLite: read, map, validate."""
    connector = create_connector("10times", SETTINGS)
    source = open_source(path)
    fields = connector.target_fields()
    mapping = auto_map(source.info.headers, fields, connector.platform)
    mapper = compile_mapping(mapping, source.info.headers, fields, connector.accepts_extra_field)
    validator = RecordValidator(
        fields,
        duplicate_field=duplicate_field(fields),
        default_country=mapping.default_country,
        produced=mapper.targets,  # as prepare_import builds it
    )
    check = validator.check
    count = 0
    for row in source.rows():
        check(mapper(row))
        count += 1
    return count


def prepare_pass(path: Path, store: HistoryStore) -> int:
    """The real prepare step of an import, as ``import --dry-run`` runs it."""
    connector = create_connector("10times", SETTINGS)
    source = open_source(path)
    mapping = auto_map(source.info.headers, connector.target_fields(), connector.platform)
    result = prepare_import(
        connector=connector,
        connector_name="bench",
        source=source,
        mapping=mapping,
        store=store,
        settings=SETTINGS,
        secrets={"api_key": "bench-key"},
        dry_run=True,
    )
    return result.total


def best_rate(runs: list[tuple[int, float]]) -> float:
    """Rows a second of the fastest run."""
    return max(count / seconds for count, seconds in runs)


def timed(function: Callable[[], int]) -> tuple[int, float]:
    """Rows and CPU seconds of one pass (CPU time: other processes on the machine do not count)."""
    started = time.process_time()
    count = function()
    return count, time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N interleaved runs")
    args = parser.parse_args()
    print(f"Ingest of {args.rows:,} generated rows, best of {args.repeat} interleaved runs")
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        folder = Path(tmp)
        store = HistoryStore(folder / "history.db")
        files = {
            "with Phone": write_attendees(folder / "phone.csv", args.rows, phone=True),
            "no Phone": write_attendees(folder / "nophone.csv", args.rows, phone=False),
        }
        stages: dict[str, Callable[[Path], int]] = {
            "csv.DictReader (baseline)": dict_reader_pass,
            "read + map + validate": pipeline_pass,
            "prepare_import dry run": lambda path: prepare_pass(path, store),
        }
        runs: dict[tuple[str, str], list[tuple[int, float]]] = {}
        for _ in range(args.repeat):
            for label, path in files.items():
                for stage, function in stages.items():
                    runs.setdefault((label, stage), []).append(
                        timed(lambda f=function, p=path: f(p))
                    )
        store.close()
    print()
    print(f"{'file':<11} {'pass':<27} {'rows/cpu-s':>10} {'µs/row':>7} {'of baseline':>12}  target")
    misses = 0
    for label in files:
        baseline = best_rate(runs[(label, "csv.DictReader (baseline)")])
        for stage in stages:
            rate = best_rate(runs[(label, stage)])
            share = rate / baseline
            verdict = ""
            if stage != "csv.DictReader (baseline)":
                met = share >= TARGET
                misses += not met
                verdict = f">= {TARGET:.0%} {'met' if met else 'MISSED'}"
            print(
                f"{label:<11} {stage:<27} {rate:>10,.0f} {1e6 / rate:>7.2f} {share:>11.0%}  {verdict}"
            )
    print()
    print("All targets met." if not misses else f"{misses} target(s) missed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
