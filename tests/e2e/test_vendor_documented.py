"""Behaviours the vendors document, tried as a coordinator would: the CLI in its own process,
the sandbox over real HTTP. Each of these lost or misreported data before issue 12."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import httpx

from attendee_relay.core.history import HistoryStore
from attendee_relay.core.records import RowStatus
from attendee_relay.sandbox.config import IVVY_SECRET
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY, CliResult, run_cli_process

FAST = ("--set", "rate_limit_per_minute=0")


def people(path: Path, count: int) -> Path:
    lines = ["First Name,Last Name,Email"]
    lines += [f"Ann{i},Lee{i},ann{i}@example.com" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def add_ivvy(home: Path, sandbox: SandboxServer, *extra: str) -> None:
    added = run_cli_process(
        home,
        "connector", "add", "iv", "--platform", "ivvy",
        "--set", f"base_url={sandbox.url('ivvy')}", "--set", "batch_poll_interval_s=0.1",
        *FAST, *extra, "--secret", "api_key", "--secret", "api_secret",
        stdin=f"{API_KEY}\n{IVVY_SECRET}\n",
    )  # fmt: skip
    assert added.code == 0, added.err


def imported(home: Path, name: str, source: Path, *extra: str) -> CliResult:
    result = run_cli_process(home, "import", name, str(source), "--json", *extra)
    assert "Traceback" not in result.err, result.err
    return result


def contact_in_group_7(sandbox: SandboxServer) -> int:
    """Ann0 Lee0, already in iVvy and in subscription group 7 (groups 7 and 10 exist)."""
    sandbox.configure(ivvy_groups={"7": "Members", "10": "Newsletter"})
    member, _ = sandbox.runtime.state.ivvy.upsert(
        {"firstName": "Ann0", "lastName": "Lee0", "email": "ann0@example.com"}
        | {"groups": [{"groupId": 7}]}
    )
    return member


def test_an_ivvy_contact_keeps_its_groups_when_imported_with_another(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    ivvy = sandbox.runtime.state.ivvy
    member = contact_in_group_7(sandbox)
    add_ivvy(isolated_home, sandbox, "--set", "groups=10")

    result = imported(isolated_home, "iv", people(tmp_path / "p.csv", 3))

    assert result.code == 0, result.out + result.err
    assert result.json()["succeeded"] == 3
    contacts = {c["email"]: c["id"] for c in ivvy.snapshot()["contacts"]}
    assert len(contacts) == 3, "the existing contact was added a second time"
    assert ivvy.group_ids(member) == [7, 10]
    assert ivvy.group_ids(contacts["ann1@example.com"]) == [10]
    assert ivvy.group_ids(contacts["ann2@example.com"]) == [10]


def test_ivvy_group_mode_replace_sets_exactly_the_groups_given(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    ivvy = sandbox.runtime.state.ivvy
    member = contact_in_group_7(sandbox)
    add_ivvy(isolated_home, sandbox, "--set", "groups=10", "--set", "group_mode=replace")

    result = imported(isolated_home, "iv", people(tmp_path / "p.csv", 1))

    assert result.code == 0, result.out + result.err
    assert ivvy.group_ids(member) == [10]


EXPO_KEY = {"Authorization": f"Basic {API_KEY}"}


def add_expo(home: Path, sandbox: SandboxServer, *extra: str) -> None:
    added = run_cli_process(
        home,
        "connector", "add", "expo", "--platform", "expoplatform",
        "--set", f"base_url={sandbox.url('expoplatform')}", "--set", "event=1001",
        *FAST, *extra, "--secret", "api_key",
        stdin=f"{API_KEY}\n",
    )  # fmt: skip
    assert added.code == 0, added.err


def expo(sandbox: SandboxServer, endpoint: str, form: dict[str, str]) -> dict[str, object]:
    """A call to the ExpoPlatform sandbox as its documentation describes (form data)."""
    url = sandbox.url("expoplatform") + f"/api/v2/account/{endpoint}"
    answer = httpx.post(url, headers=EXPO_KEY, data={"event_id": "1001", **form})
    assert answer.status_code == 200, answer.text
    result: dict[str, object] = answer.json()
    return result


def test_an_active_expoplatform_visitor_reimported_with_defaults_stays_active(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    live = {"email": "ann0@example.com", "first_name": "Ann0", "last_name": "Lee0"}
    expo(sandbox, "set", live | {"status": "ACTIVE"})
    add_expo(isolated_home, sandbox)

    result = imported(isolated_home, "expo", people(tmp_path / "p.csv", 2))

    assert result.code == 0, result.out + result.err
    visitors = sandbox.runtime.state.expoplatform.snapshot()["1001"]["visitors"]
    status = {v["email"]: v["status"] for v in visitors}
    assert status["ann0@example.com"] == "ACTIVE"
    assert status["ann1@example.com"] == "UPLOADED"  # the platform's default, not ours


def test_an_unknown_expoplatform_category_refuses_its_row_and_the_run_goes_on(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    known = expo(sandbox, "setCategory", {"name": "Press"})["id"]
    source = tmp_path / "c.csv"
    source.write_text(
        "First Name,Last Name,Email,category_id\n"
        f"Ann,Lee,ann@example.com,{known}\n"
        "Bob,Ray,bob@example.com,999\n"
        f"Cy,Fox,cy@example.com,{known}\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps(
            {
                "version": 1,
                "platform": "expoplatform",
                "fields": {
                    "first_name": {"column": "First Name"},
                    "last_name": {"column": "Last Name"},
                    "email": {"column": "Email"},
                    "category_id": {"column": "category_id"},
                },
            }
        ),
        encoding="utf-8",
    )
    add_expo(isolated_home, sandbox)

    result = imported(isolated_home, "expo", source, "--mapping", str(mapping))

    assert result.code == 1, result.out + result.err
    summary = result.json()
    assert (summary["succeeded"], summary["refused"]) == (2, 1)
    visitors = sandbox.runtime.state.expoplatform.snapshot()["1001"]["visitors"]
    assert sorted(v["email"] for v in visitors) == ["ann@example.com", "cy@example.com"]


def test_a_forced_second_influencersoft_import_of_subscribed_leads_is_delivered(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    added = run_cli_process(
        isolated_home,
        "connector", "add", "is", "--platform", "influencersoft",
        "--set", f"base_url={sandbox.url('influencersoft/demo')}",
        "--set", "add_to_lists=1473249885.2899961004", *FAST, "--secret", "api_key",
        stdin=f"{API_KEY}\n",
    )  # fmt: skip
    assert added.code == 0, added.err
    source = people(tmp_path / "p.csv", 3)

    first = imported(isolated_home, "is", source)
    again = imported(isolated_home, "is", source, "--force")

    assert first.code == 0 and first.json()["succeeded"] == 3, first.out + first.err
    assert again.code == 0, again.out + again.err
    assert (again.json()["succeeded"], again.json()["refused"]) == (3, 0)
    assert all(c["writes"] == 2 for c in sandbox.contacts("demo").values())


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_ivvy_paid_registrations_are_pulled_with_their_contacts_emails(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    # events/get-registration-list.md: currentStatus 2 = Completed; no e-mail on a registration.
    add_ivvy(isolated_home, sandbox)
    out = tmp_path / "paid.csv"

    result = run_cli_process(
        isolated_home, "pull", "iv", str(out),
        "--set", "pull_source=registrations", "--set", "pull_event=3001",
        "--set", "pull_paid_only=true",
    )  # fmt: skip

    assert result.code == 0, result.out + result.err
    rows = read_csv(out)
    assert [r["Email"] for r in rows] == [f"reg{n}@example.com" for n in (1, 4, 7, 10)]
    assert {r["Status"] for r in rows} == {"Completed"}
    assert [r["Exhibitor"] for r in rows] == ["no", "yes", "no", "no"]


def test_ivvy_attendees_changed_since_are_filtered_here_as_the_list_takes_no_filter(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    add_ivvy(isolated_home, sandbox)
    pull = ("pull", "iv", "--set", "pull_source=attendees", "--set", "pull_event=3001")

    everything = run_cli_process(isolated_home, *pull[:2], str(tmp_path / "a.csv"), *pull[2:])
    later = run_cli_process(
        isolated_home, *pull[:2], str(tmp_path / "b.csv"), *pull[2:],
        "--set", "modified_since=2999-01-01 00:00:00",
    )  # fmt: skip

    assert everything.code == 0 and later.code == 0, everything.err + later.err
    assert len(read_csv(tmp_path / "a.csv")) == 12
    assert read_csv(tmp_path / "b.csv") == []
    assert "takes no filter" in later.out and "takes no filter" not in everything.out


def add_tentimes_with_small_requests(home: Path, sandbox: SandboxServer) -> None:
    added = run_cli_process(
        home,
        "connector", "add", "tt", "--platform", "10times",
        "--set", f"base_url={sandbox.url('10times')}", "--set", "event=1001",
        "--set", "channel=web", "--set", "max_attendees_per_request=2",
        *FAST, "--secret", "api_key",
        stdin=f"{API_KEY}\n",
    )  # fmt: skip
    assert added.code == 0, added.err


def order_csv(path: Path, prices: bool) -> Path:
    # Written by hand: one order of 5 tickets, 500.00 in all, its rows apart in the file.
    header = "First Name,Last Name,Email,Order No,Quantity,Order Total"
    header += ",Ticket Price" if prices else ""
    lines = [header]
    for i in range(5):
        line = f"Ann{i},Lee{i},ann{i}@example.com,ORD-1,5,500.00"
        lines.append(line + (",100.00" if prices else ""))
        if i == 1:
            lines.append("Solo,Guest,solo@example.com,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_10times_order_split_over_requests_carries_each_parts_own_totals(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    add_tentimes_with_small_requests(isolated_home, sandbox)

    result = imported(isolated_home, "tt", order_csv(tmp_path / "o.csv", prices=True))

    assert result.code == 0, result.out + result.err
    ordered = [a for a in sandbox.received()["10times"]["attendees"] if a["billing"]]
    assert len(ordered) == 5
    # Each request's billing: its own ticket count and total, never the whole order's again.
    parts = {(a["billing"]["quantity"], a["billing"]["ticketcost"]) for a in ordered}
    assert parts <= {("2", "200.00"), ("1", "100.00")}
    # Each attendee's share of its request's total adds up to the order's total once.
    shares = [float(a["billing"]["ticketcost"]) / int(a["billing"]["quantity"]) for a in ordered]
    assert sum(shares) == 500.0
    rows = list(HistoryStore().iter_rows(result.json()["run_id"], (RowStatus.DELIVERED,)))
    remarks = [r.reason for r in rows if "ORD-1" in r.reason]
    assert len(remarks) == 5 and "sent in parts" in remarks[0]


def test_a_split_order_without_ticket_prices_is_refused_saying_what_to_change(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    add_tentimes_with_small_requests(isolated_home, sandbox)

    result = imported(isolated_home, "tt", order_csv(tmp_path / "o.csv", prices=False))

    assert result.code == 1, result.out + result.err
    assert (result.json()["succeeded"], result.json()["refused"]) == (1, 5)
    received = sandbox.received()["10times"]["attendees"]
    assert [a["attendee"]["email"] for a in received] == ["solo@example.com"]
    rows = list(HistoryStore().iter_rows(result.json()["run_id"], (RowStatus.REFUSED,)))
    assert "max_attendees_per_request" in rows[0].reason


def test_expoplatform_pull_changed_since_sends_the_timestamp_as_set(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    for i in range(3):
        expo(sandbox, "set", {"email": f"v{i}@example.com", "first_name": "V", "last_name": f"{i}"})
    add_expo(isolated_home, sandbox)
    pull = ("pull", "expo")

    everything = run_cli_process(
        isolated_home, *pull, str(tmp_path / "a.csv"), "--set", "modified_since=2000-01-01 00:00:00"
    )
    later = run_cli_process(
        isolated_home, *pull, str(tmp_path / "b.csv"), "--set", "modified_since=2999-01-01 00:00:00"
    )

    assert everything.code == 0 and later.code == 0, everything.err + later.err
    assert len(read_csv(tmp_path / "a.csv")) == 3
    assert read_csv(tmp_path / "b.csv") == []


def test_an_influencersoft_lead_without_email_is_sent_when_a_phone_reaches_it(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    # seed 002: "if not specified, it will be created without email".
    added = run_cli_process(
        isolated_home,
        "connector", "add", "is", "--platform", "influencersoft",
        "--set", f"base_url={sandbox.url('influencersoft/demo')}", *FAST, "--secret", "api_key",
        stdin=f"{API_KEY}\n",
    )  # fmt: skip
    assert added.code == 0, added.err
    source = tmp_path / "leads.csv"
    source.write_text(
        "First Name,Email,Phone\nAnn,ann@example.com,\nBo,,+61 400 000 001\nCy,,\n",
        encoding="utf-8",
    )

    result = imported(isolated_home, "is", source)

    assert result.code == 1, result.out + result.err
    assert (result.json()["succeeded"], result.json()["refused"]) == (2, 1)
    phones = [c["fields"].get("lead_phone", "") for c in sandbox.contacts("demo").values()]
    assert len(phones) == 2 and any(p.replace(" ", "").endswith("400000001") for p in phones)


def test_a_connector_saved_by_the_earlier_version_no_longer_demotes_active_visitors(
    tmp_path: Path, isolated_home: Path, sandbox: SandboxServer
) -> None:
    """Profiles keep every setting, defaults included: one saved before status became optional
    holds "UPLOADED" as if chosen. Written here as that version wrote it (no format field)."""
    live = {"email": "ann0@example.com", "first_name": "Ann0", "last_name": "Lee0"}
    expo(sandbox, "set", live | {"status": "ACTIVE"})
    add_expo(isolated_home, sandbox)
    profile_file = next((isolated_home / "config").rglob("expo.json"))
    saved = json.loads(profile_file.read_text(encoding="utf-8"))
    saved.pop("format", None)
    saved["settings"]["status"] = "UPLOADED"
    profile_file.write_text(json.dumps(saved, indent=2), encoding="utf-8")

    result = imported(isolated_home, "expo", people(tmp_path / "p.csv", 1))

    assert result.code == 0, result.out + result.err
    visitors = sandbox.runtime.state.expoplatform.snapshot()["1001"]["visitors"]
    assert {v["email"]: v["status"] for v in visitors}["ann0@example.com"] == "ACTIVE"
    upgraded = json.loads(profile_file.read_text(encoding="utf-8"))
    assert upgraded["format"] == 2 and upgraded["settings"]["status"] == ""
