"""The import wizard's *From a platform* source against the sandbox over real HTTP: GEVME attendees
into 10times in one sync run, a delta sync, a refused sign-in, Cancel during the fetch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from attendee_relay.core import paths
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId
from gui.import_wizard.test_import_wizard import click_button, next_page

OpenWizard = Callable[..., ImportWizard]
WAIT_MS = 20_000


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.waitUntil(widget.isEnabled, timeout=WAIT_MS)  # type: ignore[attr-defined]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def fetch_from(qtbot: QtBot, wizard: ImportWizard, *, only_changed: bool | None = None) -> None:
    """Choose *From a platform*, wait for the (only) source connector, press Fetch."""
    page = wizard.file_page
    click(qtbot, page.platform_radio)
    panel = page.platform_panel
    qtbot.waitUntil(panel.fetch_button.isEnabled, timeout=WAIT_MS)
    if only_changed is not None and panel.only_changed_box.isChecked() != only_changed:
        click(qtbot, panel.only_changed_box)
    click(qtbot, panel.fetch_button)


def choose_target(qtbot: QtBot, wizard: ImportWizard, name: str) -> None:
    connectors = wizard.connector_page.connector_list
    item = connectors.findItems(name, Qt.MatchFlag.MatchStartsWith)[0]
    qtbot.mouseClick(
        connectors.viewport(),
        Qt.MouseButton.LeftButton,
        pos=connectors.visualItemRect(item).center(),
    )


def listed_targets(wizard: ImportWizard) -> list[str]:
    connectors = wizard.connector_page.connector_list
    return [connectors.item(i).text() for i in range(connectors.count())]


def pulled_files() -> list[str]:
    folder = paths.data_dir() / "pulls"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def sync_into(qtbot: QtBot, wizard: ImportWizard, target: str) -> int:
    """From the fetched list to a finished run into ``target``; returns the run id."""
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=WAIT_MS)
    with qtbot.waitSignal(wizard.runFinished, timeout=WAIT_MS) as finished:
        next_page(qtbot, wizard)  # -> connector
        choose_target(qtbot, wizard, target)
        next_page(qtbot, wizard)  # -> mapping
        next_page(qtbot, wizard)  # -> validation
        next_page(qtbot, wizard)  # -> preview
        click_button(qtbot, wizard, QWizard.WizardButton.CommitButton)  # "Start import"
    return int(finished.args[0])


def test_gevme_attendees_reach_tentimes_in_one_sync_run(
    qtbot: QtBot,
    open_wizard: OpenWizard,
    sandbox: SandboxServer,
    gevme_connector: str,
    tentimes_connector: str,
) -> None:
    wizard = open_wizard()
    fetch_from(qtbot, wizard)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=WAIT_MS)
    panel = wizard.file_page.platform_panel
    assert "Fetched 40 records (1 page) from gv" in panel.progress_label.text()
    assert not panel.only_changed_box.isEnabled()  # never synced: everything is fetched
    assert wizard.file_page.preview_table.item(0, 0).text() == "Email"
    assert len(pulled_files()) == 1

    next_page(qtbot, wizard)  # -> connector: GEVME takes no attendees, so only 10times is offered
    assert [t.split(" — ")[0] for t in listed_targets(wizard)] == [tentimes_connector]
    run_id = sync_into_from_connector_page(qtbot, wizard, tentimes_connector)

    assert wizard.run_page.counters["delivered"].text() == "40"
    assert len(sandbox.registrations("1001")) == 40
    run = HistoryStore().get_run(run_id)
    assert run.kind == "sync" and run.counts.delivered == 40
    assert pulled_files() == []  # the personal-data copy is gone once the rows are in history


def sync_into_from_connector_page(qtbot: QtBot, wizard: ImportWizard, target: str) -> int:
    with qtbot.waitSignal(wizard.runFinished, timeout=WAIT_MS) as finished:
        choose_target(qtbot, wizard, target)
        next_page(qtbot, wizard)  # -> mapping
        # The canonical columns match by themselves: nothing to fix before Next.
        qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=WAIT_MS)
        next_page(qtbot, wizard)  # -> validation
        next_page(qtbot, wizard)  # -> preview
        click_button(qtbot, wizard, QWizard.WizardButton.CommitButton)
    return int(finished.args[0])


def test_a_second_sync_fetches_only_what_changed(
    qtbot: QtBot,
    open_wizard: OpenWizard,
    sandbox: SandboxServer,
    gevme_connector: str,
    tentimes_connector: str,
) -> None:
    first = open_wizard()
    fetch_from(qtbot, first)
    sync_into(qtbot, first, tentimes_connector)
    first.close()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    for index in (3, 7):
        sandbox.runtime.state.touch_attendee("2001", index, now)

    second = open_wizard()
    panel = second.file_page.platform_panel
    click(qtbot, second.file_page.platform_radio)
    qtbot.waitUntil(panel.fetch_button.isEnabled, timeout=WAIT_MS)
    assert panel.only_changed_box.isChecked()  # checked by default once a sync exists
    assert "Last synced" in panel.connector_status.text()
    click(qtbot, panel.fetch_button)
    qtbot.waitUntil(second.file_page.isComplete, timeout=WAIT_MS)
    assert "Fetched 2 records changed since the last sync" in panel.progress_label.text()
    emails = {row.values["Email"] for row in second.session.sample_rows}
    assert emails == {"guest00003@example.org", "guest00007@example.org"}

    next_page(qtbot, second)  # -> connector
    choose_target(qtbot, second, tentimes_connector)
    next_page(qtbot, second)  # -> mapping
    next_page(qtbot, second)  # -> validation
    qtbot.waitUntil(lambda: second.validation_page.result is not None, timeout=WAIT_MS)
    assert second.validation_page.summary_label.text().startswith("2 rows")


def test_a_refused_sign_in_asks_to_sign_in_again(
    qtbot: QtBot, open_wizard: OpenWizard, sandbox: SandboxServer, gevme_connector: str
) -> None:
    sandbox.runtime.state.oauth.expire_access_tokens()
    sandbox.runtime.state.oauth.revoke_refresh_tokens()
    wizard = open_wizard()
    fetch_from(qtbot, wizard)
    panel = wizard.file_page.platform_panel
    qtbot.waitUntil(lambda: not panel.busy, timeout=WAIT_MS)
    text = panel.progress_label.text()
    assert "sign in again" in text and "Edit connector" in text and "Sign in with GEVME" in text
    assert "attendee-relay login gv" in text
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert panel.fetch_button.isEnabled()  # after signing in, the user can fetch again
    assert pulled_files() == []


def test_cancel_during_the_fetch_keeps_nothing_and_blocks_next(
    qtbot: QtBot, open_wizard: OpenWizard, sandbox: SandboxServer, gevme_connector: str
) -> None:
    sandbox.configure(gevme_attendee_count=2500, latency_ms=150)
    store = ProfileStore()
    profile = store.get(gevme_connector)
    store.save(profile.model_copy(update={"settings": {**profile.settings, "page_size": 10}}))
    wizard = open_wizard()
    fetch_from(qtbot, wizard)
    panel = wizard.file_page.platform_panel
    qtbot.waitUntil(lambda: "records so far" in panel.progress_label.text(), timeout=WAIT_MS)
    assert panel.cancel_button.isEnabled()
    click(qtbot, panel.cancel_button)
    qtbot.waitUntil(lambda: not panel.fetching, timeout=WAIT_MS)
    assert "cancelled" in panel.progress_label.text()
    assert not wizard.file_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert pulled_files() == []
    assert wizard.currentId() == PageId.SOURCE


def test_expoplatform_visitors_sync_into_tentimes_without_a_sign_in(
    qtbot: QtBot,
    open_wizard: OpenWizard,
    sandbox: SandboxServer,
    tentimes_connector: str,
) -> None:
    expo = sandbox.runtime.state.expoplatform
    with expo.lock:
        visitors = expo.event("1001").visitors
        for i in range(12):
            visitors[expo.next_id()] = {
                "email": f"visitor{i}@example.org",
                "first_name": f"Vi{i}",
                "last_name": "Sitor",
                "status": "ACTIVE",
            }
    ProfileStore().save(
        ConnectorProfile(
            name="expo",
            platform="expoplatform",
            settings={"base_url": sandbox.url("expoplatform"), "event": "1001"},
            secret_names=["api_key"],
        )
    )
    SecretStore().set("expo", "api_key", "sandbox-key")
    wizard = open_wizard()
    fetch_from(qtbot, wizard)
    run_id = sync_into(qtbot, wizard, tentimes_connector)
    assert wizard.run_page.counters["delivered"].text() == "12"
    assert sorted(sandbox.registrations("1001"))[:2] == [
        "visitor0@example.org",
        "visitor10@example.org",
    ]
    assert HistoryStore().get_run(run_id).kind == "sync"


def test_closing_the_wizard_mid_fetch_stops_it_and_keeps_no_copy(
    qtbot: QtBot, open_wizard: OpenWizard, sandbox: SandboxServer, gevme_connector: str
) -> None:
    sandbox.configure(gevme_attendee_count=2500, latency_ms=150)
    store = ProfileStore()
    profile = store.get(gevme_connector)
    store.save(profile.model_copy(update={"settings": {**profile.settings, "page_size": 10}}))
    wizard = open_wizard()
    fetch_from(qtbot, wizard)
    panel = wizard.file_page.platform_panel
    qtbot.waitUntil(lambda: "records so far" in panel.progress_label.text(), timeout=WAIT_MS)
    wizard.close()
    assert QThreadPool.globalInstance().waitForDone(WAIT_MS)  # the fetch stopped by itself
    assert pulled_files() == []
