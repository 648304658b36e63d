"""The API key appears nowhere: not in our files, logs, history, reports or anything printed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from attendee_relay.sandbox.config import InfluencerSoftAccount, SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import run_cli_process, tentimes_add_args

SECRET = "Sk-LEAK/CHECK+5f4e3d2c1b"


def test_the_api_key_is_nowhere_after_a_full_session(tmp_path: Path, isolated_home: Path) -> None:
    config = SandboxConfig(
        tentimes_keys=frozenset({SECRET}),
        influencersoft_accounts={"demo": InfluencerSoftAccount(key=SECRET)},
    )
    people = tmp_path / "people.csv"
    people.write_text(
        "Name,Email\nAna Costa,ana@example.com\nBad Row,not-an-email\n", encoding="utf-8"
    )
    outputs: list[str] = []
    with SandboxServer(config) as sandbox:

        def run(*argv: str, stdin: str = "") -> int:
            result = run_cli_process(isolated_home, "--verbose", *argv, stdin=stdin)
            outputs.extend([result.out, result.err])
            return result.code

        assert run(*tentimes_add_args(sandbox.url("10times")), stdin=SECRET + "\n") == 0
        assert (
            run(
                "connector",
                "add",
                "is",
                "--platform",
                "influencersoft",
                "--set",
                f"base_url={sandbox.url('influencersoft/demo')}",
                "--secret",
                "api_key",
                stdin=SECRET + "\n",
            )
            == 0
        )
        run("connector", "show", "tt")
        run("connector", "show", "tt", "--json")
        run("connector", "test", "tt")
        run("map", "tt", str(people))
        run("import", "tt", str(people), "--dry-run")
        assert run("import", "tt", str(people), "--errors", str(tmp_path / "errors.csv")) == 1
        assert run("import", "is", str(people), "--json") == 1
        run("push", "tt", "--field", "name=Bo Li", "--field", "email=bo@example.com")
        run("push", "is", "--field", "lead_email=bo@example.com", "--json")
        run("history")
        run("history", "1", "--json")
        # a setup failure path too: the platform refuses, its message is printed
        sandbox.configure(tentimes_keys=frozenset({"another-key"}))
        assert run("import", "tt", str(people), "--force") == 3
        assert sum(sandbox.registrations(1001).values()) >= 2

    forms = {SECRET, quote(SECRET, safe=""), quote(SECRET)}
    for text in outputs:
        assert not any(f in text for f in forms), text
    scanned = 0
    for path in [*isolated_home.rglob("*"), tmp_path / "errors.csv"]:
        if path.is_file():
            scanned += 1
            data = path.read_bytes()
            for form in forms:
                assert form.encode() not in data, f"the key is in {path}"
    assert scanned >= 4  # profiles, history database, log file, error report at least
    assert any(p.suffix == ".log" for p in isolated_home.rglob("*")), "no log file was written"
