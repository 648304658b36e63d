"""The mapping page explains each match (a badge with a tooltip), lists the columns nothing reads,
and offers last time's mapping for the same columns, with a way to match afresh."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.import_wizard.mapping_page import COL_MATCH, MappingPage
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId
from gui.import_wizard.test_import_wizard import WAIT_MS, OpenWizard, click_button, next_page


def _write(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _to_mapping(qtbot: QtBot, wizard: ImportWizard) -> MappingPage:
    next_page(qtbot, wizard)  # -> connector (pre-chosen)
    next_page(qtbot, wizard)  # -> mapping
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=WAIT_MS)
    return page


def _badge(page: MappingPage, field: str) -> tuple[str, str]:
    item = page.table.item(page.row_of(field), COL_MATCH)
    assert item is not None
    return item.text(), item.toolTip()


def test_badges_say_how_each_field_was_matched_and_unused_columns_are_listed(
    qtbot: QtBot, open_wizard: OpenWizard, tentimes_connector: str, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "iscritti.csv",
        ["Nome", "Cognome", "Indirizzo email", "Azienda", "Note interne"],
        [
            ["Giulia", "Esposito", "giulia@example.it", "Fiere Milano", "VIP"],
            ["Marco", "Bianchi", "marco@example.it", "Studio Bianchi", "relatore"],
        ],
    )
    wizard = open_wizard(initial_file=path, connector_name=tentimes_connector)
    page = _to_mapping(qtbot, wizard)

    text, tip = _badge(page, "email")
    assert text.startswith("synonym ") and text.endswith("%")
    assert "Indirizzo email" in tip and "values agree" in tip
    text, tip = _badge(page, "name")
    assert text.startswith("synonym ")
    assert "“Nome” + “Cognome”" in tip
    assert page.unmapped_label.isVisible()
    assert page.unmapped_label.text() == "Columns not sent: Note interne: “VIP”, “relatore”."
    assert not page.remembered_label.isVisible()

    combo = page.source_combo("company")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # "— not mapped —": the badge goes with the guess
    assert _badge(page, "company") == ("", "")
    assert "Azienda: “Fiere Milano”" in page.unmapped_label.text()


def test_a_mapping_confirmed_in_a_run_that_delivered_is_offered_next_time(
    qtbot: QtBot,
    open_wizard: OpenWizard,
    sandbox: SandboxServer,
    tentimes_connector: str,
    tmp_path: Path,
) -> None:
    headers = ["Feld 1", "Feld 2", "Feld 3"]
    first = _write(
        tmp_path / "woche1.csv",
        headers,
        [["Ana Costa", "ana@example.com", "Costa Lda"], ["Ben Ode", "ben@example.com", "Ode Ltd"]],
    )
    wizard = open_wizard(initial_file=first, connector_name=tentimes_connector)
    page = _to_mapping(qtbot, wizard)
    assert _badge(page, "email")[0].startswith("values ")  # the e-mails speak for themselves
    combo = page.source_combo("company")  # nothing says "Feld 3" is the company: a person does
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert combo.currentText() == "Column: Feld 3"
    next_page(qtbot, wizard)  # -> validation
    next_page(qtbot, wizard)  # -> preview
    with qtbot.waitSignal(wizard.runFinished, timeout=WAIT_MS):
        click_button(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentId() == PageId.RUN
    assert wizard.run_page.counters["delivered"].text() == "2"
    wizard.close()

    second = _write(
        tmp_path / "woche2.csv", headers, [["Cleo Park", "cleo@example.com", "Park AG"]]
    )
    again = open_wizard(initial_file=second, connector_name=tentimes_connector)
    page = _to_mapping(qtbot, again)

    assert page.remembered_label.isVisible()
    assert page.source_combo("company").currentText() == "Column: Feld 3"
    text, tip = _badge(page, "company")
    assert text == "as last time" and "same columns" in tip

    qtbot.mouseClick(page.fresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.remembered_label.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=WAIT_MS)
    assert page.source_combo("company").currentText() == "— not mapped —"


def test_a_wide_export_lists_a_dozen_unused_columns_and_counts_the_rest(
    qtbot: QtBot, open_wizard: OpenWizard, tentimes_connector: str, tmp_path: Path
) -> None:
    questions = [f"Frage {n}" for n in range(1, 31)]
    path = _write(
        tmp_path / "breit.csv",
        ["Vorname", "Nachname", "E-Mail", *questions],
        [["Ada", "Lovelace", "ada@example.org", *(["ja"] * 30)]],
    )
    wizard = open_wizard(initial_file=path, connector_name=tentimes_connector)
    page = _to_mapping(qtbot, wizard)

    text = page.unmapped_label.text()
    assert text.startswith("Columns not sent: Frage 1: “ja”; Frage 2: “ja”;")
    assert "Frage 12: “ja”; and 18 more." in text and "Frage 13" not in text


def test_a_header_its_values_contradict_is_shown_as_a_question(
    qtbot: QtBot, open_wizard: OpenWizard, tentimes_connector: str, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "vertauscht.csv",
        ["Name", "E-Mail", "Telefon"],
        [
            ["Ada Lovelace", "+44 20 7946 0018", "ada@example.org"],
            ["Alan Turing", "+44 20 7946 0019", "alan@example.org"],
        ],
    )
    wizard = open_wizard(initial_file=path, connector_name=tentimes_connector)
    page = _to_mapping(qtbot, wizard)

    text, tip = _badge(page, "phone")
    assert text == "check: values disagree"
    assert "“Telefon” is headed like Mobile, but 2 of 2 values look like e-mail addresses" in tip
    assert _badge(page, "email")[0] == "check: values disagree"
