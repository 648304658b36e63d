"""iVvy connector: requests signed at build time, answers read into outcomes and setup errors."""

from __future__ import annotations

import json

import pytest

from attendee_relay.connectors.ivvy import IvvyConnector
from attendee_relay.connectors.ivvy_settings import IvvySettings
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.engine.batch_jobs import BatchUnavailable
from attendee_relay.core.errors import SetupError
from attendee_relay.core.records import MappedRecord, OutcomeKind

SECRETS = {"api_key": "k", "api_secret": "s"}


def connector(**settings: object) -> IvvyConnector:
    return IvvyConnector(IvvySettings.model_validate({"region": "AU", **settings}))


def record(n: int = 2, **extra: str) -> MappedRecord:
    fields = {"firstName": "Ann", "lastName": "Lee", "email": f"a{n}@x.com", **extra}
    return MappedRecord(n, dict(fields))


def answer(status: int, body: object) -> HttpResponse:
    return HttpResponse(status, {}, json.dumps(body).encode())


def test_region_alias_gives_the_regional_host() -> None:
    request = connector().build_request([record()], SECRETS)
    assert (
        request.url
        == "https://api.ap-southeast-2.ivvy.com/api/1.0/contact?action=addOrUpdateContact"
    )


def test_region_or_base_url_is_required() -> None:
    with pytest.raises(ValueError, match="region"):
        IvvySettings.model_validate({})


def test_contact_params_carry_groups_custom_fields_and_upsert_flag() -> None:
    c = connector(groups="10")
    body = json.loads(
        c.build_request([record(groups="11", **{"customFields[33443]": "No"})], SECRETS).body
    )
    assert body["groups"] == [{"groupId": 10}, {"groupId": 11}]
    assert body["customFields"] == [{"fieldId": 33443, "value": "No"}]
    assert body["updateIfExists"] is True


def test_several_records_become_one_batch_job_with_a_lead_each_when_asked() -> None:
    c = connector(create_lead=True, lead_source_id="1", lead_type_id="2", lead_stage_id="3")
    request = c.build_request([record(2), record(3)], SECRETS)
    body = json.loads(request.body)
    assert request.url.endswith("/api/1.0/batch?action=run")
    assert [j["action"] for j in body["jobs"]] == ["addOrUpdateContact", "addOrUpdateLead"] * 2
    assert (
        body["jobs"][1]["params"]["sourceId"] == 1
        and body["jobs"][1]["params"]["name"] == "Ann Lee"
    )


def test_stale_request_tells_the_user_to_fix_the_clock() -> None:
    stale = answer(401, {"errorCode": 401, "message": "stale", "specificCode": 23005})
    with pytest.raises(SetupError, match="clock"):
        connector().read_response([record()], stale)


@pytest.mark.parametrize("code", [401, 463])
def test_auth_failures_stop_the_run(code: int) -> None:
    with pytest.raises(SetupError):
        connector().read_response([record()], answer(code, {"errorCode": code, "message": "x"}))


def test_validation_error_refuses_the_row() -> None:
    bad = answer(400, {"errorCode": 400, "message": "Validation failed", "specificCode": 23016})
    [outcome] = connector().read_response([record()], bad)
    assert outcome.kind is OutcomeKind.REFUSED and "23016" in outcome.reason


def test_success_is_delivered_with_the_contact_id() -> None:
    [outcome] = connector().read_response([record()], answer(200, {"success": True, "id": 7}))
    assert outcome.kind is OutcomeKind.DELIVERED and outcome.remote_id == "7"


def test_batch_results_map_to_rows_in_job_order_and_unfinished_is_none() -> None:
    c = connector()
    batch = [record(2), record(3)]
    results = {"results": [
        {"response": {"success": True, "id": 1}},
        {"response": {"errorCode": 400, "message": "bad email", "specificCode": 23016}},
    ]}  # fmt: skip
    first, second = c.read_job_results(batch, "j", answer(200, results)) or []
    assert first.kind is OutcomeKind.DELIVERED and second.kind is OutcomeKind.REFUSED
    not_yet = answer(400, {"errorCode": 400, "message": "x", "specificCode": 24114})
    assert c.read_job_results(batch, "j", not_yet) is None


def test_a_refused_batch_falls_back_to_single_calls() -> None:
    refused = answer(
        400, {"errorCode": 400, "message": "Incorrect Job Format", "specificCode": 24092}
    )
    with pytest.raises(BatchUnavailable):
        connector().read_job_started([record(2), record(3)], refused)


def test_lookup_only_matches_the_rows_own_external_id() -> None:
    c = connector()
    row = record(externalId="A-1")
    others = answer(200, {"results": [{"id": 5, "externalId": "A-2"}]})
    mine = answer(200, {"results": [{"id": 6, "externalId": "A-1"}]})
    assert not c.read_lookup(row, others).found
    assert c.read_lookup(row, mine).remote_id == "6"


def test_wizard_lists_read_groups_and_custom_fields() -> None:
    c = connector()
    groups = c.read_list("groups", answer(200, [{"id": 10, "groupName": "VIP", "memberCount": 3}]))
    fields = c.read_list(
        "custom_fields", answer(200, [{"fieldId": 9, "displayName": "Diet", "fieldType": 2}])
    )
    assert (groups[0].id, groups[0].name) == ("10", "VIP")
    assert (fields[0].id, fields[0].name, fields[0].detail) == ("9", "Diet", "single select")
