"""The iVvy simulator checks every signature and the 5-minute window; batches finish later."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import httpx

from attendee_relay.sandbox import SandboxServer
from attendee_relay.sandbox.config import IVVY_SECRET, SANDBOX_KEY


def call(
    client: httpx.Client,
    sandbox: SandboxServer,
    path: str,
    params: object,
    secret: str = IVVY_SECRET,
    when: datetime | None = None,
) -> httpx.Response:
    """Signed as the iVvy docs say (written here independently of the connector)."""
    body = json.dumps(params).encode()
    md5 = hashlib.md5(body).hexdigest()
    date = (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S")
    uri = f"/ivvy/api/1.0/{path}"
    text = f"POST{md5}application/json{uri}1.0ivvydate={date}".lower()
    sig = hmac.new(secret.encode(), text.encode(), hashlib.sha1).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "Content-MD5": md5,
        "IVVY-Date": date,
        "X-Api-Version": "1.0",
        "X-Api-Authorization": f"IWS {SANDBOX_KEY}:{sig}",
    }
    return client.post(sandbox.base_url + uri, content=body, headers=headers)


def test_a_correct_signature_gets_the_ping_ack(client, sandbox) -> None:
    response = call(client, sandbox, "test?action=ping", {})
    assert response.status_code == 200 and "ack" in response.json()


def test_a_wrong_secret_is_401_with_the_error_object(client, sandbox) -> None:
    response = call(client, sandbox, "test?action=ping", {}, secret="wrong")
    assert response.status_code == 401
    assert set(response.json()) == {"errorCode", "message", "specificCode", "additionalMessages"}


def test_a_request_older_than_five_minutes_is_stale(client, sandbox) -> None:
    old = datetime.now(UTC) - timedelta(minutes=6)
    response = call(client, sandbox, "test?action=ping", {}, when=old)
    assert response.status_code == 401 and response.json()["specificCode"] == 23005


def test_update_if_exists_matches_first_name_last_name_and_email(client, sandbox) -> None:
    # contact/add-or-update-contact.md: "update the contact by firstName, lastName and email".
    person = {"firstName": "A", "lastName": "B", "email": "a@x.com", "updateIfExists": True}
    first = call(client, sandbox, "contact?action=addOrUpdateContact", person).json()
    again = call(
        client, sandbox, "contact?action=addOrUpdateContact", {**person, "phone": "123"}
    ).json()
    other = call(
        client, sandbox, "contact?action=addOrUpdateContact", {**person, "firstName": "Ann"}
    ).json()
    assert first["id"] == again["id"] != other["id"]
    assert len(sandbox.runtime.state.ivvy.snapshot()["contacts"]) == 2


def test_without_update_if_exists_the_same_person_is_added_again(client, sandbox) -> None:
    person = {"firstName": "A", "lastName": "B", "email": "a@x.com"}
    first = call(client, sandbox, "contact?action=addOrUpdateContact", person).json()
    again = call(client, sandbox, "contact?action=addOrUpdateContact", person).json()
    assert first["id"] != again["id"]


def _groups_of(sandbox, ident: int) -> list[int]:  # type: ignore[no-untyped-def]
    return sandbox.runtime.state.ivvy.group_ids(ident)


def test_groups_in_add_or_update_contact_replace_the_contacts_groups(client, sandbox) -> None:
    sandbox.configure(ivvy_groups={"7": "Members", "10": "Newsletter"})
    # "This list will override any groups currently set for the contact."
    person = {"firstName": "A", "lastName": "B", "email": "a@x.com", "updateIfExists": True}
    ident = call(
        client, sandbox, "contact?action=addOrUpdateContact", {**person, "groups": [{"groupId": 7}]}
    ).json()["id"]
    call(
        client,
        sandbox,
        "contact?action=addOrUpdateContact",
        {**person, "groups": [{"groupId": 10}]},
    )
    assert _groups_of(sandbox, ident) == [10]
    call(client, sandbox, "contact?action=addOrUpdateContact", {**person, "phone": "1"})
    assert _groups_of(sandbox, ident) == [10]


def test_add_contacts_to_subscription_group_adds_and_says_per_contact(client, sandbox) -> None:
    sandbox.configure(ivvy_groups={"7": "Members", "10": "Newsletter"})
    person = {"firstName": "A", "lastName": "B", "email": "a@x.com", "groups": [{"groupId": 7}]}
    ident = call(client, sandbox, "contact?action=addOrUpdateContact", person).json()["id"]

    answer = call(
        client,
        sandbox,
        "contact?action=addContactsToSubscriptionGroup",
        {"contacts": [ident, 999999], "group": 10},
    )

    assert answer.status_code == 200
    assert answer.json() == [
        {"contactId": ident, "status": True},
        {"contactId": 999999, "status": False},
    ]
    assert _groups_of(sandbox, ident) == [7, 10]


def test_an_unknown_group_does_not_validate(client, sandbox) -> None:
    answer = call(
        client,
        sandbox,
        "contact?action=addContactsToSubscriptionGroup",
        {"contacts": [1], "group": 99},
    )
    assert answer.status_code == 400 and answer.json()["specificCode"] == 23016


def test_contact_list_filters_take_the_documented_modifiers(client, sandbox) -> None:
    for i, name in enumerate(("Mia", "Max", "Bob")):
        person = {"firstName": name, "lastName": "L", "email": f"{i}@x.com", "externalId": f"E{i}"}
        call(client, sandbox, "contact?action=addOrUpdateContact", person)

    def names(wanted: dict[str, str]) -> list[str]:
        answer = call(client, sandbox, "contact?action=getContactList", {"filter": wanted})
        assert answer.status_code == 200, answer.text
        return [c["firstName"] for c in answer.json()["results"]]

    assert names({"firstName__BEGINS": "M"}) == ["Mia", "Max"]
    assert names({"firstName__NOT": "Mia"}) == ["Max", "Bob"]
    assert names({"externalId": "E2"}) == ["Bob"]
    assert names({"modifiedDate__GREATERTHAN": "2000-01-01 00:00:00"}) == ["Mia", "Max", "Bob"]
    assert names({"fromModifiedDate": "2999-01-01 00:00:00 UTC"}) == []
    assert names({"modifiedDate__LESSTHAN": "2000-01-01 00:00:00"}) == []


def test_a_filter_the_list_does_not_document_is_refused(client, sandbox) -> None:
    answer = call(client, sandbox, "contact?action=getContactList", {"filter": {"nickname": "x"}})
    assert answer.status_code == 400 and answer.json()["specificCode"] == 23016


def test_registrations_carry_documented_status_codes_and_no_email(client, sandbox) -> None:
    answer = call(
        client, sandbox, "event?action=getRegistrationList", {"eventId": 3001, "perPage": 100}
    )
    results = answer.json()["results"]
    assert answer.status_code == 200 and len(results) == 12
    assert {r["currentStatus"] for r in results} == {1, 2, 4}
    assert any(r["isExhibitor"] for r in results) and not all(r["isExhibitor"] for r in results)
    assert all("email" not in r for r in results)
    contacts = sandbox.runtime.state.ivvy.snapshot()["contacts"]
    assert {r["mainContactId"] for r in results} <= {c["id"] for c in contacts}
    completed = call(
        client,
        sandbox,
        "event?action=getRegistrationList",
        {"eventId": 3001, "filter": {"currentStatus": 2}},
    ).json()["results"]
    assert len(completed) == 4 and {r["currentStatus"] for r in completed} == {2}


def test_registration_pages_are_at_most_100_and_an_unknown_event_is_24206(client, sandbox) -> None:
    too_many = call(
        client, sandbox, "event?action=getRegistrationList", {"eventId": 3001, "perPage": 101}
    )
    unknown = call(client, sandbox, "event?action=getRegistrationList", {"eventId": 1})
    assert too_many.status_code == 400
    assert unknown.json()["specificCode"] == 24206


def test_the_attendee_list_takes_no_filters(client, sandbox) -> None:
    plain = call(client, sandbox, "event?action=getAttendeeList", {"eventId": 3001})
    filtered = call(
        client,
        sandbox,
        "event?action=getAttendeeList",
        {"eventId": 3001, "filter": {"modifiedDate__GREATERTHAN": "2000-01-01 00:00:00"}},
    )
    assert plain.status_code == 200 and len(plain.json()["results"]) == 12
    assert filtered.status_code == 400 and filtered.json()["specificCode"] == 23016


def test_a_lead_for_a_new_contact_needs_an_industry(client, sandbox) -> None:
    lead = {"name": "L", "sourceId": 1, "typeId": 1, "stageId": 1, "contactId": 1}
    answer = call(client, sandbox, "contact?action=addOrUpdateLead", lead)
    assert answer.status_code == 400 and "industryId" in answer.json()["message"]


def test_a_batch_of_more_than_200_jobs_is_24448(client, sandbox) -> None:
    job = {"namespace": "test", "action": "ping", "params": {}}
    answer = call(client, sandbox, "batch?action=run", {"jobs": [job] * 201})
    assert answer.status_code == 400 and answer.json()["specificCode"] == 24448


def test_a_batch_has_no_results_until_it_has_run(client, sandbox) -> None:
    sandbox.configure(ivvy_batch_delay_ms=300)
    job = {"namespace": "contact", "action": "addOrUpdateContact",
           "params": {"firstName": "A", "lastName": "B", "email": "a@x.com"}}  # fmt: skip
    async_id = call(client, sandbox, "batch?action=run", {"jobs": [job]}).json()["asyncId"]
    early = call(client, sandbox, "batch?action=results", {"async": async_id})
    assert early.status_code == 400 and early.json()["specificCode"] == 24114
    time.sleep(0.5)
    assert call(client, sandbox, "batch?action=progress", {"async": async_id}).json() == {
        "progress": 100
    }
    results = call(client, sandbox, "batch?action=results", {"async": async_id}).json()
    assert results["results"][0]["response"]["success"] is True


def test_get_contact_gives_one_contact_or_24096(client, sandbox) -> None:
    person = {"firstName": "A", "lastName": "B", "email": "a@x.com"}
    ident = call(client, sandbox, "contact?action=addOrUpdateContact", person).json()["id"]
    found = call(client, sandbox, "contact?action=getContact", {"id": ident})
    missing = call(client, sandbox, "contact?action=getContact", {"id": 1})
    assert found.status_code == 200 and found.json()["email"] == "a@x.com"
    assert missing.json()["specificCode"] == 24096
