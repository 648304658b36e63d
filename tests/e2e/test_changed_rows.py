"""Re-importing a corrected file: an update where the platform upserts, a question where it cannot.

A coordinator fixes one attendee's company and imports the file again. ExpoPlatform updates a
visitor with the same e-mail, so that row is sent as an update and the other skipped as
unchanged. 10times would register the person a second time, so nothing is sent, and the report
says what changed; ``--resend-changed`` sends it anyway.
"""

from __future__ import annotations

from pathlib import Path

from e2e.helpers import API_KEY, add_tentimes

FAST = ("--set", "rate_limit_per_minute=0")


def write(path: Path, company_of_bo: str) -> Path:
    path.write_text(
        "First Name,Last Name,Email,Company\r\n"
        "Ada,Nowak,ada@example.com,Acme\r\n"
        f"Bo,Li,bo@example.com,{company_of_bo}\r\n",
        encoding="utf-8",
    )
    return path


def test_expoplatform_updates_the_changed_attendee_and_skips_the_unchanged(
    cli, sandbox, tmp_path: Path
) -> None:
    added = cli(
        "connector", "add", "expo", "--platform", "expoplatform",
        "--set", f"base_url={sandbox.url('expoplatform')}", "--set", "event=1001", *FAST,
        "--secret", "api_key", stdin=f"{API_KEY}\n",
    )  # fmt: skip
    assert added.code == 0, added.err
    path = tmp_path / "visitors.csv"
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        '{"version": 1, "platform": "expoplatform", "fields": {'
        '"first_name": {"column": "First Name"}, "last_name": {"column": "Last Name"},'
        '"email": {"column": "Email"}, "company": {"column": "Company"}}}',
        encoding="utf-8",
    )
    first = cli("import", "expo", str(write(path, "Globex")), "--mapping", str(mapping), "--json")
    assert first.code == 0 and first.json()["succeeded"] == 2, first.out + first.err

    again = cli(
        "import", "expo", str(write(path, "Globex Ltd")), "--mapping", str(mapping), "--json"
    )
    human = cli("history", str(again.json()["run_id"]))

    summary = again.json()
    assert again.code == 0, again.out + again.err
    assert (summary["succeeded"], summary["updated"], summary["unchanged"]) == (1, 1, 1)
    assert summary["skipped"] == 1 and summary["changed_not_sent"] == 0
    visitors = sandbox.runtime.state.expoplatform.snapshot()["1001"]["visitors"]
    assert len(visitors) == 2
    bo = next(v for v in visitors if v["email"] == "bo@example.com")
    assert bo["company"] == "Globex Ltd"
    assert "unchanged" in human.out or "Already delivered" in human.out


def test_10times_sends_nothing_for_a_changed_row_until_asked(cli, sandbox, tmp_path: Path) -> None:
    add_tentimes(cli, sandbox, "tt", *FAST)
    path = tmp_path / "guests.csv"
    first = cli("import", "tt", str(write(path, "Globex")), "--json")
    assert first.code == 0 and first.json()["succeeded"] == 2, first.out + first.err
    requests = sandbox.stats()["requests"]

    again = cli("import", "tt", str(write(path, "Globex Ltd")), "--json")
    shown = cli("history", str(again.json()["run_id"]))
    assert sandbox.stats()["requests"] == requests, "a changed row was sent to 10times"
    summary = again.json()
    assert again.code == 0, again.out + again.err
    assert (summary["succeeded"], summary["changed_not_sent"], summary["unchanged"]) == (0, 1, 1)
    assert "Globex → Globex Ltd" in shown.out, shown.out

    resent = cli("import", "tt", str(path), "--resend-changed", "--json")
    assert resent.code == 0, resent.out + resent.err
    assert (resent.json()["succeeded"], resent.json()["unchanged"]) == (1, 1)
    # 10times registered Bo a second time: not an update, a duplicate the report owns up to.
    assert (resent.json()["updated"], resent.json()["possible_duplicates"]) == (0, 1)
    assert sandbox.registrations(1001) == {"ada@example.com": 1, "bo@example.com": 2}


def test_a_correction_taken_back_is_a_change_again(cli, sandbox, tmp_path: Path) -> None:
    added = cli(
        "connector", "add", "expo", "--platform", "expoplatform",
        "--set", f"base_url={sandbox.url('expoplatform')}", "--set", "event=1001", *FAST,
        "--secret", "api_key", stdin=f"{API_KEY}\n",
    )  # fmt: skip
    assert added.code == 0, added.err
    path = tmp_path / "visitors.csv"
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        '{"version": 1, "platform": "expoplatform", "fields": {'
        '"email": {"column": "Email"}, "first_name": {"column": "First Name"},'
        '"last_name": {"column": "Last Name"}, "company": {"column": "Company"}}}',
        encoding="utf-8",
    )
    for company in ("Bletchley Co", "Manchester Uni"):
        cli("import", "expo", str(write(path, company)), "--mapping", str(mapping))

    back = cli("import", "expo", str(write(path, "Bletchley Co")), "--mapping", str(mapping),
               "--json")  # fmt: skip

    assert (back.json()["updated"], back.json()["unchanged"]) == (1, 1), back.out
    visitors = sandbox.runtime.state.expoplatform.snapshot()["1001"]["visitors"]
    assert next(v for v in visitors if v["email"] == "bo@example.com")["company"] == "Bletchley Co"


def test_resuming_a_finished_run_sends_nothing_and_leaves_it_as_it_was(
    cli, sandbox, tmp_path: Path
) -> None:
    add_tentimes(cli, sandbox, "tt", *FAST)
    first = cli("import", "tt", str(write(tmp_path / "g.csv", "Globex")), "--json")
    before = cli("history", "1", "--json").json()

    again = cli("resume", "1")

    assert again.code == 0 and "nothing left to send" in again.err, again.out + again.err
    after = cli("history", "1", "--json").json()
    assert first.json()["succeeded"] == 2
    assert (after["status"], after["finished_at"]) == (before["status"], before["finished_at"])
