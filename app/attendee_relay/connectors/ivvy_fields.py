"""The contact (and optional lead) fields of iVvy's ``addOrUpdateContact``, and its custom fields
as dynamic targets ``customFields[<fieldId>]``."""

from __future__ import annotations

import re

from attendee_relay.connectors.targets import synonyms_for
from attendee_relay.core.fields import FieldType, TargetField

#: ``customFields[<fieldId>]``: a dynamic target for one of the account's contact custom fields.
CUSTOM_FIELD = re.compile(r"^customFields\[(\d+)\]$")

#: Contact fields sent under their own names.
CONTACT_WIRE_FIELDS = ("firstName", "lastName", "email", "phone", "externalId")


def contact_fields() -> list[TargetField]:
    """firstName, lastName and email (required by iVvy to create a contact), then the rest."""
    return [
        TargetField(
            "firstName",
            "First name",
            required=True,
            help="The contact's first name; with last name and e-mail it identifies the contact.",
            synonyms=synonyms_for("first_name", "firstName"),
            concept="first_name",
        ),
        TargetField(
            "lastName",
            "Last name",
            required=True,
            help="The contact's last name; with first name and e-mail it identifies the contact.",
            synonyms=synonyms_for("last_name", "lastName"),
            concept="last_name",
        ),
        TargetField(
            "email",
            "E-mail",
            required=True,
            type=FieldType.EMAIL,
            strict=True,
            help="The contact's e-mail address (must be valid).",
            synonyms=synonyms_for("email", "email"),
            concept="email",
        ),
        TargetField(
            "phone",
            "Phone",
            type=FieldType.PHONE,
            help="The contact's phone number.",
            synonyms=synonyms_for("phone", "phone"),
            concept="phone",
        ),
        TargetField(
            "externalId",
            "External id",
            help="Your system's id of the person (attendee or order id): iVvy keeps it to pair "
            "the records for good, and a resumed run finds the contact by it.",
            synonyms=synonyms_for("external_id", "externalId"),
            concept="external_id",
        ),
        TargetField(
            "groups",
            "Subscription groups",
            type=FieldType.LIST,
            help="Subscription group ids, comma-separated, added to the connector's groups. "
            "The contact joins them and keeps its other groups (group_mode=add); with "
            "group_mode=replace these become its only groups.",
            synonyms=synonyms_for("", "groups", "subscription groups"),
            group="Groups",
        ),
        TargetField(
            "leadName",
            "Lead name",
            help="Name of the lead created for this contact (when leads are on); "
            "default: the contact's name.",
            synonyms=synonyms_for("", "leadName", "lead name"),
            group="Lead",
        ),
        TargetField(
            "leadDescription",
            "Lead description",
            help="Description of the lead created for this contact (when leads are on).",
            synonyms=synonyms_for("", "leadDescription", "lead description"),
            group="Lead",
        ),
    ]
