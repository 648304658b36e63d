"""Drive the import wizard to a page, waiting for each page's background work (tests, screenshots)."""

from __future__ import annotations

from collections.abc import Callable

from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId

#: Waits until a condition holds, running the event loop meanwhile (e.g. ``qtbot.waitUntil``).
Wait = Callable[[Callable[[], bool]], None]


def walk_to(wizard: ImportWizard, page: PageId, wait: Wait) -> None:
    """Press Next until ``page`` is shown, each time once the current page is complete.

    The wizard must have been given its file and connector (``initial_file``,
    ``connector_name``). Walking past ``PageId.PREVIEW`` starts the real import; to show the
    results page, the run must end first.
    """
    while wizard.currentId() < page:
        current = wizard.currentPage()
        wait(current.isComplete)
        wizard.next()
        if wizard.currentId() < 0 or wizard.currentPage() is current:
            raise RuntimeError(f"The wizard did not move on from page {current.title()!r}.")
