"""10times register requests: URL, headers and the exact PHP-style form body."""

from __future__ import annotations

import httpx
import pytest
import respx
from connector_builders import form_pairs, record

from attendee_relay.connectors.tentimes import TenTimesConnector, TenTimesSettings
from attendee_relay.core.errors import SetupError
from attendee_relay.core.fields import FieldType

SECRETS = {"api_key": "s3cr3t-key"}


def connector(**overrides: object) -> TenTimesConnector:
    # Notification on unless a test says otherwise: the bodies below show no noEmail field.
    settings: dict[str, object] = {
        "event": "12345",
        "channel": "ticketsite",
        "notify_attendees": True,
    }
    settings.update(overrides)
    return TenTimesConnector(TenTimesSettings.model_validate(settings))


def test_single_attendee_body_is_php_http_build_query_bytes() -> None:
    request = connector().build_request(
        [record(2, name="Dev", email="dev@example.com", designation="Developer",
                **{"response[123]": ["Female"], "response[456]": ["manufacturer"]})],
        SECRETS,
    )  # fmt: skip
    assert request.method == "POST"
    assert request.url == "https://api.10times.com/v1/register"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.body == (
        b"key=s3cr3t-key&event=12345&channel=ticketsite"
        b"&attendee%5B0%5D%5Bname%5D=Dev&attendee%5B0%5D%5Bemail%5D=dev%40example.com"
        b"&attendee%5B0%5D%5Bdesignation%5D=Developer"
        b"&attendee%5B0%5D%5Bresponse%5D%5B123%5D%5B%5D=Female"
        b"&attendee%5B0%5D%5Bresponse%5D%5B456%5D%5B%5D=manufacturer"
    )


def test_several_answers_repeat_the_empty_bracket_key() -> None:
    request = connector().build_request(
        [record(2, name="A", email="a@x.io", **{"response[q7]": ["Red", "Blue", ""]})], SECRETS
    )
    answers = [v for k, v in form_pairs(request.body) if k == "attendee[0][response][q7][]"]
    assert answers == ["Red", "Blue"]


def test_a_text_answer_is_one_answer_even_with_commas() -> None:
    request = connector().build_request(
        [record(2, name="A", email="a@x.io", **{"response[9]": "Yes, definitely"})], SECRETS
    )
    assert ("attendee[0][response][9][]", "Yes, definitely") in form_pairs(request.body)


def test_order_of_three_rows_goes_in_one_request_with_one_billing() -> None:
    rows = [
        record(2, name="Dev", email="dev@x.io", ticketTypeId="123", ticketName="Business",
               ticketPrice="50", billing_orderNo="ORD-1", billing_datePurchased="2020-09-03 13:00:01",
               billing_currency="INR"),
        record(3, name="Sam", email="sam@x.io", ticketTypeId="123", billing_orderNo="ORD-1",
               billing_billingname="Dev Buyer", billing_quantity="3"),
        record(4, name="Kim", email="kim@x.io", billing_orderNo="ORD-1", billing_currency="USD"),
    ]  # fmt: skip
    c = connector()
    assert {c.batch_key(r) for r in rows} == {"ORD-1"}
    pairs = form_pairs(c.build_request(rows, SECRETS).body)
    billing = [(k, v) for k, v in pairs if k.startswith("billing[")]
    assert billing == [
        ("billing[orderNo]", "ORD-1"),
        ("billing[datePurchased]", "2020-09-03 13:00:01"),
        ("billing[quantity]", "3"),
        ("billing[billingname]", "Dev Buyer"),
        ("billing[currency]", "INR"),  # first record that has it wins
    ]
    assert [v for k, v in pairs if k.endswith("[email]")] == ["dev@x.io", "sam@x.io", "kim@x.io"]
    assert ("attendee[2][name]", "Kim") in pairs
    assert ("attendee[0][ticketPrice]", "50") in pairs
    assert not any(k.startswith("attendee[2][ticket") for k, _ in pairs)


def test_rows_without_order_number_are_not_batched_together() -> None:
    assert connector().batch_key(record(2, name="A", email="a@x.io", billing_orderNo=" ")) is None


