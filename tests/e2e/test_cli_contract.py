"""DESIGN's CLI contract, checked as a script would use it: commands, exit codes, JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

from attendee_relay import __version__
from e2e.helpers import add_influencersoft, add_tentimes, run_cli_process, tentimes_add_args

FAST = ("--set", "rate_limit_per_minute=0")


def people_csv(path: Path, rows: list[tuple[str, ...]], header: str = "Name,Email") -> Path:
    path.write_text(header + "\n" + "\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_version_and_help(cli, isolated_home: Path) -> None:
    assert cli("--help").code == 0
    result = run_cli_process(isolated_home, "--version")
    assert result.code == 0 and __version__ in result.out


def test_bad_usage_exits_2_with_one_line(cli) -> None:
    for argv in (["import"], ["frobnicate"], ["connector", "add", "x"], ["history", "notanumber"]):
        result = cli(*argv)

        assert result.code == 2, argv
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err


def test_connector_lifecycle_never_shows_the_secret(cli, sandbox) -> None:
    add_tentimes(cli, sandbox, "tt")
    listed = cli("connector", "list", "--json")
    assert [c["name"] for c in listed.json()] == ["tt"]
    shown = cli("connector", "show", "tt")
    assert "secret api_key: in keychain" in shown.out and "sandbox-key" not in shown.out
    tested = cli("connector", "test", "tt")
    assert tested.code == 0 and "no test endpoint" in tested.out
    assert cli("connector", "remove", "tt").code == 0
    assert cli("connector", "show", "tt").code == 2


def test_a_bad_setting_is_one_sentence_and_exit_2(cli, sandbox) -> None:
    result = cli(
        "connector",
        "add",
        "tt",
        "--platform",
        "10times",
        "--set",
        "event=abc",
        "--set",
        "channel=web",
    )
    assert result.code == 2
    assert "event" in result.err and len(result.err.strip().splitlines()) == 1
    assert cli("connector", "add", "x", "--platform", "nope").code == 2


def test_a_wrong_key_exits_3_with_what_to_fix_and_keeps_rows_pending(
    cli, sandbox, tmp_path: Path
) -> None:
    result = cli(*tentimes_add_args(sandbox.url("10times"), "tt", *FAST), stdin="wrong-key\n")
    assert result.code == 0
    path = people_csv(tmp_path / "p.csv", [(f"P {i}", f"p{i}@example.com") for i in range(20)])

    result = cli("import", "tt", str(path), "--json")

    assert result.code == 3
    assert "key" in result.err.lower() or "key" in result.json()["message"].lower()
    assert result.json()["succeeded"] == 0 and result.json()["failed"] == 20
    assert sandbox.registrations(1001) == {}


def test_a_non_whitelisted_ip_stops_then_resume_finishes_after_the_fix(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", *FAST)
    sandbox.configure(tentimes_ip_allowed=False)
    path = people_csv(tmp_path / "p.csv", [(f"P {i}", f"p{i}@example.com") for i in range(10)])

    stopped = cli("import", "tt", str(path), "--json")

    assert stopped.code == 3
    assert "IP" in stopped.json()["message"]
    sandbox.configure(tentimes_ip_allowed=True)
    resumed = cli("resume", str(stopped.json()["run_id"]), "--json")
    assert resumed.code == 0, resumed.err
    assert resumed.json()["succeeded"] == 10
    assert len(sandbox.registrations(1001)) == 10


def test_an_unreachable_platform_exits_3(cli, tmp_path: Path) -> None:
    result = cli(*tentimes_add_args("http://127.0.0.1:9", "tt", *FAST), stdin="k-123456\n")
    assert result.code == 0
    path = people_csv(tmp_path / "p.csv", [("A B", "a@example.com")])

    result = cli("import", "tt", str(path))

    assert result.code == 3
    assert "Cannot connect to 127.0.0.1" in result.err + result.out


def test_dry_run_sends_nothing_and_shows_the_request_with_the_key_masked(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt")
    path = people_csv(tmp_path / "p.csv", [("Ana Núñez", "ana@example.com"), ("Bad", "bad@")])

    result = cli("import", "tt", str(path), "--dry-run")

    assert result.code == 1
    assert "attendee[0][name] = Ana Núñez" in result.out
    assert "key = ••••••" in result.out and "sandbox-key" not in result.out
    assert "row 3 refused" in result.out
    assert sandbox.stats().get("requests", 0) == 0
    assert cli("history", "--json").json() == []


def test_orders_go_in_one_request_with_billing_and_floor_links_are_kept(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", *FAST)
    path = people_csv(
        tmp_path / "orders.csv",
        [
            ("ORD-1", "Ann A", "ann@example.com", "Buyer One"),
            ("ORD-2", "Bo B", "bo@example.com", "Buyer Two"),
            ("ORD-1", "Cy C", "cy@example.com", "Buyer One"),
        ],
        header="Order #,Name,Email,Buyer Name",
    )

    result = cli("import", "tt", str(path), "--json")

    assert result.code == 0, result.err
    received = sandbox.received()["10times"]["attendees"]
    by_email = {a["attendee"]["email"]: a for a in received}
    assert by_email["ann@example.com"]["billing"]["orderNo"] == "ORD-1"
    assert by_email["cy@example.com"]["billing"]["orderNo"] == "ORD-1"
    assert sandbox.stats()["requests"] == 2
    from attendee_relay.core.history import HistoryStore

    rows = list(HistoryStore().iter_rows(result.json()["run_id"]))
    assert all(r.links.get("floorLink", "").startswith("https://") for r in rows)


def test_influencersoft_lists_and_tags_from_settings_and_rows(cli, sandbox, tmp_path: Path) -> None:
    add_influencersoft(
        cli,
        sandbox,
        "is",
        *FAST,
        "--set",
        "add_tags=expo2026",
        "--set",
        "add_to_lists=1473249885.2899961004",
    )
    path = people_csv(
        tmp_path / "p.csv",
        [("Ana", "Costa", "ana@example.com", "vip")],
        header="First Name,Last Name,Email,Tags",
    )
    mapping = json.loads(cli("map", "is", str(path)).out)
    mapping["fields"]["add_tags"] = {"column": "Tags"}
    (tmp_path / "m.json").write_text(json.dumps(mapping), encoding="utf-8")

    result = cli("import", "is", str(path), "--mapping", str(tmp_path / "m.json"), "--json")

    assert result.code == 0, result.err
    contact = sandbox.contacts("demo")["ana@example.com"]
    assert contact["tags"] == ["expo2026", "vip"]
    assert contact["lists"] == ["1473249885.2899961004"]


def test_push_shows_request_and_response_and_lands_in_history(cli, sandbox) -> None:
    result = cli(
        "connector",
        "add",
        "crm",
        "--platform",
        "10times-push",
        "--set",
        f"base_url={sandbox.url('push/crm')}",
        "--set",
        "custom_variables=eventId=42,eventName=Expo",
        "--set",
        "lead_type=exhibitor",
    )
    assert result.code == 0, result.err

    pushed = cli("push", "crm", "--field", "name=Zoë Brown", "--field", "email=zoe@example.com")

    assert pushed.code == 0, pushed.out + pushed.err
    assert "POST " in pushed.out and "HTTP 200" in pushed.out
    lead = sandbox.pushed()[0]["lead"]
    assert lead["name"] == "Zoë Brown" and lead["type"] == "exhibitor" and lead["eventId"] == "42"
    runs = cli("history", "--json").json()
    assert runs[0]["connector"] == "crm" and runs[0]["succeeded"] == 1


def test_history_json_lists_runs_newest_first_with_the_contract_keys(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", *FAST)
    path = people_csv(tmp_path / "p.csv", [("A B", "a@example.com")])
    cli("import", "tt", str(path))
    cli("import", "tt", str(path), "--force")

    runs = cli("history", "--json").json()

    assert [r["run_id"] for r in runs] == [2, 1]
    for key in (
        "run_id",
        "connector",
        "status",
        "total",
        "succeeded",
        "failed",
        "refused",
        "skipped",
    ):
        assert key in runs[0]
    assert runs[0]["succeeded"] == 1
    assert sum(sandbox.registrations(1001).values()) == 2
