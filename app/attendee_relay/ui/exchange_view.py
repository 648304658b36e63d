"""A request and its response side by side, as a REST client shows them: status, time, pretty
bodies (the texts come already redacted from ``Redactor.request`` / ``Redactor.response``)."""

from __future__ import annotations

import http
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget


def status_text(status_code: int | None, elapsed_ms: int | None) -> str:
    """``200 OK · 45 ms``, or a sentence when nothing came back."""
    if status_code is None:
        return "No answer from the platform."
    try:
        phrase = http.HTTPStatus(status_code).phrase
    except ValueError:
        phrase = ""
    timing = f" · {elapsed_ms} ms" if elapsed_ms is not None else ""
    return f"{status_code} {phrase}".strip() + timing


def _pane(title: str, parent: QWidget) -> tuple[QWidget, QPlainTextEdit]:
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(f"<b>{title}</b>", box)
    text = QPlainTextEdit(box)
    text.setReadOnly(True)
    text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    text.setAccessibleName(title)
    label.setBuddy(text)
    layout.addWidget(label)
    layout.addWidget(text)
    return box, text


class ExchangeView(QWidget):
    """Status line above; request on the left, response on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel(self)
        self.status.setAccessibleName("Response status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setWordWrap(True)
        request_box, self.request = _pane("Request (secrets masked)", self)
        response_box, self.response = _pane("Response", self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(request_box)
        splitter.addWidget(response_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

    def show_exchange(
        self,
        request_text: str,
        response_text: str,
        status_code: int | None,
        elapsed_ms: int | None,
        summary: str = "",
    ) -> None:
        self.status.setText(
            f"<b>{status_text(status_code, elapsed_ms)}</b>"
            + (f" — {escape(summary)}" if summary else "")
        )
        self.request.setPlainText(request_text or "(nothing was sent)")
        self.response.setPlainText(response_text or "(no response)")

    def clear(self) -> None:
        self.status.clear()
        self.request.clear()
        self.response.clear()
