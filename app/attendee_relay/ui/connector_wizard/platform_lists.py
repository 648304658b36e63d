"""The platform's own lists the connector wizard offers (ExpoPlatform categories; iVvy groups,
custom fields and lead sources, types and stages), fetched over HTTP. Qt-free and blocking: the
wizard calls these through ``run_in_background``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from attendee_relay.connectors.ivvy_lists import Choice
from attendee_relay.core.connector_api import (
    CategoriesConnector,
    Connector,
    HttpRequest,
    HttpResponse,
    ListsConnector,
)
from attendee_relay.core.errors import SetupError


@dataclass(frozen=True, slots=True)
class ListSpec:
    """One list the wizard shows.

    Attributes:
        kind: ``categories`` (ExpoPlatform) or a key of ``ivvy_lists.LIST_CALLS``.
        label: the list's title in the wizard.
        setting: the setting a choice fills (``groups``, ``lead_source_id``...), or "" when the
            list is for reference (ids to use in the mapping).
        multiple: several entries may be chosen (a comma list setting).
        help: one or two sentences under the title.
    """

    kind: str
    label: str
    setting: str = ""
    multiple: bool = False
    help: str = ""


_EXPO = (
    ListSpec(
        "categories",
        "Visitor categories",
        help="The event's visitor categories in ExpoPlatform. To give visitors a category, add "
        "the visitor field your API manager names in the import wizard's mapping and use one of "
        "these ids; create a missing category here.",
    ),
)
_IVVY = (
    ListSpec(
        "groups",
        "Subscription groups",
        setting="groups",
        multiple=True,
        help="Every contact is added to the ticked groups.",
    ),
    ListSpec(
        "custom_fields",
        "Contact custom fields",
        help="Map a column to customFields[ID] in the import wizard to fill one of these.",
    ),
    ListSpec("lead_sources", "Lead source", setting="lead_source_id", help="For new leads."),
    ListSpec("lead_types", "Lead type", setting="lead_type_id", help="For new leads."),
    ListSpec("lead_stages", "Lead stage", setting="lead_stage_id", help="For new leads."),
)


def list_specs(connector: Connector) -> tuple[ListSpec, ...]:
    """The lists ``connector``'s platform offers to the wizard (none for most platforms)."""
    if isinstance(connector, CategoriesConnector):
        return _EXPO
    if isinstance(connector, ListsConnector):
        return _IVVY
    return ()


def has_lists(connector: Connector) -> bool:
    """Whether the wizard has a lists page for ``connector``."""
    return bool(list_specs(connector))


def send(connector: Connector, request: HttpRequest) -> HttpResponse:
    """Send one request of ``connector`` and return the answer.

    Raises:
        SetupError: the platform cannot be reached (one sentence).
    """
    try:
        with httpx.Client(timeout=connector.settings.timeout_s, trust_env=False) as client:
            raw = client.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
    except httpx.HTTPError as err:
        host = httpx.URL(request.url).host
        raise SetupError(
            f"Cannot connect to {host} ({err or type(err).__name__}); check the address and "
            "your network, then press Reload."
        ) from None
    return HttpResponse(raw.status_code, raw.headers, raw.content)


def fetch_list(connector: Connector, kind: str, secrets: Mapping[str, str]) -> list[Choice]:
    """The entries of list ``kind`` on the platform.

    Raises:
        SetupError, TransientError: the platform refused or could not be reached.
    """
    if kind == "categories" and isinstance(connector, CategoriesConnector):
        return connector.read_categories(
            send(connector, connector.list_categories_request(secrets))
        )
    if isinstance(connector, ListsConnector):
        return connector.read_list(kind, send(connector, connector.list_request(kind, secrets)))
    raise SetupError(f"{connector.title} has no list '{kind}' to offer.")


def create_category(connector: Connector, name: str, secrets: Mapping[str, str]) -> str:
    """Create an ExpoPlatform visitor category called ``name``; returns its id.

    Raises:
        SetupError, TransientError: the platform refused or could not be reached.
    """
    if not isinstance(connector, CategoriesConnector):
        raise SetupError(f"{connector.title} has no visitor categories to create.")
    return connector.read_set_category(
        send(connector, connector.set_category_request(name, secrets))
    )
