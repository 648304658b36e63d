"""Resume settles an uncertain iVvy row by looking the contact up instead of re-sending it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from attendee_relay.connectors.ivvy import IvvyConnector
from attendee_relay.connectors.ivvy_settings import IvvySettings
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.records import RowStatus
from attendee_relay.core.resuming import prepare_resume


def test_a_found_uncertain_row_is_delivered_and_a_missing_one_requeued(tmp_path: Path) -> None:
    connector = IvvyConnector(IvvySettings(base_url="http://ivvy.test"))
    store = HistoryStore(tmp_path / "h.db")
    run = store.create_run(
        kind="import", connector="iv", platform="ivvy", dedupe_scope=connector.dedupe_scope(),
        settings={}, mapping_json="{}", source_name="p.csv", source_path="p.csv",
        source_sha256="x", headers=["Email"],
    )  # fmt: skip
    store.add_rows(run, [
        RowInsert(row_number=n, status=RowStatus.PENDING, source={}, record={
            "firstName": "A", "lastName": "B", "email": f"a{n}@x.com", "externalId": f"E{n}"},
            identity=f"a{n}@x.com", fingerprint=f"f{n}", batch_key=None, reason="", warnings="")
        for n in (2, 3)
    ])  # fmt: skip
    store.finish_reading(run)
    store.mark_in_flight(run, [2, 3])
    store.set_run_status(run, "stopped")

    def lookup(request: httpx.Request) -> httpx.Response:
        assert request.headers["X-Api-Authorization"].startswith("IWS k:")
        wanted = json.loads(request.content)["filter"]["externalId"]
        found = [{"id": 77, "externalId": "E2"}] if wanted == "E2" else []
        return httpx.Response(200, json={"meta": {"totalResults": len(found)}, "results": found})

    plan = prepare_resume(
        store, run, connector, secrets={"api_key": "k", "api_secret": "s"},
        transport=httpx.MockTransport(lookup),
    )  # fmt: skip

    assert plan.settled is not None and plan.settled.found == [2] and plan.settled.not_found == [3]
    statuses = {v.row_number: v.status for v in store.iter_rows(run)}
    assert statuses == {2: RowStatus.DELIVERED, 3: RowStatus.PENDING}
    assert plan.requeued == 1
