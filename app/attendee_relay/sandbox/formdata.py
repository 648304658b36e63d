"""Read PHP ``http_build_query`` bracket keys (``a[b][c][]=v``) into nested dicts and lists.

Written from PHP's documented behaviour, independently of the connectors' encoder, so that a
mistake in one shows up against the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Nested = dict[str, Any]


def split_key(key: str) -> list[str]:
    """Split ``a[b][][c]`` into ``["a", "b", "", "c"]``.

    A key whose brackets do not form a clean ``name[..][..]`` chain is taken literally, whole,
    so nothing the client sent is silently lost. Text after the last ``]`` is ignored, as PHP does.
    """
    start = key.find("[")
    if start <= 0:
        return [key]
    parts = [key[:start]]
    pos = start
    while pos < len(key) and key[pos] == "[":
        end = key.find("]", pos)
        if end < 0:
            return [key]
        parts.append(key[pos + 1 : end])
        pos = end + 1
    return parts


def parse_bracketed(pairs: Iterable[tuple[str, str]]) -> Nested:
    """Build the nested structure PHP would give as ``$_POST`` from ordered form pairs.

    Explicit keys (``attendee[0][name]``) make dicts keyed by the text between brackets (numbers
    stay strings); an empty ``[]`` appends to a list, so repeated ``response[7][]`` keys keep every
    answer in order. A later value for the same key replaces the earlier one, as in PHP.

    Args:
        pairs: (key, value) in the order received.

    Returns:
        The top-level dict.
    """
    root: Nested = {}
    for key, value in pairs:
        parts = split_key(key)
        _assign(root, parts, value)
    return root


def _assign(root: Nested, parts: list[str], value: str) -> None:
    node: dict[str, Any] | list[Any] = root
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        child_kind: type = list if not last and parts[index + 1] == "" else dict
        if isinstance(node, list):
            # Only an empty segment leads into a list (see below), so this is always an append.
            if last:
                node.append(value)
                return
            child: dict[str, Any] | list[Any] = child_kind()
            node.append(child)
            node = child
            continue
        key = _next_index(node) if part == "" and index > 0 else part
        if last:
            node[key] = value
            return
        existing = node.get(key)
        if isinstance(existing, list) and child_kind is dict:
            # An explicit key after ``[]`` appends: PHP arrays are both, so the list becomes a dict.
            existing = {str(i): item for i, item in enumerate(existing)}
            node[key] = existing
        if not isinstance(existing, dict | list):
            existing = child_kind()
            node[key] = existing
        node = existing


def _next_index(node: dict[str, Any]) -> str:
    """PHP's next integer key for ``[]`` on an array that already has keys."""
    numbers = [int(k) for k in node if k.lstrip("-").isdigit()]
    return str(max(numbers) + 1) if numbers else "0"


def ordered_items(container: Any) -> list[Any]:
    """The elements of a PHP array given as a list or as a dict keyed ``"0"``, ``"1"``, …

    Numeric keys sort by number; other keys keep their received order after them.
    """
    if isinstance(container, list):
        return list(container)
    if isinstance(container, dict):
        numeric = sorted((k for k in container if k.isdigit()), key=int)
        others = [k for k in container if not k.isdigit()]
        return [container[k] for k in numeric + others]
    return []
