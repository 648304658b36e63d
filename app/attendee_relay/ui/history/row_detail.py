"""One row's whole story: what was read, what was sent, the platform's answer, why, and links."""

from __future__ import annotations

import json
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from attendee_relay.core.history.models import RowView
from attendee_relay.core.redaction import registered_redactor
from attendee_relay.ui.history.rows_model import row_email
from attendee_relay.ui.words import link_label


def _pretty(text: str) -> str:
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


class RowDetail(QWidget):
    """Facts on top (links clickable), then the record sent and the answer, secrets masked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setOpenExternalLinks(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.facts.setAccessibleName("Row facts")
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Row data and platform answer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.facts)
        layout.addWidget(self.text, 1)
        self.show_row(None)

    def show_row(self, row: RowView | None) -> None:
        if row is None:
            self.facts.setText(
                "<i>Select a row to see what was sent and what the platform answered.</i>"
            )
            self.text.clear()
            return
        redact = registered_redactor().text
        facts = [
            ("Row", str(row.row_number)),
            ("Status", row.status.value.replace("_", " ")),
            ("Attendee", row.identity or row_email(row)),
            ("Attempts", str(row.attempts)),
        ]
        if row.reason:
            facts.append(("Reason", redact(row.reason)))
        if row.warnings:
            facts.append(("Warnings", redact(row.warnings)))
        if row.settled:
            facts.append(("Note", redact(row.settled)))
        if row.remote_id:
            facts.append(("Platform id", row.remote_id))
        html = "".join(f"<b>{escape(k)}:</b> {escape(v)}<br>" for k, v in facts)
        for name, url in row.links.items():
            html += f"<b>{escape(link_label(name))}:</b> <a href='{escape(url, quote=True)}'>{escape(url)}</a><br>"
        self.facts.setText(html)
        # A row stopped before sending (refused, skipped, still pending) was never sent.
        heading = "Sent (as mapped)" if row.attempts else "Mapped (not sent)"
        parts = [f"── {heading} ──", json.dumps(row.record, indent=2, ensure_ascii=False)]
        parts += [
            "",
            "── Platform's answer ──",
            redact(_pretty(row.answer)) if row.answer else "(none)",
        ]
        parts += [
            "",
            "── Read from the file ──",
            json.dumps(row.source, indent=2, ensure_ascii=False),
        ]
        self.text.setPlainText("\n".join(parts))
