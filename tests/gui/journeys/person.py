"""A person at the keyboard: keys go to the focused widget, shortcuts and Alt+mnemonics through
Qt's shortcut map, buttons are found by the text on them. Nothing here calls a slot or a page's
method: what a test can do with these, a person can do with the app."""

from __future__ import annotations

import itertools
import re
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

W = TypeVar("W", bound=QWidget)

#: How long a person waits for a window or a page's background work.
PATIENCE_MS = 20_000
#: A mnemonic presses its button visibly: Qt clicks it 100 ms after the key.
MNEMONIC_CLICK_MS = 200


def visible_text(text: str) -> str:
    """A label's text as shown: mnemonic ampersands dropped, "&&" shown as "&"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class Person:
    """Drives the app as a person does, one window at a time."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot

    # ----- windows ----------------------------------------------------------------------------

    def sees_window(self, kind: type[W], timeout: int = PATIENCE_MS) -> W:
        """The newest visible top-level window of ``kind``, once it is the active window (the
        window manager, or a click on its title bar, gives a new window the keyboard)."""
        found: list[W] = []

        def shown() -> bool:
            found[:] = [
                w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
            ]
            return bool(found)

        self.qtbot.waitUntil(shown, timeout=timeout)
        window = found[-1]
        self.works_in(window)
        return window

    def works_in(self, window: QWidget) -> None:
        """Make ``window`` the one the keyboard talks to, as a click on its title bar does."""
        if QApplication.activeWindow() is not window:
            window.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)

    def no_window(self, kind: type[QWidget], timeout: int = PATIENCE_MS) -> None:
        self.qtbot.waitUntil(
            lambda: (
                not any(
                    isinstance(w, kind) and w.isVisible() for w in QApplication.topLevelWidgets()
                )
            ),
            timeout=timeout,
        )

    # ----- keyboard ---------------------------------------------------------------------------

    def focused(self) -> QWidget:
        # An open menu or combo box list takes the keys before any window does.
        widget = (
            QApplication.activePopupWidget()
            or QApplication.focusWidget()
            or QApplication.activeWindow()
        )
        assert widget is not None, "no window has the keyboard"
        return widget

    def presses(self, sequence: str) -> None:
        """Press a key or a combination ("Ctrl+I", "Alt+N", "Return", "Esc", "Tab")."""
        combination = QKeySequence(sequence)[0]
        modifiers = combination.keyboardModifiers()
        self.qtbot.keyClick(self.focused(), combination.key(), modifiers)
        # A person's next key comes after what this one queued has happened (an item view's
        # editor commits its cell on Enter through the event queue).
        QApplication.processEvents()
        if modifiers & Qt.KeyboardModifier.AltModifier:
            # A mnemonic "animates" its button's click: the click lands 100 ms later.
            self.qtbot.wait(MNEMONIC_CLICK_MS)

    def types(self, text: str) -> None:
        # Key by key to whatever has the keyboard then: the first key typed on a grid's cell
        # opens its editor, and the rest go to that editor.
        for char in text:
            self.qtbot.keyClicks(self.focused(), char)
            QApplication.processEvents()

    def clears_and_types(self, text: str) -> None:
        self.presses("Ctrl+A")
        self.presses("Delete")
        self.types(text)

    def tabs_to(self, accessible_name: str, limit: int = 60) -> QWidget:
        """Press Tab until the widget called ``accessible_name`` has the keyboard."""
        for _ in range(limit):
            if self.focused().accessibleName() == accessible_name:
                return self.focused()
            self.presses("Tab")
        raise AssertionError(f"Tab never reached {accessible_name!r}")

    # ----- mouse ------------------------------------------------------------------------------

    def button(self, window: QWidget, text: str) -> QAbstractButton:
        """The visible button in ``window`` whose shown text is ``text``."""
        matches = [
            b
            for b in window.findChildren(QAbstractButton)
            if b.isVisible() and visible_text(b.text()) == text
        ]
        assert matches, f"no visible button {text!r} in {window.windowTitle()!r}"
        return matches[0]

    def clicks(self, window: QWidget, text: str, timeout: int = PATIENCE_MS) -> None:
        """Click the button showing ``text`` once it is enabled (a person waits for it)."""
        self.qtbot.waitUntil(lambda: self.button(window, text).isEnabled(), timeout=timeout)
        self.qtbot.mouseClick(self.button(window, text), Qt.MouseButton.LeftButton)

    def waits_for(self, condition: object, timeout: int = PATIENCE_MS) -> None:
        """Wait for what a person would see (a text, an enabled button)."""
        assert callable(condition)
        self.qtbot.waitUntil(condition, timeout=timeout)


# ----- what the person reads ----------------------------------------------------------------

#: An identifier from the code (snake_case) or a lazy plural: neither belongs on screen.
_INTERNAL_WORDS = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\(s\)")


