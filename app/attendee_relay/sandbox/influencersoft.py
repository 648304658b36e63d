"""InfluencerSoft simulator: ``POST /{account}/api/addupdatelead`` as seed 002 documents it.

Always HTTP 200; the outcome is ``error_code`` (0 = OK) from the JustClick-lineage table, and
``hash`` = md5("{code}::{text}::{secret}") with the account's rpsKey as the secret (API 1.0's rule;
for an unknown account the secret is empty). A missing key answers 4 like a wrong one. A known lead
asked to join lists it is already in answers 102 "already subscribed" (its fields still updated:
the call is an upsert).
"""

from __future__ import annotations

import hashlib

from aiohttp import web

from attendee_relay.sandbox.web_common import form_pairs, is_valid_email, runtime_of

OK = (0, "OK")
WRONG_DATA = 3
BAD_KEY = (4, "Bad key")
UNKNOWN_USER = (5, "Unknown user name")
IP_NOT_PERMITTED = (6, "IP not permitted")
EMAIL_MISSING = (100, "Email missing")
ALREADY_SUBSCRIBED = (102, "Lead already subscribed")
INVALID_GROUP = 103
#: Fields that reach a lead without an e-mail (the article: "if not specified, it will be
#: created without email"); a lead with none of them and no e-mail gets 100.
REACHABLE_WITHOUT_EMAIL = (
    "lead_phone",
    "lead_facebook",
    "lead_instagram",
    "lead_whatsapp",
    "lead_telegram",
    "lead_viber",
    "lead_vkontakte",
    "lead_in",
)


def answer(code: int, text: str, secret: str) -> web.Response:
    """The JSON envelope every call gets, signed with ``secret``."""
    digest = hashlib.md5(f"{code}::{text}::{secret}".encode(), usedforsecurity=False)
    return web.json_response(
        {"error_code": code, "error_text": text, "result": [], "hash": digest.hexdigest()}
    )


def split_ids(value: str) -> list[str]:
    """Comma-separated ids or tags; the article's own example has a line break after a comma."""
    return [part.strip() for part in value.split(",") if part.strip()]


async def add_update_lead(request: web.Request) -> web.Response:
    """Upsert one contact by ``lead_email`` and apply its list and tag changes."""
    runtime = runtime_of(request)
    config = runtime.config
    account_name = request.match_info["account"]
    form: dict[str, str] = {}
    for key, value in await form_pairs(request):
        form.setdefault(key, value)  # PHP would keep the last; the first is as good for a sandbox

    account = config.influencersoft_accounts.get(account_name)
    if account is None:
        return answer(*UNKNOWN_USER, secret="")
    secret = account.key
    if not config.influencersoft_ip_allowed:
        return answer(*IP_NOT_PERMITTED, secret=secret)
    if form.get("rpsKey", form.get("rps_key")) != account.key:
        return answer(*BAD_KEY, secret=secret)

    email = form.get("lead_email", "").strip()
    reachable = any(form.get(name, "").strip() for name in REACHABLE_WITHOUT_EMAIL)
    if not email and not reachable and config.influencersoft_require_email:
        return answer(*EMAIL_MISSING, secret=secret)
    if email and not is_valid_email(email):
        return answer(WRONG_DATA, "Wrong data: lead_email is not a valid email", secret)

    add_lists = split_ids(form.get("add_to_lists", ""))
    remove_lists = split_ids(form.get("remove_from_lists", ""))
    if account.groups:
        unknown = [g for g in add_lists + remove_lists if g not in account.groups]
        if unknown:
            return answer(INVALID_GROUP, f"Invalid group: {', '.join(unknown)}", secret)

    fields = {k: v for k, v in form.items() if k.startswith("lead_")}
    known = runtime.state.contacts(account_name).get(email.lower()) if email else None
    already = bool(known and add_lists and set(add_lists) <= set(known["lists"]))
    # Without an email there is nothing to match on: every such call creates a new contact.
    identity = email or f"(no email #{len(runtime.state.contacts(account_name)) + 1})"
    runtime.state.upsert_contact(
        account_name,
        identity,
        fields=fields,
        add_lists=add_lists,
        remove_lists=remove_lists,
        add_tags=split_ids(form.get("add_tags", "")),
        remove_tags=split_ids(form.get("remove_tags", "")),
    )
    return answer(*(ALREADY_SUBSCRIBED if already else OK), secret=secret)
