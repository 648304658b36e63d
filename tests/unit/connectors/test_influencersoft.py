"""InfluencerSoft addupdatelead: request form, lists and tags, and every error_code class."""

from __future__ import annotations

import hashlib

import pytest
from connector_builders import form_pairs, json_response, record, text_response

from attendee_relay.connectors.influencersoft import (
    InfluencerSoftConnector,
    InfluencerSoftSettings,
)
from attendee_relay.core.errors import RowError, SetupError, TransientError
from attendee_relay.core.fields import FieldType
from attendee_relay.core.records import MappedRecord, OutcomeKind

SECRETS = {"api_key": "rps-secret"}
LEAD = [record(7, lead_email="ann@x.io", lead_first_name="Ann", lead_last_name="Lee")]


def connector(**overrides: object) -> InfluencerSoftConnector:
    settings: dict[str, object] = {"username": "acme"}
    settings.update(overrides)
    return InfluencerSoftConnector(InfluencerSoftSettings.model_validate(settings))


def answer(code: object, text: str = "", **extra: object) -> object:
    return json_response({"error_code": code, "error_text": text, "result": [], **extra})


def test_request_goes_to_the_username_host_with_rps_key() -> None:
    request = connector().build_request(LEAD, SECRETS)
    assert request.url == "https://acme.influencersoft.com/api/addupdatelead"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form_pairs(request.body) == [
        ("rpsKey", "rps-secret"),
        ("lead_email", "ann@x.io"),
        ("lead_first_name", "Ann"),
        ("lead_last_name", "Lee"),
    ]


def test_base_url_overrides_the_username_host() -> None:
    c = connector(username="", base_url="http://127.0.0.1:8765/influencersoft/")
    assert c.build_request(LEAD, SECRETS).url == (
        "http://127.0.0.1:8765/influencersoft/api/addupdatelead"
    )


def test_pasted_account_url_becomes_the_username() -> None:
    c = connector(username="https://Acme.InfluencerSoft.com/shops/")
    assert c.build_request(LEAD, SECRETS).url.startswith("https://acme.influencersoft.com/")


def test_row_lists_and_tags_merge_with_defaults_without_duplicates() -> None:
    c = connector(add_to_lists="1594725950.5982672784, 1605870811.1867176380", add_tags=["expo"])
    lead = record(
        2, lead_email="a@x.io", add_to_lists="1605870811.1867176380,1534723950.5982672783",
        add_tags=["vip", "expo"], remove_tags="old",
    )  # fmt: skip
    pairs = dict(form_pairs(c.build_request([lead], SECRETS).body))
    assert pairs["add_to_lists"] == (
        "1594725950.5982672784,1605870811.1867176380,1534723950.5982672783"
    )
    assert pairs["add_tags"] == "expo,vip"
    assert pairs["remove_tags"] == "old"
    assert "remove_from_lists" not in pairs


def test_missing_key_is_a_setup_error() -> None:
    with pytest.raises(SetupError, match="api_key"):
        connector().build_request(LEAD, {"api_key": " "})


@pytest.mark.parametrize("text", ["OK", "", "Something odd"])
def test_error_code_zero_delivers_whatever_the_text(text: str) -> None:
    (outcome,) = connector().read_response(LEAD, answer(0, text))
    assert outcome.kind is OutcomeKind.DELIVERED
    assert outcome.row_number == 7


def test_error_code_as_text_is_read() -> None:
    (outcome,) = connector().read_response(LEAD, answer("0", "OK"))
    assert outcome.kind is OutcomeKind.DELIVERED


@pytest.mark.parametrize(
    ("code", "meaning"),
    [(2, "no data"), (3, "wrong"), (100, "e-mail is missing"), (101, "subscription error"),
     (103, "invalid group"), (104, "forbidden")],
)  # fmt: skip
def test_row_error_codes_refuse_naming_code_and_meaning(code: int, meaning: str) -> None:
    (outcome,) = connector().read_response(LEAD, answer(code, "Err"))
    assert outcome.kind is OutcomeKind.REFUSED
    assert f"error_code {code}" in outcome.reason and meaning in outcome.reason


def test_already_subscribed_is_delivered_with_a_note() -> None:
    # API_NOTES, InfluencerSoft: 102 "means the lead is already there and in the list".
    (outcome,) = connector().read_response(LEAD, answer(102, "Lead already subscribed"))
    assert outcome.kind is OutcomeKind.DELIVERED and "already in the list" in outcome.reason