def visible_texts(window: QWidget) -> list[str]:
    """Every text shown in ``window``: title, labels, buttons, fields' placeholders, combo
    boxes, item views (cells and headers) and the status bar."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(visible_text(widget.text()))
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts.extend(_model_texts(widget.model()))
    if isinstance(window, QMainWindow):
        texts.append(window.statusBar().currentMessage())
    return [t for t in texts if t]


def _model_texts(model: QAbstractItemModel, limit: int = 200) -> list[str]:
    texts = []
    top = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
    for column in range(columns):
        texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
        for row in range(min(model.rowCount(top), limit)):
            texts.append(str(model.index(row, column).data() or ""))
    return texts


def internal_words(window: QWidget) -> list[str]:
    """The snake_case identifiers and "(s)" plurals among what ``window`` shows."""
    return [t for t in visible_texts(window) if _INTERNAL_WORDS.search(_without_markup(t))]


def _without_markup(text: str) -> str:
    # Rich text's tags, file paths and file names are not words a person reads as prose.
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(?:[A-Za-z]:)?[/\\][^\s]+", " ", text)
    return re.sub(r"[^\s]+\.(?:csv|tsv|txt|xlsx|xlsm|xls|json)\b", " ", text)


def mnemonic_clashes(window: QWidget) -> dict[str, list[str]]:
    """Alt+letters that more than one visible control of ``window`` claims (Qt then presses
    none of them: it only moves the focus between them)."""
    owners: dict[str, list[str]] = {}
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            text = widget.text()
            found = re.search(r"&([^&\s])", text.replace("&&", ""))
            if found:
                owners.setdefault(found.group(1).lower(), []).append(visible_text(text))
    return {key: names for key, names in owners.items() if len(names) > 1}


#: Controls a person works with; anything else taking a Tab stop is an invisible stop.
_CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QTabBar,
)


def tab_chain(person: Person, window: QWidget, limit: int = 400) -> list[QWidget]:
    """The widgets Tab visits in ``window``, from the focused one round to it again."""
    start = person.focused()
    chain = [start]
    for _ in range(limit):
        person.presses("Tab")
        current = person.focused()
        if current is start:
            return chain
        chain.append(current)
    names = [w.accessibleName() or type(w).__name__ for w in chain[-8:]]
    raise AssertionError(f"Tab never came back round in {window.windowTitle()!r}: {names}")


def tab_problems(person: Person, window: QWidget) -> list[str]:
    """What is wrong with ``window``'s Tab chain: a stop that is no control, or a visible,
    enabled control that Tab never reaches."""
    chain = tab_chain(person, window)
    problems = [
        f"Tab stops on a {type(w).__name__} ({w.accessibleName() or w.objectName()!r})"
        for w in chain
        if not isinstance(w, _CONTROLS)
    ]
    for widget in window.findChildren(QWidget):
        wanted = (
            isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox | QPushButton)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            # a combo or spin box's own line edit is reached through its box
            and not (
                isinstance(widget, QLineEdit)
                and isinstance(widget.parent(), QComboBox | QAbstractSpinBox)
            )
        )
        if wanted and widget not in chain:
            text = visible_text(widget.text()) if isinstance(widget, QPushButton) else ""
            what = (
                widget.accessibleName() or text or f"{type(widget).__name__} {widget.objectName()}"
            )
            problems.append(f"Tab never reaches {what!r}")
    return problems


def tab_order_jumps(person: Person, window: QWidget, within: QWidget) -> list[str]:
    """Where Tab goes back up the page: from a control to one drawn above it (by more than half
    a line) among the controls of ``within``. The round starts at the topmost control, so the
    one way back up allowed is the wrap from the last control to the first."""

    def area_of(widget: QWidget) -> QWidget | None:
        """The scrolled area (a table) ``widget`` is drawn inside, if any."""
        found, parent = None, widget.parentWidget()
        while parent is not None and parent is not within:
            if isinstance(parent, QAbstractScrollArea):
                found = parent
            parent = parent.parentWidget()
        return found

    def top(widget: QWidget) -> int:
        # A control inside a scrolled area (a table's row) counts where the area is drawn: rows
        # scrolled out of sight are not "below" what follows the table.
        shown = area_of(widget) or widget
        return shown.mapTo(within, shown.rect().topLeft()).y()

    chain = [w for w in tab_chain(person, window) if within.isAncestorOf(w)]
    if not chain:
        return []
    # The round starts at the topmost control; a table before the controls in its rows.
    first = min(range(len(chain)), key=lambda i: (top(chain[i]), area_of(chain[i]) is not None, i))
    chain = chain[first:] + chain[:first]
    jumps = []
    for before, after in itertools.pairwise(chain):
        if after.isAncestorOf(before):  # from a table's cell editor to the table: not upwards
            continue
        if top(after) < top(before) - before.fontMetrics().height() // 2:
            jumps.append(
                f"{before.accessibleName() or type(before).__name__} -> "
                f"{after.accessibleName() or type(after).__name__}"
            )
    return jumps
