"""Numbers as Excel displays them for the formats that carry meaning in attendee data.

A zip code or id typed as a number keeps its leading zeros only through its ``00000`` format,
and a share typed as 0.5 shows as ``50%``: reading the bare number would lose what the person
sees. Other formats (General, thousands separators, currencies) give the plain number, which is
what a platform field wants.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

_ZERO_PADDED = re.compile(r"^0+$")
_PERCENT = re.compile(r"^0(?:\.(0+))?%$")


def format_number(value: float, number_format: str) -> str | None:
    """The displayed text of a number under its format, or ``None`` for "show it plainly".

    Args:
        value: the cell's number (never a bool).
        number_format: the cell's Excel format code.

    Returns:
        ``"01234"`` for 1234 under ``00000``, ``"12.5%"`` for 0.125 under ``0.0%``; ``None``
        for any other format.
    """
    kind = _kind(number_format)
    if kind is None:
        return None
    if kind[0] == "pad":
        if not float(value).is_integer() or value < 0:
            return None
        return str(int(value)).rjust(kind[1], "0")
    places = kind[1]
    percent = Decimal(repr(value)) * 100
    # Excel rounds half away from zero (0.125 under 0% shows 13%), not to even as format() does.
    shown = percent.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{shown}%"


@lru_cache(maxsize=256)
def _kind(number_format: str) -> tuple[str, int] | None:
    code = number_format.strip()
    if _ZERO_PADDED.match(code):
        return ("pad", len(code))
    percent = _PERCENT.match(code)
    if percent:
        return ("percent", len(percent.group(1) or ""))
    return None
