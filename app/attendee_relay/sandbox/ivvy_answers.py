"""How the iVvy simulator answers: the documented error object and collections with paging
(``getting-started/interpreting-the-response/exceptions.md``, ``collections.md``,
``pagination.md``)."""

from __future__ import annotations

from typing import Any

Answer = tuple[int, Any]


def error(status: int, message: str, specific: int | None = None) -> Answer:
    """iVvy's documented error object; the HTTP status mirrors errorCode."""
    return status, {
        "errorCode": status,
        "message": message,
        "specificCode": specific,
        "additionalMessages": [],
    }


def whole_number(params: dict[str, Any], key: str, default: int) -> int | None:
    """``params[key]`` as a whole number, ``default`` when absent, None when it is not one."""
    value = params.get(key, default)
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value if isinstance(value, int) else None


def page(items: list[dict[str, Any]], params: dict[str, Any], cap: int = 100) -> Answer:
    """A collection page: ``start`` is a zero-based record offset, ``perPage`` is capped (a
    larger one "will not have any effect" beyond the cap)."""
    start = whole_number(params, "start", 0)
    per_page = whole_number(params, "perPage", cap)
    if start is None or start < 0:
        return error(400, "'start' does not validate", 23016)
    if per_page is None or per_page < 1:
        return error(400, "'perPage' does not validate", 23016)
    per_page = min(per_page, cap)
    shown = [{k: v for k, v in i.items() if k != "writes"} for i in items[start : start + per_page]]
    meta = {"totalResults": len(items), "start": start, "perPage": per_page, "count": len(shown)}
    return 200, {"meta": meta, "results": shown}