def test_notify_off_sends_no_email_unless_the_row_maps_its_own() -> None:
    c = connector(notify_attendees=False)
    pairs = form_pairs(
        c.build_request(
            [record(2, name="A", email="a@x.io", billing_orderNo="O1"),
             record(3, name="B", email="b@x.io", noEmail="0", billing_orderNo="O1")],
            SECRETS,
        ).body
    )  # fmt: skip
    assert ("attendee[0][noEmail]", "1") in pairs
    assert ("attendee[1][noEmail]", "0") in pairs
    assert ("billing[noEmail]", "1") in pairs


def test_notify_on_sends_no_no_email_key() -> None:
    pairs = form_pairs(connector().build_request([record(2, name="A", email="a@x")], SECRETS).body)
    assert not any("noEmail" in k for k, _ in pairs)


def test_base_url_with_path_prefix_and_trailing_slash() -> None:
    c = connector(base_url="http://127.0.0.1:8765/10times/")
    request = c.build_request([record(2, name="A", email="a@x.io")], SECRETS)
    assert request.url == "http://127.0.0.1:8765/10times/v1/register"


def test_missing_api_key_is_a_setup_error() -> None:
    with pytest.raises(SetupError, match="api_key"):
        connector().build_request([record(2, name="A", email="a@x.io")], {})


def test_request_is_well_formed_when_sent_through_httpx() -> None:
    request = connector().build_request(
        [record(2, name="Zoë Ünal", email="z@x.io", phone="+49 170 1234567")], SECRETS
    )
    with respx.mock(assert_all_called=True) as mock:
        route = mock.post("https://api.10times.com/v1/register").respond(json={"status": 1})
        with httpx.Client() as client:
            client.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
    sent = route.calls.last.request
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(form_pairs(sent.content))["attendee[0][name]"] == "Zoë Ünal"
    assert dict(form_pairs(sent.content))["attendee[0][phone]"] == "+49 170 1234567"


def test_identity_is_lower_cased_email_and_scope_is_the_event() -> None:
    c = connector()
    assert c.identity(record(2, email=" Dev@Example.COM ")) == "dev@example.com"
    assert c.dedupe_scope() == "event=12345"


def test_max_batch_size_follows_the_setting() -> None:
    assert connector().max_batch_size == 50
    assert connector(max_attendees_per_request=5).max_batch_size == 5


def test_response_fields_are_dynamic_targets() -> None:
    c = connector()
    assert c.accepts_extra_field("response[123]")
    assert c.accepts_extra_field("response[gender]")
    assert not c.accepts_extra_field("response[]")
    assert not c.accepts_extra_field("resp[1]")
    assert not c.accepts_extra_field("response[1] ")


def test_target_fields_required_first_with_platform_names_as_synonyms() -> None:
    fields = connector().target_fields()
    assert [f.name for f in fields[:2]] == ["name", "email"]
    assert all(f.required for f in fields[:2]) and not any(f.required for f in fields[2:])
    by_name = {f.name: f for f in fields}
    assert by_name["email"].type is FieldType.EMAIL
    assert by_name["phone"].type is FieldType.PHONE
    assert by_name["noEmail"].type is FieldType.FLAG
    assert by_name["designation"].concept == "job_title"
    assert "billing[orderNo]" in by_name["billing.orderNo"].synonyms
    assert by_name["billing.orderNo"].concept == "order_no"
    assert "buyer email" not in by_name["email"].synonyms
    assert "buyer email" in by_name["billing.billingemailid"].synonyms
    assert all(f.help for f in fields)


def test_no_ping_endpoint() -> None:
    assert connector().connection_test_request(SECRETS) is None


def test_a_new_connector_does_not_email_attendees_unless_told_to() -> None:
    """A first real import must not e-mail everyone: notification is off by default."""
    fresh = TenTimesConnector(TenTimesSettings.model_validate({"event": "1", "channel": "web"}))
    pairs = form_pairs(fresh.build_request([record(2, name="A", email="a@x.io")], SECRETS).body)
    assert ("attendee[0][noEmail]", "1") in pairs
