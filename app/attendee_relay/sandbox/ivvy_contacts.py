"""The iVvy simulator's ``contact`` namespace, as ``vendor-docs/ivvy/contact/`` documents it:
``addOrUpdateContact`` (its ``groups`` replace the contact's groups), ``addContactsToSubscriptionGroup``
(adds), ``getContactList`` (filters with modifiers), ``addOrUpdateLead`` and the wizard's lists."""

from __future__ import annotations

from typing import Any

from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.ivvy_answers import Answer, error, page, whole_number
from attendee_relay.sandbox.ivvy_filters import Extra, FilterRefused, apply_filter
from attendee_relay.sandbox.ivvy_store import ContactNotFound, IvvyStore
from attendee_relay.sandbox.web_common import is_valid_email

#: Returned properties of ``getContactList`` (contact/get-contact-list.md, "Returns").
CONTACT_PROPERTIES = (
    "id",
    "firstName",
    "lastName",
    "email",
    "phone",
    "privacyConsentData",
    "customFields",
    "groups",
    "companies",
    "companiesData",
    "externalId",
    "modifiedDate",
    "isAnonymised",
)

#: Its "Additional Filter Properties": key -> (property compared, modifier).
CONTACT_FILTERS: dict[str, Extra] = {
    "fromModifiedDate": ("modifiedDate", "GREATERTHAN"),
    "toModifiedDate": ("modifiedDate", "LESSTHAN"),
    "externalId": ("externalId", ""),
    "venueId": ("venueId", ""),
    "venueGroupId": ("venueGroupId", ""),
    "companyId": ("companyId", ""),
}

#: ``addOrUpdateLead``: required to add a lead (contact/add-or-update-lead.md).
LEAD_REQUIRED = ("name", "sourceId", "typeId", "stageId")


def add_or_update_contact(store: IvvyStore, params: dict[str, Any]) -> Answer:
    if params.get("id") in (None, ""):
        missing = [k for k in ("firstName", "lastName", "email") if not params.get(k)]
        if missing:
            return error(400, f"'{missing[0]}' is required", 23017)
    email = str(params.get("email", ""))
    if email and not is_valid_email(email):
        return error(400, "'email' does not validate", 23016)
    groups = params.get("groups")
    if groups is not None and not (
        isinstance(groups, list) and all(isinstance(g, dict) and "groupId" in g for g in groups)
    ):
        return error(400, "'groups' does not validate", 23016)
    try:
        ident, _created = store.upsert(params)
    except ContactNotFound:
        return error(400, "'id' does not validate", 23016)
    return 200, {"success": True, "id": ident}


def add_contacts_to_group(
    config: SandboxConfig, store: IvvyStore, params: dict[str, Any]
) -> Answer:
    contacts, group = params.get("contacts"), params.get("group")
    if contacts in (None, []):
        return error(400, "'contacts' is required", 23017)
    if group in (None, ""):
        return error(400, "'group' is required", 23017)
    if not isinstance(contacts, list):
        return error(400, "'contacts' does not validate", 23016)
    gid = whole_number(params, "group", 0)
    if gid is None or str(gid) not in config.ivvy_groups:
        return error(400, "'group' does not validate", 23016)
    return 200, store.add_to_group(gid, contacts)


def contact_list(store: IvvyStore, params: dict[str, Any]) -> Answer:
    with store.lock:
        items = [dict(c) for c in store.contacts.values()]
    try:
        chosen = apply_filter(items, params.get("filter"), CONTACT_PROPERTIES, CONTACT_FILTERS)
    except FilterRefused as err:
        return error(400, str(err), 23016)
    return page([dict(c) for c in chosen], params)


def get_contact(store: IvvyStore, params: dict[str, Any]) -> Answer:
    """``getContact``: one contact by ``id`` (contact/get-contact.md); 24096 when unknown."""
    if params.get("id") in (None, ""):
        return error(400, "'id' is required", 23017)
    ident = whole_number(params, "id", 0)
    if ident is None:
        return error(400, "'id' does not validate", 23016)
    with store.lock:
        contact = store.contacts.get(ident)
        found = None if contact is None else {k: v for k, v in contact.items() if k != "writes"}
    if found is None:
        return error(404, "Unable to find contact", 24096)
    return 200, {**found, "eventInvitations": [], "eventRegistrations": []}


def add_or_update_lead(store: IvvyStore, params: dict[str, Any]) -> Answer:
    if params.get("id") in (None, ""):
        missing = [k for k in LEAD_REQUIRED if not params.get(k)]
        # "industryId: required when the lead belongs to a contact and id is not present"
        if not params.get("industryId") and (params.get("contact") or params.get("contactId")):
            missing.append("industryId")
        if missing:
            return error(400, f"'{missing[0]}' is required", 23017)
    contact_id = params.get("contactId")
    if contact_id not in (None, "") and contact_id not in store.contacts:
        return error(400, "'contactId' does not validate", 23016)
    lead = dict(params)
    inline = params.get("contact")
    if isinstance(inline, dict):
        # "The data array of contact. See addOrUpdateContact": the contact is added (or
        # updated) as addOrUpdateContact would, so without an id it may be a second contact.
        status, answer = add_or_update_contact(store, inline)
        if status != 200:
            return status, answer
        lead["contactId"] = answer["id"]
    with store.lock:
        ident = store.next_id()
        store.leads.append({"id": ident, **lead})
    return 200, {"success": True, "id": ident}


def custom_fields(config: SandboxConfig) -> Answer:
    return 200, {
        "meta": {"totalResults": len(config.ivvy_custom_fields)},
        "results": [
            {"fieldId": int(i), "displayName": n, "fieldType": 0, "isRequired": False}
            for i, n in config.ivvy_custom_fields.items()
        ],
    }


def subscription_groups(config: SandboxConfig, store: IvvyStore) -> Answer:
    with store.lock:
        counts = {
            int(gid): sum(
                any(str(g["groupId"]) == gid for g in c.get("groups", []))
                for c in store.contacts.values()
            )
            for gid in config.ivvy_groups
        }
    # "Returns an array of subscription groups available on the account."
    return 200, [
        {"id": int(i), "groupName": n, "memberCount": counts[int(i)], "tagColour": ""}
        for i, n in config.ivvy_groups.items()
    ]
