"""GEVME connector: settings, the paging function, field mapping, pull requests and answers."""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from attendee_relay.connectors.gevme import (
    GevmeConnector,
    GevmePullCursor,
    GevmeSettings,
    read_page,
)
from attendee_relay.connectors.gevme_fields import attendee_row
from attendee_relay.connectors.registry import create_connector
from attendee_relay.core.connector_api import HttpResponse, PullPage
from attendee_relay.core.errors import InputError, SetupError, TokenExpired, TransientError

SECRETS = {"access_token": "AT-123", "client_secret": "cs"}


def gevme(**settings: object) -> GevmeConnector:
    connector = create_connector("gevme", {"client_id": "cid", "event": "2001", **settings})
    assert isinstance(connector, GevmeConnector)
    return connector


def answer(status: int, body: object, headers: dict[str, str] | None = None) -> HttpResponse:
    return HttpResponse(status, headers or {}, json.dumps(body).encode())


def test_oauth_endpoints_default_to_gevmes_documented_urls() -> None:
    client = gevme().oauth_client(SECRETS)
    assert client.authorize_url == "https://www.gevme.com/apiv2/api/oauth/authorize"
    assert client.token_url == "https://www.gevme.com/apiv2/api/oauth/access_token"
    assert (client.scope, client.token_scope, client.client_secret) == ("root", "root", "cs")
    assert client.timeout_s == 300


def test_oauth_endpoints_and_token_scope_are_settings_for_standard_servers() -> None:
    client = gevme(
        authorize_url="https://idp.example/authorize",
        token_url="https://idp.example/token",
        token_scope="",
    ).oauth_client({})
    assert (client.authorize_url, client.token_url, client.token_scope, client.client_secret) == (
        "https://idp.example/authorize",
        "https://idp.example/token",
        "",
        "",
    )


def test_polite_defaults_and_page_size_capped_at_1000() -> None:
    settings = GevmeSettings(client_id="cid")
    assert (settings.rate_limit_per_minute, settings.page_size) == (500, 1000)
    with pytest.raises(InputError, match="page_size"):
        gevme(page_size=1001)


def test_client_secret_is_a_secret_not_a_setting() -> None:
    with pytest.raises(InputError, match="is a secret"):
        gevme(client_secret="x")


def test_pull_request_asks_for_a_page_with_limit_and_bearer_token() -> None:
    connector = gevme()
    first = connector.first_pull_cursor({"modified_since": "2024-03-01 00:00:00"})
    request = connector.pull_request(replace(first, page=2), SECRETS, {})
    url = urlsplit(request.url)
    assert url.path == "/apiv2/api/events/2001/attendees"
    assert parse_qs(url.query) == {
        "limit": ["1000"],
        "page": ["2"],
        "modifiedFrom": ["2024-03-01 00:00:00"],
    }
    assert request.headers["Authorization"] == "Bearer AT-123"


def test_pull_without_event_or_with_unknown_option_says_what_to_set() -> None:
    with pytest.raises(SetupError, match="event"):
        gevme(event="").pull_request(None, SECRETS, {})
    with pytest.raises(SetupError, match="no pull option 'colour'"):
        gevme().pull_request(None, SECRETS, {"colour": "red"})


@pytest.mark.parametrize(
    ("body", "rows", "next_page"),
    [
        ({"data": [{"id": 1}, {"id": 2}]}, 2, 4),
        ([{"id": 1}, {"id": 2}], 2, 4),
        ({"data": [{"id": 1}]}, 1, None),  # short page
        ({"data": []}, 0, None),  # empty page
        ([], 0, None),
        ({"data": [{"id": 1}, {"id": 2}], "meta": {"last_page": 3}}, 2, None),
        ({"data": {"data": [{"id": 1}, {"id": 2}]}}, 2, 4),
    ],
)
def test_read_page_accepts_data_or_a_bare_list_and_stops_on_a_short_page(
    body: object, rows: int, next_page: int | None
) -> None:
    records, following = read_page(body, 3, 2)
    assert (len(records), following) == (rows, next_page)


def test_read_page_without_a_list_is_a_passing_failure() -> None:
    with pytest.raises(TransientError):
        read_page({"message": "maintenance"}, 1, 10)


@pytest.mark.parametrize(
    "record",
    [
        {"email": "a@b.org", "firstName": "Zoë", "lastName": "Brontë"},
        {"Email": "a@b.org", "first_name": "Zoë", "last_name": "Brontë"},
        {"emailAddress": "a@b.org", "fname": "Zoë", "surname": "Brontë"},
        {"profile": {"email": "a@b.org", "givenName": "Zoë", "familyName": "Brontë"}},
    ],
)
def test_common_spellings_map_onto_canonical_columns(record: dict[str, object]) -> None:
    row = attendee_row(record)
    assert (row["Email"], row["First Name"], row["Last Name"]) == ("a@b.org", "Zoë", "Brontë")


def test_unknown_fields_are_kept_as_extra_columns() -> None:
    row = attendee_row(
        {
            "id": 7,
            "email": "a@b.org",
            "customFields": {"diet": "vegan"},
            "tags": ["x", "y"],
            "vip": True,
        }
    )
    assert row["Attendee ID"] == "7"
    assert (row["customFields.diet"], row["tags"], row["vip"]) == ("vegan", "x; y", "true")


