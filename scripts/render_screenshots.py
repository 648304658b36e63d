"""Render the desktop app's windows and wizard pages offscreen into ``docs/screenshots/``.

Run: ``PYTHONPATH=app python scripts/render_screenshots.py [--scheme light|dark] [--out DIR]``. Everything
happens in a throw-away home (XDG dirs, a file keyring) against the in-process sandbox, so the
pictures show real data and a real import, and a real user's settings are never touched.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _isolate(home: Path) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(home / sub)
    os.environ["HOME"] = str(home)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    # The GEVME sign-in must not open a real browser: `true` takes the address and does nothing;
    # the script plays the browser itself (see _play_browser).
    os.environ["BROWSER"] = "true"


def _play_browser(url: str) -> None:
    """Do what a person's browser does with the sign-in address: follow the sandbox's
    authorization redirect back to the app's loopback listener."""
    import httpx

    with httpx.Client(timeout=10) as http:
        answer = http.get(url)
        http.get(answer.headers["location"])


def _guest_list(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Email", "Company", "Job Title", "Country"])
        for i in range(rows):
            email = f"guest{i}@example.org" if i % 37 else f"guest{i}(at)example.org"
            writer.writerow(
                [f"Guest{i}", "Example", email, "Northwind Events", "Planner", "Germany"]
            )
    return path


def main() -> int:  # noqa: PLR0915 - one straight walk through the app
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=None, help="default: docs/screenshots[/dark]")
    parser.add_argument(
        "--scheme",
        choices=("light", "dark"),
        default="light",
        help="the system colour scheme to render under (dark pictures go to docs/screenshots/dark)",
    )
    args = parser.parse_args()
    default_out = REPO / "docs" / "screenshots"
    out: Path = (
        args.out or (default_out / "dark" if args.scheme == "dark" else default_out)
    ).resolve()
    os.environ["ATTENDEE_RELAY_COLOR_SCHEME"] = args.scheme
    out.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.TemporaryDirectory()
    home = Path(tmp.name)
    _isolate(home)

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox, QWidget, QWizard

    from attendee_relay.ui.qt_logging import IGNORED_QT_MESSAGES

    def on_qt_message(_kind: object, _context: object, message: str) -> None:
        if not any(ignored in message for ignored in IGNORED_QT_MESSAGES):
            print(f"Qt: {message}", file=sys.stderr)

    qInstallMessageHandler(on_qt_message)
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("Attendee Relay")
    app.setApplicationName("attendee-relay")
    from attendee_relay.ui.theme import follow_system_scheme

    follow_system_scheme(app)  # as the app does: the scheme chosen with --scheme

    from attendee_relay.core.profiles import ProfileStore
    from attendee_relay.sandbox.config import SandboxConfig
    from attendee_relay.sandbox.server import SandboxServer
    from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard
    from attendee_relay.ui.history.window import HistoryWindow
    from attendee_relay.ui.main_window import MainWindow
    from attendee_relay.ui.sandbox_session import SandboxSession
    from attendee_relay.ui.settings import configure_settings
    from attendee_relay.ui.test_push import TestPushDialog

    configure_settings()
    shots: list[str] = []

    def wait(condition: Callable[[], bool], timeout_ms: int = 30_000) -> None:
        waited = 0
        while not condition():
            if waited > timeout_ms:
                raise SystemExit("Timed out waiting for the app (see the last picture written).")
            QTest.qWait(20)
            waited += 20

    def shot(widget: QWidget, name: str) -> None:
        QTest.qWait(120)  # let layouts settle and pending paints happen
        widget.grab().save(str(out / f"{name}.png"))
        shots.append(name)
        print(f"wrote {name}.png")

    sandbox = SandboxServer(SandboxConfig(latency_ms=25)).start()
    session = SandboxSession(port=0, latency_ms=25)
    window = MainWindow(sandbox=session)
    window.resize(1040, 640)
    window.show()
    window.refresh()
    wait(lambda: window.overview is not None)
    shot(window, "01-main-window-first-run")

    # --- the connector wizard, every page, to the sandbox's 10times ----------------------------
    wizard = ConnectorWizard(window)
    wizard.resize(820, 640)
    wizard.show()
    wizard.platform_page.select("10times")
    shot(wizard, "02-connector-wizard-platform")
    wizard.next()
    wizard.settings_page.name_edit.setText("summit-2025")
    form = wizard.settings_page.form
    assert form is not None
    for key, value in (
        ("base_url", sandbox.url("10times")),
        ("event", "1001"),
        ("channel", "box office"),
    ):
        editor = form.editors[key]
        assert isinstance(editor, QLineEdit)
        editor.setText(value)
    form.advanced_toggle.setChecked(True)
    rate = form.editors["rate_limit_per_minute"]
    assert isinstance(rate, QSpinBox)
    rate.setValue(6000)  # the sandbox takes it; the run below then lasts seconds, not a minute
    shot(wizard, "03-connector-wizard-settings")
    wizard.next()
    wizard.secrets_page.edits["api_key"].setText("sandbox-key")
    shot(wizard, "04-connector-wizard-secrets")
    wizard.next()
    wizard.test_page.send_button.click()
    wait(lambda: wizard.test_page.result.text().startswith(("✔", "✘")))
    shot(wizard, "05-connector-wizard-test")
    wizard.next()
    shot(wizard, "06-connector-wizard-summary")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait(lambda: ProfileStore().exists("summit-2025"))

    _platform_pages(
        wizard_factory=lambda: ConnectorWizard(window), sandbox=sandbox, shot=shot, wait=wait
    )

    # --- the import wizard, every page, the run page mid-import --------------------------------
    from attendee_relay.ui.import_wizard.walkthrough import walk_to
    from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId

    guests = _guest_list(home / "guests.csv", 1500)
    importer = ImportWizard(window, initial_file=guests, connector_name="summit-2025")
    importer.resize(980, 680)
    importer.show()
    names = {
        PageId.FILE: "07-import-file",
        PageId.CONNECTOR: "08-import-connector",
        PageId.MAPPING: "09-import-mapping",
        PageId.VALIDATION: "10-import-validation",
        PageId.PREVIEW: "11-import-preview",
    }
    for page, name in names.items():
        walk_to(importer, page, wait)
        wait(importer.currentPage().isComplete)
        shot(importer, name)
    progress: list[object] = []
    importer.bridge.progress.connect(progress.append)
    walk_to(importer, PageId.RUN, wait)
    wait(lambda: any(getattr(p, "done", 0) > 300 for p in progress))  # well into the run
    QTest.qWait(300)
    shot(importer, "12-import-run-mid-import")
    finished: list[int] = []
    importer.runFinished.connect(finished.append)
    wait(lambda: bool(finished), 120_000)
    walk_to(importer, PageId.RESULTS, wait)
    results = importer.results_page
    wait(lambda: results.grid.model().rowCount() > 0)
    importer.resize(980, 800)
    grid_model = results.grid.model()
    email_column = 1 + grid_model.headers.index("Email")  # type: ignore[attr-defined]
    grid_model.setData(grid_model.index(0, email_column), "guest0@example.org")  # one fixed
    results.grid.setCurrentIndex(grid_model.index(1, email_column))
    QTest.qWait(200)
    shot(importer, "13-import-results")
    importer.close()

    _sync_source_page(sandbox=sandbox, shot=shot, wait=wait)

    # --- main window with connectors and runs; history; test push -------------------------------
    window.refresh()
    wait(lambda: window.runs.count() > 0)
    window.connectors.select("summit-2025")
    shot(window, "14-main-window")

    history = HistoryWindow(window, run_id=finished[0])
    history.resize(1100, 720)
    history.show()
    wait(lambda: history.rows_model.total is not None and not history.rows_model.is_loading())
    history.row_status.setCurrentText("Refused")
    wait(lambda: history.rows_model.rowCount() > 0 and not history.rows_model.is_loading())
    history.rows_view.setCurrentIndex(history.rows_model.index(0, 0))
    shot(history, "15-history")
    history.close()

    dialog = TestPushDialog(window, connector_name="summit-2025")
    dialog.resize(1100, 640)
    dialog.show()
    wait(lambda: dialog.form is not None)
    assert dialog.form is not None
    dialog.form.editors["name"].setText("Ada Lovelace")
    dialog.form.editors["email"].setText("ada@example.org")
    dialog.form.editors["company"].setText("Analytical Engines")
    dialog.send_button.click()
    wait(lambda: dialog.result_label.text().startswith(("✔", "✘")))
    shot(dialog, "16-test-push")
    dialog.close()

    window.close()
    session.stop()
    sandbox.stop()
    del app
    tmp.cleanup()
    print(f"{len(shots)} pictures in {out}")
    return 0