@pytest.mark.parametrize(
    ("code", "fix"),
    [(1, "check the API key"), (4, "check the API key"), (5, "check the username setting"),
     (6, "allow it in InfluencerSoft's API settings"), (7, "disabled")],
)  # fmt: skip
def test_setup_error_codes_stop_the_run_saying_what_to_fix(code: int, fix: str) -> None:
    with pytest.raises(SetupError, match=fix):
        connector().read_response(LEAD, answer(code, "Error"))


def test_unknown_code_refuses_with_code_and_text() -> None:
    (outcome,) = connector().read_response(LEAD, answer(42, "Mystery"))
    assert outcome.kind is OutcomeKind.REFUSED
    assert "error_code 42" in outcome.reason and "Mystery" in outcome.reason


def test_html_page_is_transient() -> None:
    with pytest.raises(TransientError):
        connector().read_response(LEAD, text_response("<html>502</html>", 502))


def test_json_without_error_code_is_transient() -> None:
    with pytest.raises(TransientError):
        connector().read_response(LEAD, json_response({"status": "ok"}))


@pytest.mark.parametrize("code", [401, 403, 404])
def test_http_auth_or_not_found_is_a_setup_error(code: int) -> None:
    with pytest.raises(SetupError):
        connector().read_response(LEAD, text_response("denied", code))


def test_hash_is_checked_when_asked() -> None:
    c = connector(verify_hash=True)
    c.build_request(LEAD, SECRETS)
    good = hashlib.md5(b"0::OK::rps-secret").hexdigest()
    (outcome,) = c.read_response(LEAD, answer(0, "OK", hash=good))
    assert outcome.kind is OutcomeKind.DELIVERED
    with pytest.raises(SetupError, match="verify_hash"):
        c.read_response(LEAD, answer(0, "OK", hash="0" * 32))


def test_hash_is_ignored_by_default() -> None:
    (outcome,) = connector().read_response(LEAD, answer(0, "OK", hash="garbage"))
    assert outcome.kind is OutcomeKind.DELIVERED


def test_key_is_not_kept_unless_hash_checking_is_on() -> None:
    c = connector()
    c.build_request(LEAD, SECRETS)
    assert "rps-secret" not in repr(vars(c)) and "rps-secret" not in repr(c)
    checking = connector(verify_hash=True)
    checking.build_request(LEAD, SECRETS)
    assert "rps-secret" not in repr(checking)


def test_target_fields() -> None:
    fields = {f.name: f for f in connector().target_fields()}
    # seed 002: a lead may be created without an e-mail (a phone or messenger id reaches it).
    assert next(iter(fields)) == "lead_email" and not fields["lead_email"].required
    assert fields["lead_first_name"].concept == "first_name"
    assert fields["lead_last_name"].concept == "last_name"
    assert fields["lead_phone"].type is FieldType.PHONE
    assert fields["lead_shipping_country_code"].type is FieldType.COUNTRY_CODE
    assert fields["lead_billing_country_code"].type is FieldType.COUNTRY_CODE
    assert fields["add_tags"].type is FieldType.LIST
    assert "lead_email" in fields["lead_email"].synonyms
    assert {"lead_in", "lead_vkontakte", "lead_utc", "lead_personal_manager"} <= set(fields)
    assert all(f.help for f in fields.values())
    assert not any(f.required for f in fields.values())


def test_a_lead_without_email_goes_by_phone_and_a_lead_with_neither_is_refused() -> None:
    by_phone = MappedRecord(3, {"lead_phone": "+61400000001", "lead_first_name": "Bo"})
    nothing = MappedRecord(4, {"lead_first_name": "Cy"})
    c = connector()
    assert c.identity(by_phone) == "lead_phone=+61400000001"
    body = c.build_request([by_phone], {"api_key": "k"}).body.decode()
    assert "lead_phone=%2B61400000001" in body and "lead_email" not in body
    with pytest.raises(RowError, match="e-mail, or else a phone or a messenger id"):
        c.build_request([nothing], {"api_key": "k"})


def test_upsert_one_contact_per_request_and_no_ping() -> None:
    c = connector()
    assert c.upserts is True and c.max_batch_size == 1
    assert c.identity(record(2, lead_email="ANN@x.io")) == "ann@x.io"
    assert c.connection_test_request(SECRETS) is None
