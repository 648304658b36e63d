"""The contact fields of InfluencerSoft's ``addupdatelead``, with help taken from its article."""

from __future__ import annotations

from attendee_relay.connectors.targets import synonyms_for
from attendee_relay.core.fields import FieldType, TargetField

#: Per-row list and tag fields; merged with the connector's defaults of the same name.
LIST_FIELDS = ("add_to_lists", "remove_from_lists", "add_tags", "remove_tags")

_ADDRESS = "visible in the contact card"


def _field(
    name: str,
    label: str,
    help_text: str,
    concept: str = "",
    *own: str,
    type_: FieldType = FieldType.TEXT,
    group: str = "Contact",
    required: bool = False,
) -> TargetField:
    return TargetField(
        name=name,
        label=label,
        required=required,
        type=type_,
        help=help_text,
        synonyms=synonyms_for(concept, name, *own),
        group=group,
        concept=concept,
        strict=type_ in (FieldType.EMAIL, FieldType.COUNTRY_CODE),
    )


def _address(kind: str, label: str, with_concepts: bool) -> list[TargetField]:
    """Address parts of ``kind`` ("shipping" or "billing"); only one kind owns the concepts."""
    what = "Delivery" if kind == "shipping" else "Billing"
    parts = (
        ("address_1", "address", "address_1", f"{what} address, {_ADDRESS}."),
        ("address_2", "address 2", "address_2",
         f"{what} address, second line for complex addresses, {_ADDRESS}."),
        ("city", "city", "city", f"{what} address: the city, {_ADDRESS}."),
        ("state", "state", "state", f"{what} address: the region or state, {_ADDRESS}."),
        ("zip", "zip", "zip", f"{what} address: the zip or postal code, {_ADDRESS}."),
    )  # fmt: skip
    fields = [
        _field(
            f"lead_{kind}_{part}",
            f"{label} {words}",
            help_text,
            concept if with_concepts else "",
            f"{kind} {words}",
            group=label,
        )
        for part, words, concept, help_text in parts
    ]
    fields.append(
        _field(
            f"lead_{kind}_country_code",
            f"{label} country code",
            f"{what} country as an ISO code such as US or CA; InfluencerSoft shows the country "
            "name in the contact card.",
            "country" if with_concepts else "",
            f"{kind} country",
            f"{kind} country code",
            *(("country code", "iso country code") if with_concepts else ()),
            type_=FieldType.COUNTRY_CODE,
            group=label,
        )
    )
    return fields


#: What reaches a lead without an e-mail (seed 002: "if not specified, it will be created
#: without email"), in the order a row's identity is taken from.
REACHES_LEAD = (
    "lead_phone",
    "lead_whatsapp",
    "lead_telegram",
    "lead_viber",
    "lead_facebook",
    "lead_instagram",
    "lead_vkontakte",
    "lead_in",
)


def lead_fields() -> list[TargetField]:
    """Every documented ``lead_*`` field, then the per-row list and tag fields."""
    contact = [
        _field("lead_email", "E-mail",
               "The contact's e-mail; InfluencerSoft updates the contact with the same e-mail. "
               "A lead without one needs a phone or a messenger id (and is added each time).",
               "email", type_=FieldType.EMAIL),
        _field("lead_first_name", "First name", "The contact's name.", "first_name"),
        _field("lead_middle_name", "Middle name", "The contact's middle name.", "middle_name"),
        _field("lead_last_name", "Last name", "The contact's surname.", "last_name"),
        _field("lead_phone", "Phone", "The contact's phone number.", "phone",
               type_=FieldType.PHONE),
        _field("lead_utc", "Time zone",
               "The contact's time zone, e.g. UTC+03, +03, -01, 3 or -1.", "timezone"),
        _field("lead_description", "Description",
               "Information about the customer, visible in the contact card.", "description"),
        _field("lead_personal_manager", "Personal manager id",
               "Id of the contact's personal manager (from the employee edit link).",
               "", "personal manager", "manager id", type_=FieldType.INTEGER),
    ]  # fmt: skip
    social = [
        _field(name, label, f"The contact's {label.split(' id')[0]} id.", "", *own, group="Social")
        for name, label, own in (
            ("lead_facebook", "Facebook id", ("facebook",)),
            ("lead_instagram", "Instagram id", ("instagram",)),
            ("lead_whatsapp", "WhatsApp id", ("whatsapp",)),
            ("lead_telegram", "Telegram id", ("telegram",)),
            ("lead_viber", "Viber id", ("viber",)),
            ("lead_vkontakte", "VKontakte id", ("vkontakte", "vk")),
            ("lead_in", "LinkedIn id", ("linkedin", "linkedin id", "linkedin url")),
        )
    ]
    lists = [
        _field("add_to_lists", "Add to lists",
               "Group ids to add the contact to, comma-separated (e.g. 1473249885.2899961004); "
               "added to the connector's default lists.", "", "lists", "groups", "list ids",
               type_=FieldType.LIST, group="Lists and tags"),
        _field("remove_from_lists", "Remove from lists",
               "Group ids to remove the contact from, comma-separated.", "",
               type_=FieldType.LIST, group="Lists and tags"),
        _field("add_tags", "Add tags",
               "Tags to add to the contact, comma-separated; added to the connector's default "
               "tags.", "", "tags", "tag", type_=FieldType.LIST, group="Lists and tags"),
        _field("remove_tags", "Remove tags", "Tags to remove from the contact, comma-separated.",
               "", type_=FieldType.LIST, group="Lists and tags"),
    ]  # fmt: skip
    return [
        *contact,
        *_address("shipping", "Shipping", with_concepts=True),
        *_address("billing", "Billing", with_concepts=False),
        *social,
        *lists,
    ]