def _platform_pages(
    *,
    wizard_factory: Callable[[], Any],
    sandbox: Any,
    shot: Callable[[Any, str], None],
    wait: Callable[..., None],
) -> None:
    """The pages some platforms add: GEVME's sign-in, ExpoPlatform's and iVvy's own lists."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    def start(platform: str, name: str, values: dict[str, str], secrets: dict[str, str]) -> Any:
        wizard = wizard_factory()
        wizard.resize(820, 640)
        wizard.show()
        wizard.platform_page.select(platform)
        wizard.next()
        wizard.settings_page.name_edit.setText(name)
        form = wizard.settings_page.form
        for key, value in values.items():
            editor = form.editors[key]
            assert isinstance(editor, QLineEdit)
            editor.setText(value)
        wizard.next()
        wait(lambda: wizard.secrets_page.keychain_ok)
        for key, value in secrets.items():
            wizard.secrets_page.edits[key].setText(value)
        wizard.next()
        return wizard

    # GEVME: waiting for the browser, then signed in.
    wizard = start(
        "gevme",
        "gevme-summit",
        {"base_url": sandbox.url("gevme"), "client_id": "sandbox-client", "event": "2001"},
        {"client_secret": "sandbox-secret"},
    )
    page = wizard.sign_in_page
    page.sign_in_button.click()
    wait(lambda: page.flow is not None)
    shot(wizard, "17-connector-wizard-gevme-sign-in")
    _play_browser(page.address.text())
    wait(lambda: page.status.text().startswith(("✔", "✘")))
    shot(wizard, "18-connector-wizard-gevme-signed-in")
    wizard.reject()

    # ExpoPlatform: the event's categories, one created from the wizard.
    wizard = start(
        "expoplatform",
        "expo-summit",
        {"base_url": sandbox.url("expoplatform"), "event": "1001"},
        {"api_key": "sandbox-key"},
    )
    wizard.test_page.test_button.click()
    wait(lambda: wizard.test_page.result.text().startswith(("✔", "✘")))
    wizard.next()
    lists = wizard.lists_page
    wait(lists.isComplete)
    for category in ("Visitor", "VIP", "Press"):
        lists.category_name.setText(category)
        lists.create_button.click()
        wait(lambda c=category: any(
            lists.boxes["categories"].list.item(i).text().startswith(c)
            for i in range(lists.boxes["categories"].list.count())
        ) and lists.isComplete())  # fmt: skip
    lists.boxes["categories"].list.setCurrentRow(1)
    shot(wizard, "19-connector-wizard-expoplatform-categories")
    wizard.reject()

    # iVvy: subscription groups, custom fields and lead choices from the account.
    wizard = start(
        "ivvy",
        "ivvy-au",
        {"base_url": sandbox.url("ivvy")},
        {"api_key": "sandbox-key", "api_secret": "sandbox-secret"},
    )
    wizard.next()
    lists = wizard.lists_page
    wait(lists.isComplete)
    lists.boxes["groups"].list.item(1).setCheckState(Qt.CheckState.Checked)
    lists.lead_box.setChecked(True)
    lists.boxes["lead_sources"].list.setCurrentRow(2)
    shot(wizard, "20-connector-wizard-ivvy-lists")
    wizard.reject()


def _sync_source_page(
    *, sandbox: Any, shot: Callable[[Any, str], None], wait: Callable[..., None]
) -> None:
    """The import wizard's source step *From a platform*: a signed-in GEVME connector's 2,500
    attendees fetched, ready to go into another connector."""
    import threading

    from attendee_relay.context import load_connector, oauth_client_of
    from attendee_relay.core.oauth import OAuthFlow, TokenStore
    from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
    from attendee_relay.core.secrets import SecretStore
    from attendee_relay.ui.import_wizard.wizard import ImportWizard

    ProfileStore().save(
        ConnectorProfile(
            name="gevme-summit",
            platform="gevme",
            settings={
                "base_url": sandbox.url("gevme"),
                "client_id": "sandbox-client",
                "event": "2001",
            },
            secret_names=["client_secret"],
        )
    )
    SecretStore().set("gevme-summit", "client_secret", "sandbox-secret")

    def browse(url: str) -> bool:  # the listener answers while wait() runs: visit meanwhile
        threading.Thread(target=_play_browser, args=(url,), daemon=True).start()
        return True

    flow = OAuthFlow(oauth_client_of(load_connector("gevme-summit")), opener=browse)
    flow.start()
    flow.open_browser()
    TokenStore().save("gevme-summit", flow.wait())

    importer = ImportWizard()
    importer.resize(980, 680)
    importer.show()
    page = importer.file_page
    page.platform_radio.click()
    panel = page.platform_panel
    wait(lambda: panel.connector_list.count() > 0)
    panel.choose("gevme-summit")
    wait(panel.fetch_button.isEnabled)
    panel.fetch_button.click()
    wait(page.isComplete, 60_000)
    shot(importer, "21-import-source-platform")
    importer.close()


if __name__ == "__main__":
    raise SystemExit(main())
