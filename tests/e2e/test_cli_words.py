"""`attendee-relay history` speaks the glossary's words: "Completed with errors", never the
stored ``completed_with_errors``."""

from __future__ import annotations

import re
from pathlib import Path

from e2e.helpers import add_tentimes


def test_history_names_states_in_words(cli, sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_tentimes(cli, sandbox, "tt")
    guests = tmp_path / "guests.csv"
    guests.write_text("Name,Email\nAna,ana@example.com\nBad,bad@\n", encoding="utf-8")
    assert cli("import", "tt", str(guests)).code == 1

    listing = cli("history").out
    assert "Completed with errors" in listing
    run_id = cli("history", "--json").json()[0]["run_id"]
    detail = cli("history", str(run_id)).out
    assert "Completed with errors" in detail and "row 3 refused" in detail
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", listing + detail)
