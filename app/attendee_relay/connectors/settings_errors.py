"""Turn a pydantic validation error of connector settings into one sentence a coordinator
understands, naming the setting, what it must be and what was given."""

from __future__ import annotations

from collections.abc import Collection

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

_MUST_BE = {
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be yes or no (true/false)",
    "bool_type": "must be yes or no (true/false)",
    "string_type": "must be text",
    "list_type": "must be a list of values separated by commas",
    "dict_type": "must be name=value pairs separated by commas",
    "string_too_short": "must not be empty",
}


def settings_error_sentence(
    error: ValidationError,
    model: type[BaseModel],
    platform_title: str,
    secret_names: Collection[str] = (),
) -> str:
    """One sentence for the first problem of ``error``; the model names what each setting is."""
    detail = error.errors(include_url=False)[0]
    loc = detail["loc"]
    name = str(loc[0]) if loc else ""
    kind = detail["type"]
    if not name:
        return _sentence(_plain_message(detail))
    if kind == "missing":
        field = model.model_fields.get(name)
        about = f" ({field.description})" if field is not None and field.description else ""
        return f"Missing setting '{name}'{about} for {platform_title}."
    if kind == "extra_forbidden":
        if name in secret_names:
            return (
                f"'{name}' is a secret, not a setting: store it as a secret so it goes to the "
                "OS keychain (on the command line: --secret " + name + ")."
            )
        known = ", ".join(model.model_fields)
        return f"Unknown setting '{name}' for {platform_title}; its settings are: {known}."
    return _sentence(f"Setting '{name}' {_must_be(detail)}, got {_shown(detail['input'])}")


def _must_be(detail: ErrorDetails) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    bounds = {
        "greater_than_equal": ("must be at least", "ge"),
        "greater_than": ("must be more than", "gt"),
        "less_than_equal": ("must be at most", "le"),
        "less_than": ("must be less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"{words} {ctx.get(key)}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}"
    if kind in _MUST_BE:
        return _MUST_BE[kind]
    return _plain_message(detail)


def _plain_message(detail: ErrorDetails) -> str:
    message = detail["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message.rstrip(".")


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
