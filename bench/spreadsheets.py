"""Spreadsheet readers compared: python-calamine beside openpyxl (read-only) on the same .xlsx.

    PYTHONPATH=app python bench/spreadsheets.py [--rows 200000]

One workbook of ``--rows`` attendee rows (bench/_data.py's columns, phones typed as numbers) is
written with xlsxwriter. Each reader then reads every row in its own child process, so peak
memory (``ru_maxrss`` of that process, via os.wait4) is the reader's alone; the rate is rows per
CPU second of the child. Also timed: ``open_source(path).rows()``, what the import runs; and the refusal of a zip-bomb
workbook (tests/fixtures: ~2 MB inflating to 1.1 GB) with its wall time and peak memory. A
measurement, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _data import HEADERS, attendee_rows
from fixtures.sources.spreadsheets import write_zip_bomb_xlsx

APP = Path(__file__).resolve().parents[1] / "app"

READERS = {
    "openpyxl read-only": """
from openpyxl import load_workbook
wb = load_workbook(PATH, read_only=True, data_only=True)
count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
""",
    "python-calamine": """
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(PATH)
count = sum(1 for _ in wb.get_sheet_by_index(0).iter_rows())
""",
    "open_source().rows() (the import)": """
from attendee_relay.core.sources import open_source
count = 1 + sum(1 for _ in open_source(PATH).rows())
""",
}

CHILD = """
import sys, time
PATH = sys.argv[1]
start, wall = time.process_time(), time.monotonic()
{body}
cpu, wall = time.process_time() - start, time.monotonic() - wall
print(count, cpu, wall)
"""
REFUSE = """
from attendee_relay.core.errors import InputError
from attendee_relay.core.sources import open_source
try:
    open_source(PATH)
    count = 1
except InputError:
    count = 0
"""


def write_workbook(path: Path, rows: int) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Attendees")
    sheet.write_row(0, 0, HEADERS)
    for index, row in enumerate(attendee_rows(rows), 1):
        for column, value in enumerate(row):
            digits = value.replace("+", "").replace(" ", "")
            if digits.isdigit():
                sheet.write_number(index, column, int(digits))  # a phone typed as a number
            else:
                sheet.write_string(index, column, value)
    workbook.close()


def measure(body: str, path: Path) -> tuple[int, float, float, float]:
    env = dict(os.environ, PYTHONPATH=str(APP))
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(body=body), str(path)],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, _, usage = os.wait4(proc.pid, 0)
    count, cpu, wall = out.split()
    return int(count), float(cpu), float(wall), usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "attendees.xlsx"
        write_workbook(path, args.rows)
        print(f"{args.rows} rows, {path.stat().st_size / 1e6:.1f} MB .xlsx (xlsxwriter)")
        print(f"{'reader':38} {'rows':>8} {'rows/CPU s':>12} {'peak MB':>9}")
        for name, body in READERS.items():
            count, cpu, _, peak = measure(body, path)
            print(f"{name:38} {count:>8} {count / cpu:>12,.0f} {peak:>9.0f}")
        bomb = write_zip_bomb_xlsx(Path(folder) / "bomb.xlsx")
        refused, _, wall, peak = measure(REFUSE, bomb)
        print(
            f"\nzip bomb ({bomb.stat().st_size / 1e6:.1f} MB, 1.1 GB inflated): "
            f"{'refused' if refused == 0 else 'NOT refused'} in {wall:.2f} s, peak {peak:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
