"""ExpoPlatform and iVvy through the CLI against the sandbox: the issue's Done-when checks."""

from __future__ import annotations

from pathlib import Path

from attendee_relay.sandbox.config import IVVY_SECRET
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import API_KEY

FAST = ("--set", "rate_limit_per_minute=0")


def add_ivvy(cli, sandbox: SandboxServer, secret: str = IVVY_SECRET, *extra: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "connector", "add", "iv", "--platform", "ivvy",
        "--set", f"base_url={sandbox.url('ivvy')}",
        "--set", "batch_poll_interval_s=0.1",
        *FAST, *extra,
        "--secret", "api_key", "--secret", "api_secret",
        stdin=f"{API_KEY}\n{secret}\n",
    )  # fmt: skip
    assert result.code == 0, result.err


def add_expo(cli, sandbox: SandboxServer) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "connector", "add", "expo", "--platform", "expoplatform",
        "--set", f"base_url={sandbox.url('expoplatform')}",
        "--set", "event=1001", *FAST,
        "--secret", "api_key",
        stdin=f"{API_KEY}\n",
    )  # fmt: skip
    assert result.code == 0, result.err


def people(path: Path, count: int, tag: str = "") -> Path:
    lines = ["First Name,Last Name,Email,Attendee ID"]
    lines += [f"Ann{tag}{i},Lee{i},ann{i}@example.com,A-{i}" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_connector_test_passes_for_both_with_the_right_credentials(cli, sandbox) -> None:
    add_ivvy(cli, sandbox)
    add_expo(cli, sandbox)

    ivvy = cli("connector", "test", "iv")
    expo = cli("connector", "test", "expo")

    assert ivvy.code == 0 and "OK" in ivvy.out, ivvy.out + ivvy.err
    assert expo.code == 0 and "OK" in expo.out, expo.out + expo.err


def test_300_rows_reach_ivvy_exactly_once_every_call_signed(cli, sandbox, tmp_path: Path) -> None:
    add_ivvy(cli, sandbox)

    result = cli("import", "iv", str(people(tmp_path / "p.csv", 300)), "--json")

    assert result.code == 0, result.out + result.err
    assert result.json()["succeeded"] == 300
    ivvy = sandbox.runtime.state.ivvy.snapshot()
    contacts = ivvy["contacts"]
    assert len(contacts) == 300
    assert all(c["writes"] == 1 for c in contacts)
    assert {c["externalId"] for c in contacts} == {f"A-{i}" for i in range(300)}
    assert ivvy["calls"] and all(call["signature_ok"] for call in ivvy["calls"])
    assert any(call["namespace"] == "batch" for call in ivvy["calls"])


def test_a_wrong_ivvy_secret_exits_3_and_creates_nothing(cli, sandbox, tmp_path: Path) -> None:
    add_ivvy(cli, sandbox, "not-the-secret")

    result = cli("import", "iv", str(people(tmp_path / "p.csv", 20)))

    assert result.code == 3, result.out + result.err
    assert "api_secret" in (result.out + result.err)
    assert sandbox.runtime.state.ivvy.snapshot()["contacts"] == []


def test_expoplatform_creates_40_visitors_then_updates_them(cli, sandbox, tmp_path: Path) -> None:
    add_expo(cli, sandbox)
    source = people(tmp_path / "export.csv", 40)

    first = cli("import", "expo", str(source), "--json")
    again = cli("import", "expo", str(source), "--json", "--force")

    assert first.code == 0 and first.json()["succeeded"] == 40, first.out + first.err
    assert again.code == 0 and again.json()["succeeded"] == 40, again.out + again.err
    snapshot = sandbox.runtime.state.expoplatform.snapshot()
    visitors = snapshot["1001"]["visitors"]
    assert len(visitors) == 40
    assert all(v["event_id"] == "1001" and v["first_name"] and v["last_name"] for v in visitors)
    statuses = [entry["status"] for entry in snapshot["log"]]
    assert statuses == ["CREATE"] * 40 + ["UPDATE"] * 40
