"""A minimal connector for engine tests: JSON list of records in, one verdict per record out."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import ClassVar

from attendee_relay.core.connector_api import (
    ConnectionTestResult,
    ConnectorSettings,
    HttpRequest,
    HttpResponse,
)
from attendee_relay.core.errors import SetupError
from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome


class FakeConnector:
    platform: ClassVar[str] = "fake"
    title: ClassVar[str] = "Fake"
    summary: ClassVar[str] = "for tests"
    secret_names: ClassVar[tuple[str, ...]] = ("api_key",)
    settings_model: ClassVar[type[ConnectorSettings]] = ConnectorSettings
    max_batch_size: ClassVar[int] = 3
    upserts: ClassVar[bool] = False

    def __init__(self, **settings: object) -> None:
        self.settings = ConnectorSettings(base_url="http://fake.test", **settings)  # type: ignore[arg-type]

    def target_fields(self) -> list[TargetField]:
        return [
            TargetField("email", "E-mail", required=True, type=FieldType.EMAIL, concept="email")
        ]

    def accepts_extra_field(self, name: str) -> bool:
        return False

    def batch_key(self, record: MappedRecord) -> str | None:
        value = record.fields.get("order")
        return str(value) if value else None

    def identity(self, record: MappedRecord) -> str:
        return str(record.fields.get("email", ""))

    def dedupe_scope(self) -> str:
        return "fake"

    def build_request(
        self, batch: Sequence[MappedRecord], secrets: Mapping[str, str]
    ) -> HttpRequest:
        body = json.dumps({"key": secrets["api_key"], "rows": [r.fields for r in batch]})
        return HttpRequest(
            "POST",
            f"{self.settings.base_url}/send",
            {"content-type": "application/json"},
            body.encode(),
        )

    def read_response(
        self, batch: Sequence[MappedRecord], response: HttpResponse
    ) -> list[RecordOutcome]:
        if response.status_code == 401:
            raise SetupError("The key was refused; check it.")
        verdicts = json.loads(response.body)["results"]
        kinds = {
            "ok": OutcomeKind.DELIVERED,
            "bad": OutcomeKind.REFUSED,
            "again": OutcomeKind.RETRY,
        }
        return [
            RecordOutcome(r.row_number, kinds[v], "" if v == "ok" else f"said {v}")
            for r, v in zip(batch, verdicts, strict=True)
        ]

    def connection_test_request(self, secrets: Mapping[str, str]) -> HttpRequest | None:
        return None

    def read_connection_test(self, response: HttpResponse) -> ConnectionTestResult:
        return ConnectionTestResult(True, "")