def test_read_pull_page_maps_rows_and_gives_the_next_page() -> None:
    connector = gevme(page_size=2)
    page = connector.read_pull_page(
        None, answer(200, {"data": [{"email": "a@b.org"}, {"email": "c@d.org"}]})
    )
    assert [r["Email"] for r in page.rows] == ["a@b.org", "c@d.org"]
    assert isinstance(page.next_cursor, GevmePullCursor) and page.next_cursor.page == 2


def test_401_means_the_token_expired_429_passes_403_and_404_are_setup() -> None:
    connector = gevme()
    with pytest.raises(TokenExpired):
        connector.read_pull_page(None, answer(401, {"message": "Unauthenticated."}))
    with pytest.raises(TransientError) as passing:
        connector.read_pull_page(None, answer(429, {}, {"Retry-After": "3"}))
    assert passing.value.retry_after == 3
    with pytest.raises(SetupError, match="may not read"):
        connector.read_pull_page(None, answer(403, {}))
    with pytest.raises(SetupError, match="event '2001'"):
        connector.read_pull_page(None, answer(404, {"message": "Event not found"}))


def test_gevme_refuses_to_be_an_import_target() -> None:
    with pytest.raises(SetupError, match="source"):
        gevme().build_request([], SECRETS)


def page_of(connector: GevmeConnector, cursor: object, body: object) -> PullPage:
    return connector.read_pull_page(cursor, answer(200, body))


def test_paging_parameters_and_the_date_format_are_settings() -> None:
    connector = gevme(page_param="pageNo", limit_param="perPage", modified_format="%d/%m/%Y")
    cursor = connector.first_pull_cursor({"modified_since": "2024-03-01 10:00:00"})
    query = parse_qs(urlsplit(connector.pull_request(cursor, SECRETS, {}).url).query)
    assert query == {"perPage": ["1000"], "pageNo": ["1"], "modifiedFrom": ["01/03/2024"]}


def test_a_page_identical_to_the_one_before_stops_the_pull() -> None:
    connector = gevme(page_size=2)
    body = {"data": [{"id": 1}, {"id": 2}]}
    first = page_of(connector, connector.first_pull_cursor({}), body)
    with pytest.raises(SetupError, match=r"identical to page 1.*page_param"):
        page_of(connector, first.next_cursor, body)


def test_records_beyond_the_announced_total_stop_the_pull() -> None:
    connector = gevme(page_size=2)
    cursor = connector.first_pull_cursor({})
    for ids in ((1, 2), (3, 4)):
        body = {"data": [{"id": i} for i in ids], "meta": {"total": 4}}
        cursor = page_of(connector, cursor, body).next_cursor
    with pytest.raises(SetupError, match="after the 4 its list announced"):
        page_of(connector, cursor, {"data": [{"id": 5}, {"id": 6}], "meta": {"total": 4}})


def test_a_short_page_before_the_total_asks_for_the_next_and_an_early_end_stops() -> None:
    connector = gevme(page_size=1000)
    short = {"data": [{"id": i} for i in range(500)], "meta": {"total": 1500}}
    first = page_of(connector, None, short)
    assert isinstance(first.next_cursor, GevmePullCursor) and first.next_cursor.page == 2
    with pytest.raises(SetupError, match="after 500 of the 1500"):
        page_of(connector, first.next_cursor, {"data": [], "meta": {"total": 1500}})


def test_an_unreadable_date_is_one_sentence() -> None:
    with pytest.raises(InputError, match="not a date"):
        gevme().first_pull_cursor({"modified_since": "last tuesday"})


def test_the_first_page_again_in_another_order_stops_the_pull() -> None:
    """A list that ignores the page parameter and shuffles its records: no page is identical to
    the one before, but no page brings a record not read already."""
    connector = gevme(page_size=3)
    first = page_of(connector, None, {"data": [{"id": 1}, {"id": 2}, {"id": 3}]})
    with pytest.raises(SetupError, match=r"only records it had sent before.*page_param"):
        page_of(connector, first.next_cursor, {"data": [{"id": 3}, {"id": 1}, {"id": 2}]})


def test_a_short_page_without_a_total_asks_once_more_and_goes_on_if_the_list_does() -> None:
    """GEVME may page by fewer than asked: 100 of the 1,000 asked is not the end when the next
    page brings new records."""
    connector = gevme(page_size=1000)
    first = page_of(connector, None, {"data": [{"id": i} for i in range(100)]})
    assert isinstance(first.next_cursor, GevmePullCursor) and first.next_cursor.page == 2
    second = page_of(connector, first.next_cursor, {"data": [{"id": i} for i in range(100, 150)]})
    assert len(second.rows) == 50
    last = page_of(connector, second.next_cursor, {"data": []})
    assert last.rows == [] and last.next_cursor is None


def test_a_short_list_ends_after_one_more_request_that_brings_nothing_new() -> None:
    connector = gevme(page_size=1000)
    only = {"data": [{"id": 1}, {"id": 2}]}
    first = page_of(connector, None, only)
    again = page_of(connector, first.next_cursor, only)  # a server that ignores page
    assert again.rows == [] and again.next_cursor is None
