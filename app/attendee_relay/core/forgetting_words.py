"""Forgetting personal data as a person asks for it, in the app and on the command line alike:
never while a run is reading or sending rows, and what was forgotten said in words."""

from __future__ import annotations

from attendee_relay.core.errors import InputError
from attendee_relay.core.glossary import count_of
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.forgetting import Forgotten


def forget_when_idle(
    store: HistoryStore,
    *,
    email: str | None = None,
    run_id: int | None = None,
    older_than_days: int | None = None,
) -> Forgotten:
    """``HistoryStore.forget``, refused with one sentence while a run is in progress.

    Raises:
        InputError: no such run, or a run is in progress.
    """
    if run_id is not None:
        store.get_run(run_id)  # one sentence if there is no such run
    live = [r.run_id for r in store.list_runs() if r.status in ("running", "preparing")]
    if live:
        # A run reading or sending rows would send the emptied ones (or lose them): wait.
        raise InputError(
            f"Run {live[0]} is in progress; forget once it has finished (or stop it first)."
        )
    return store.forget(email=email, run_id=run_id, older_than_days=older_than_days)


def forgotten_in_words(done: Forgotten) -> str:
    """What a forget did, in a sentence."""
    if not done.rows:
        return "Nothing to forget: no row of the history matches."
    rows, runs = count_of(done.rows, "row"), count_of(done.runs, "run")
    return (
        f"Forgot the personal data of {rows} in {runs}; their counts and the marks that prevent "
        "sending anyone twice stay. The history file was rewritten."
    )
