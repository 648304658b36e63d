"""The import wizard driven as a person does: type a path, click through, watch the run, stop it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from attendee_relay.core.history import HistoryStore
from attendee_relay.core.resuming import prepare_resume
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId

SAMPLE_CSV = Path(__file__).resolve().parents[3] / "resources" / "sample_attendees.csv"

OpenWizard = Callable[..., ImportWizard]
WAIT_MS = 20_000


def click_button(qtbot: QtBot, wizard: ImportWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    qtbot.waitUntil(button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def next_page(qtbot: QtBot, wizard: ImportWizard) -> None:
    before = wizard.currentId()
    click_button(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == before + 1


def choose_file(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    edit = wizard.file_page.path_edit
    edit.setFocus()
    qtbot.keyClicks(edit, str(path))
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def walk_to_run(qtbot: QtBot, wizard: ImportWizard, connector: str) -> None:
    """From the file page (file chosen) to the run page, clicking as a person does."""
    next_page(qtbot, wizard)  # -> connector
    item = wizard.connector_page.connector_list.findItems(connector, Qt.MatchFlag.MatchStartsWith)
    rect = wizard.connector_page.connector_list.visualItemRect(item[0])
    qtbot.mouseClick(
        wizard.connector_page.connector_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=rect.center(),
    )
    next_page(qtbot, wizard)  # -> mapping
    next_page(qtbot, wizard)  # -> validation
    next_page(qtbot, wizard)  # -> preview
    click_button(qtbot, wizard, QWizard.WizardButton.CommitButton)  # "Start import"
    assert wizard.currentId() == PageId.RUN


def test_import_runs_from_file_to_finished_against_the_sandbox(
    qtbot: QtBot, open_wizard: OpenWizard, sandbox: SandboxServer, tentimes_connector: str
) -> None:
    wizard = open_wizard()
    choose_file(qtbot, wizard, SAMPLE_CSV)
    qtbot.waitUntil(lambda: "column names on row 1" in wizard.file_page.detected_label.text())
    assert wizard.file_page.preview_table.item(0, 3).text() == "Email"

    with qtbot.waitSignal(wizard.runFinished, timeout=WAIT_MS) as finished:
        walk_to_run(qtbot, wizard, tentimes_connector)
    run_id = finished.args[0]

    assert wizard.run_page.counters["delivered"].text() == "30"
    assert wizard.run_page.counters["refused"].text() == "1"
    next_page(qtbot, wizard)  # -> results
    assert "30 delivered, 1 refused" in wizard.results_page.counts_label.text()
    assert len(sandbox.registrations("1001")) == 30
    assert HistoryStore().get_run(run_id).counts.delivered == 30

    with qtbot.waitSignal(wizard.openHistoryRequested) as asked:
        qtbot.mouseClick(wizard.results_page.history_button, Qt.MouseButton.LeftButton)
    assert asked.args == [run_id]


def test_an_error_report_still_open_in_excel_is_explained_in_a_dialog(
    qtbot: QtBot,
    open_wizard: OpenWizard,
    sandbox: SandboxServer,
    tentimes_connector: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = open_wizard(initial_file=SAMPLE_CSV)
    qtbot.waitUntil(wizard.file_page.isComplete)
    with qtbot.waitSignal(wizard.runFinished, timeout=WAIT_MS) as finished:
        walk_to_run(qtbot, wizard, tentimes_connector)
    next_page(qtbot, wizard)  # -> results
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    shown: list[str] = []

    def warning(parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    report = wizard.results_page.report_button
    qtbot.mouseClick(report, Qt.MouseButton.LeftButton)  # written, and opened in "Excel"
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=WAIT_MS)
    written = Path(opened[0].toLocalFile())
    written.chmod(0o444)  # Excel holds it: Windows will not replace it

    qtbot.mouseClick(report, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    assert f"{written} is read-only or open in another program; close it there" in shown[0]
    assert HistoryStore().get_run(finished.args[0]).counts.delivered == 30


def test_a_file_that_is_not_a_table_shows_why_and_blocks_next(
    qtbot: QtBot, open_wizard: OpenWizard, tmp_path: Path
) -> None:
    fake = tmp_path / "attendees.csv"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    wizard = open_wizard()
    choose_file(qtbot, wizard, fake)

    qtbot.waitUntil(lambda: wizard.file_page.error_text != "")
    assert "attendees.csv" in wizard.file_page.error_text
    assert wizard.file_page.error_label.isVisible()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_an_unmapped_required_field_blocks_next_with_its_name(
    qtbot: QtBot, open_wizard: OpenWizard, tentimes_connector: str
) -> None:
    wizard = open_wizard(initial_file=SAMPLE_CSV, connector_name=tentimes_connector)
    next_page(qtbot, wizard)  # -> connector (pre-chosen)
    next_page(qtbot, wizard)  # -> mapping
    page = wizard.mapping_page
    qtbot.waitUntil(wizard.button(QWizard.WizardButton.NextButton).isEnabled)

    combo = page.source_combo("email")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # the first choice: "— not mapped —"

    assert combo.currentText() == "— not mapped —"
    assert page.message_label.isVisible()
    assert "required" in page.message_label.text() and "E-mail" in page.message_label.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_setup_error_mid_run_stops_and_says_what_to_fix(
    qtbot: QtBot, open_wizard: OpenWizard, sandbox: SandboxServer, tentimes_connector: str
) -> None:
    wizard = open_wizard(initial_file=SAMPLE_CSV)
    qtbot.waitUntil(wizard.file_page.isComplete)
    sandbox.configure(tentimes_ip_allowed=False)

    with qtbot.waitSignal(wizard.runFinished, timeout=WAIT_MS):
        walk_to_run(qtbot, wizard, tentimes_connector)

    status = wizard.run_page.status_label.text()
    assert "whitelist" in status and "IP" in status
    assert wizard.run_page.result is not None and wizard.run_page.result.status == "stopped"
    assert "whitelist" in wizard.run_page.log_view.toPlainText()
    next_page(qtbot, wizard)
    assert "whitelist" in wizard.results_page.summary_label.text()
    assert wizard.results_page.retry_button.isEnabled()


def test_pause_holds_sending_and_cancel_leaves_the_run_resumable(
    qtbot: QtBot,
    open_wizard: OpenWizard,
    sandbox: SandboxServer,
    tentimes_connector: str,
    many_rows_csv: Path,
) -> None:
    sandbox.configure(latency_ms=40)
    wizard = open_wizard(initial_file=many_rows_csv)
    qtbot.waitUntil(wizard.file_page.isComplete)
    walk_to_run(qtbot, wizard, tentimes_connector)
    page = wizard.run_page
    qtbot.waitUntil(lambda: int(page.counters["delivered"].text().replace(",", "")) >= 5)

    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    assert page.resume_button.isEnabled() and not page.pause_button.isEnabled()
    qtbot.wait(600)  # requests in flight settle and the counters catch up
    held = len(sandbox.registrations("1001"))
    qtbot.wait(600)
    assert len(sandbox.registrations("1001")) == held

    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(sandbox.registrations("1001")) > held + 3)
    with qtbot.waitSignal(wizard.runFinished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)

    assert page.result is not None and page.result.status == "interrupted"
    store = HistoryStore()
    counts = store.get_run(finished.args[0]).counts
    assert counts.delivered == len(sandbox.registrations("1001")) < 200
    plan = prepare_resume(store, finished.args[0], wizard.session.loaded.connector)  # type: ignore[union-attr]
    assert store.counts(plan.run_id).pending == 200 - counts.delivered


def test_closing_during_a_run_asks_then_cancels_cleanly(
    qtbot: QtBot,
    open_wizard: OpenWizard,
    sandbox: SandboxServer,
    tentimes_connector: str,
    many_rows_csv: Path,
) -> None:
    sandbox.configure(latency_ms=40)
    wizard = open_wizard(initial_file=many_rows_csv)
    qtbot.waitUntil(wizard.file_page.isComplete)
    walk_to_run(qtbot, wizard, tentimes_connector)
    qtbot.waitUntil(lambda: wizard.session.run_id is not None)

    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    box = wizard.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert wizard.isVisible() and wizard.bridge.running
    stop = next(b for b in box.buttons() if "Stop" in b.text())
    with qtbot.waitSignal(wizard.runFinished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not wizard.isVisible())
    info = HistoryStore().get_run(finished.args[0])
    assert info.status == "interrupted"
    assert info.counts.unsettled == 200 - info.counts.delivered > 0


def test_custom_question_fields_are_added_by_name_and_templates_round_trip(
    qtbot: QtBot, open_wizard: OpenWizard, tentimes_connector: str
) -> None:
    wizard = open_wizard(initial_file=SAMPLE_CSV, connector_name=tentimes_connector)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    page = wizard.mapping_page
    qtbot.waitUntil(wizard.button(QWizard.WizardButton.NextButton).isEnabled)

    qtbot.keyClicks(page.extra_edit, "shoe size")
    qtbot.keyClick(page.extra_edit, Qt.Key.Key_Return)
    assert "no field called" in page.template_status.text()
    page.extra_edit.clear()
    qtbot.keyClicks(page.extra_edit, "response[42]")
    qtbot.keyClick(page.extra_edit, Qt.Key.Key_Return)
    combo = page.source_combo("response[42]")
    combo.setCurrentIndex(combo.findText("Column: Ticket Type"))
    assert "VIP" in page.table.item(page.row_of("response[42]"), 4).text()

    qtbot.keyClicks(page.template_name_edit, "Ticketing export")
    qtbot.mouseClick(page.save_template_button, Qt.MouseButton.LeftButton)
    assert "Saved" in page.template_status.text()
    page.source_combo("response[42]").setCurrentIndex(0)
    qtbot.mouseClick(page.load_template_button, Qt.MouseButton.LeftButton)
    assert page.source_combo("response[42]").currentText() == "Column: Ticket Type"
