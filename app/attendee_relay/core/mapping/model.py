"""The mapping model: which source column, constant or transform fills each target field; JSON I/O."""

from __future__ import annotations

import enum
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from attendee_relay.core.errors import InputError

#: The mapping file format this code writes; older versions are read, newer ones refused.
MAPPING_VERSION = 1


class Transform(enum.StrEnum):
    """A step applied to a mapped value, in the order listed in the entry."""

    TRIM = "trim"  # collapse runs of inner whitespace (outer whitespace always goes)
    LOWER = "lower"
    UPPER = "upper"
    JOIN = "join"  # several values -> one text, joined by the separator (default " ")
    FIRST_NAME = "first_name"  # "Mary Ann Smith" -> "Mary Ann"; "Smith, John" -> "John"
    LAST_NAME = "last_name"  # "Mary Ann Smith" -> "Smith"
    PHONE_E164 = "phone_e164"  # "030 1234567" -> "+49301234567" with the default country
    COUNTRY_ALPHA2 = "country_alpha2"  # "Deutschland" -> "DE"
    SPLIT_LIST = "split_list"  # "a; b, c" -> ["a", "b", "c"] (separator default ";" or ",")


class MappingEntry(BaseModel):
    """How one target field is filled: exactly one of a column, several columns, or a constant."""

    model_config = ConfigDict(extra="forbid")

    column: str | None = None
    columns: list[str] | None = None
    constant: str | None = None
    transforms: list[Transform] = Field(default_factory=list)
    separator: str | None = None
    auto: bool = False  # set by auto-match so the UI can mark guesses for review

    @model_validator(mode="after")
    def _exactly_one_source(self) -> MappingEntry:
        given = [self.column is not None, self.columns is not None, self.constant is not None]
        if sum(given) != 1:
            raise ValueError("give exactly one of column, columns or constant")
        if self.columns is not None and not self.columns:
            raise ValueError("columns must name at least one column")
        if self.separator == "":
            raise ValueError("separator must not be empty")
        return self

    def source_columns(self) -> list[str]:
        """The source columns this entry reads."""
        if self.column is not None:
            return [self.column]
        return list(self.columns or [])


class FieldMapping(BaseModel):
    """A whole mapping for one platform: target field name -> entry."""

    model_config = ConfigDict(extra="forbid")

    version: int = MAPPING_VERSION
    platform: str
    default_country: str | None = None  # ISO alpha-2, for phone numbers without a country code
    fields: dict[str, MappingEntry] = Field(default_factory=dict)

    @field_validator("default_country")
    @classmethod
    def _country_code(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if len(value) != 2 or not value.isascii() or not value.isalpha():
            raise ValueError("default_country must be a two-letter ISO country code such as DE")
        return value.upper()

    @field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if not 1 <= value <= MAPPING_VERSION:
            raise ValueError(
                f"version {value} is not supported (this app reads up to {MAPPING_VERSION});"
                " update Attendee Relay"
            )
        return value

    def to_json(self) -> str:
        """Pretty JSON, without empty optional keys, stable for version control."""
        return self.model_dump_json(indent=2, exclude_defaults=False, exclude_none=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> FieldMapping:
        """Parse a mapping; raises InputError with one sentence on bad JSON or a bad shape."""
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(
                f"The mapping is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg});"
                " fix the file or let Attendee Relay make a new mapping."
            ) from None
        if not isinstance(data, dict):
            raise InputError(
                "The mapping must be a JSON object with 'platform' and 'fields';"
                " fix the file or let Attendee Relay make a new mapping."
            )
        try:
            return cls.model_validate(data)
        except ValidationError as err:
            raise InputError(f"The mapping is not usable: {_first_problem(err)}.") from None

    def save(self, path: Path) -> None:
        """Write the mapping as JSON, atomically (a crash never leaves half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(self.to_json())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> FieldMapping:
        """Read a mapping file; raises InputError if it is missing, unreadable or not a mapping."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(f"The mapping file {path} does not exist; check the path.") from None
        except (OSError, UnicodeDecodeError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            raise InputError(f"The mapping file {path} cannot be read ({reason}).") from None
        try:
            return cls.from_json(text)
        except InputError as err:
            raise InputError(f"{path.name}: {err}") from None


def _first_problem(err: ValidationError) -> str:
    """One readable clause from pydantic's first error: where, and what is wrong."""
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key (check the spelling)"
    elif first["type"] == "missing":
        message = "this key is required"
    return f"{where}: {message}" if where else message
