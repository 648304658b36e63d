"""E-mail addresses as people paste them, cleaned to the address (or refused with a reason).

Copied from a mail program or a web page, an address arrives as ``mailto:Ana@Example.com``,
``Ana Costa <ana@example.com>``, ``ana@example.com (Ana)``, `` ana @ example.com `` or with a
no-break space; a cell with two addresses cannot be one attendee's. Only those shapes are
cleaned: other text around an address is left for the validator to refuse, because guessing
which part is the address ("ana costa@x.com") could send to a stranger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None) | {0xA0: " "}
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_ADDRESS_LIKE = re.compile(r"[^\s<>,;:\"'()\[\]]+@[^\s<>,;:\"'()\[\]]+\.[^\s<>,;:\"'()\[\]]+")
_NAME_ANGLE = re.compile(r"(?s)(?:\"?[^<>\"]*\"?\s*)?<\s*([^<>\s]+)\s*>")
_TRAILING_NAME = re.compile(r"(?s)(\S+@\S+)\s*\([^()]*\)")
_SPACED_SIGN = re.compile(r"\s*([@.])\s*")


@dataclass(frozen=True)
class PastedEmail:
    """The outcome of cleaning one cell.

    Attributes:
        address: the cleaned address (lower case), or the text as given when nothing could be
            cleaned (the validator then says what is wrong).
        problem: why the cell cannot be one address (two addresses), else ``None``.
    """

    address: str
    problem: str | None = None


def clean_pasted_email(text: str) -> PastedEmail:
    """Clean a pasted e-mail cell to its address.

    Args:
        text: the cell as typed or pasted.

    Returns:
        The address, or the problem: ``"holds 2 addresses (…); keep one per row"``.
    """
    value = text.translate(_INVISIBLE).strip()
    found = {match.lower() for match in _ADDRESS_LIKE.findall(value)}
    if len(found) > 1:
        shown = ", ".join(sorted(found)[:3])
        return PastedEmail(text, f"holds {len(found)} addresses ({shown}); keep one per row")
    for shape in (_NAME_ANGLE, _TRAILING_NAME):
        match = shape.fullmatch(value)
        if match:
            value = match.group(1)
            break
    value = _MAILTO.sub("", value)
    if "?" in value.partition("@")[2]:  # mailto:ana@example.com?subject=Registration
        value = value.split("?", 1)[0]
    value = _SPACED_SIGN.sub(r"\1", value).strip(" .;,")
    if " " in value or value.count("@") != 1:
        return PastedEmail(text)
    return PastedEmail(value.lower())
