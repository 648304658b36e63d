"""iVvy connector: requests signed at build time, answers read into outcomes and setup errors."""

from __future__ import annotations

import json

import pytest

from attendee_relay.connectors.ivvy import IvvyConnector
from attendee_relay.connectors.ivvy_settings import IvvySettings
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.engine.batch_jobs import BatchUnavailable
from attendee_relay.core.errors import SetupError
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome

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


def test_contact_params_carry_custom_fields_and_upsert_flag_but_no_groups_by_default() -> None:
    # add-or-update-contact.md: "groups" overrides a contact's groups; added in a second step.
    c = connector(groups="10", use_batch_api=True)
    body = json.loads(
        c.single_request(record(groups="11", **{"customFields[33443]": "No"}), SECRETS).body
    )
    assert "groups" not in body
    assert body["customFields"] == [{"fieldId": 33443, "value": "No"}]
    assert body["updateIfExists"] is True


def test_group_mode_replace_sends_the_groups_on_the_upsert() -> None:
    c = connector(groups="10", group_mode="replace")
    body = json.loads(c.build_request([record(groups="11")], SECRETS).body)
    assert body["groups"] == [{"groupId": 10}, {"groupId": 11}]


def test_group_mode_add_needs_the_batch_api_for_the_connectors_groups() -> None:
    with pytest.raises(ValueError, match="group_mode=replace"):
        IvvySettings.model_validate({"region": "AU", "groups": "10", "use_batch_api": False})


def test_even_one_contact_with_groups_to_add_goes_in_a_job() -> None:
    c = connector(groups="10")
    request = c.build_request([record()], SECRETS)
    assert request.url.endswith("/api/1.0/batch?action=run")


def delivered(*pairs: tuple[int, str]) -> list[RecordOutcome]:
    return [RecordOutcome(row, OutcomeKind.DELIVERED, remote_id=ident) for row, ident in pairs]


def test_saved_contacts_are_added_to_each_group_in_one_call_per_group() -> None:
    c = connector(groups="10")
    batch = [record(2), record(3, groups="11"), record(4)]
    outcomes = [*delivered((2, "501"), (3, "502")), RecordOutcome(4, OutcomeKind.REFUSED, "x")]

    calls = c.follow_up_calls(batch, outcomes)

    body = json.loads(c.follow_up_job_request(calls, SECRETS).body)
    assert [(j["action"], j["params"]) for j in body["jobs"]] == [
        ("addContactsToSubscriptionGroup", {"contacts": [501, 502], "group": 10}),
        ("addContactsToSubscriptionGroup", {"contacts": [502], "group": 11}),
    ]


def test_a_contact_left_out_of_a_group_is_refused_saying_so() -> None:
    c = connector(groups="10")
    batch = [record(2), record(3)]
    outcomes = delivered((2, "501"), (3, "502"))
    calls = c.follow_up_calls(batch, outcomes)
    answers = [[{"contactId": 501, "status": True}, {"contactId": 502, "status": False}]]

    first, second = c.read_follow_up(batch, outcomes, calls, answers)

    assert first.kind is OutcomeKind.DELIVERED
    assert second.kind is OutcomeKind.REFUSED and "group 10" in second.reason
    assert "502" in second.reason


def test_leads_are_linked_to_the_saved_contact_by_id_with_an_industry() -> None:
    c = connector(
        create_lead=True,
        lead_source_id="1",
        lead_type_id="2",
        lead_stage_id="3",
        lead_industry_id="4",
    )
    batch = [record(2), record(3)]
    first = json.loads(c.build_request(batch, SECRETS).body)
    assert [j["action"] for j in first["jobs"]] == ["addOrUpdateContact"] * 2

    calls = c.follow_up_calls(batch, delivered((2, "501"), (3, "502")))

    body = json.loads(c.follow_up_job_request(calls, SECRETS).body)
    assert [j["params"] for j in body["jobs"]] == [
        {"name": "Ann Lee", "sourceId": 1, "typeId": 2, "stageId": 3, "industryId": 4,
         "contactId": 501},
        {"name": "Ann Lee", "sourceId": 1, "typeId": 2, "stageId": 3, "industryId": 4,
         "contactId": 502},
    ]  # fmt: skip


def test_leads_need_an_industry_id() -> None:
    with pytest.raises(ValueError, match="lead_industry_id"):
        IvvySettings.model_validate(
            {"region": "AU", "create_lead": True}
            | {"lead_source_id": "1", "lead_type_id": "2", "lead_stage_id": "3"}
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


def test_paid_statuses_are_the_published_codes_and_names_still_read() -> None:
    assert IvvySettings.model_validate({"region": "AU"}).paid_statuses == ["2"]
    older = IvvySettings.model_validate({"region": "AU", "paid_statuses": "completed, 4"})
    assert older.paid_statuses == ["2", "4"]
    with pytest.raises(ValueError, match="not a registration status"):
        IvvySettings.model_validate({"region": "AU", "paid_statuses": "paid"})


def test_a_found_contact_missing_its_groups_is_sent_again() -> None:
    # A run stopped between saving contacts and adding them to their groups (group_mode=add).
    c = connector(groups="10")
    row = record(externalId="A-1")
    without = answer(200, {"results": [{"id": 6, "externalId": "A-1", "groups": []}]})
    member = answer(200, {"results": [{"id": 6, "externalId": "A-1", "groups": [{"groupId": 10}]}]})
    assert not c.read_lookup(row, without).found
    assert c.read_lookup(row, member).found


def test_a_row_without_external_id_is_looked_up_among_recently_modified_contacts() -> None:
    # get-contact-list.md documents externalId and modified dates as filters, not e-mail.
    c = connector(lookup_window_h=2)
    row = record(7)
    body = json.loads(c.lookup_request(row, SECRETS).body)
    assert set(body["filter"]) == {"modifiedDate__GREATERTHAN"}
    others = answer(200, {"results": [{"id": 5, "firstName": "Bo", "lastName": "Lee",
                                       "email": "a7@x.com"}]})  # fmt: skip
    mine = answer(200, {"results": [{"id": 6, "firstName": "Ann", "lastName": "Lee",
                                     "email": "A7@x.com"}]})  # fmt: skip
    assert not c.read_lookup(row, others).found
    assert c.read_lookup(row, mine).remote_id == "6"


def test_without_the_batch_api_a_row_with_groups_to_add_is_refused_saying_why() -> None:
    # The second step needs the Batch API; the row's groups are never silently dropped.
    c = connector(use_batch_api=False)
    row = record(groups="11")
    assert "groups" not in json.loads(c.build_request([row], SECRETS).body)
    [outcome] = c.read_response([row], answer(200, {"success": True, "id": 9}))
    assert outcome.kind is OutcomeKind.REFUSED and "group_mode=replace" in outcome.reason
