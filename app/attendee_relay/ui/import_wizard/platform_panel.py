"""The source page's *From a platform* panel: choose a connector that can pull, fetch its list in
the background with progress and Cancel, optionally only what changed since the last sync."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attendee_relay.connectors.registry import connector_class
from attendee_relay.core.errors import InputError, TokenExpired
from attendee_relay.core.profiles import ProfileStore
from attendee_relay.core.pulling import PullProgress
from attendee_relay.ui.import_wizard.platform_pull import (
    PullChoice,
    PulledList,
    fetch,
    load_choice,
    pull_profiles,
    pulling_platform_titles,
    sign_in_again_text,
)
from attendee_relay.ui.import_wizard.session import SAMPLE_ROWS
from attendee_relay.ui.settings import last_choice, remember_choice
from attendee_relay.ui.tasks import run_in_background

#: Raw lines of a pulled list shown in the preview table (the header included).
PREVIEW_LINES = 25


class _ProgressRelay(QObject):
    """Carries the pull's progress from its worker thread to the GUI thread (queued)."""

    progressed = Signal(int, object)  # generation, PullProgress


class PlatformPanel(QWidget):
    """Pick a connector that can pull and fetch its list.

    Signals:
        pulled(object): a ``PulledList`` is ready (the caller owns it from then on).
        cleared(): the earlier list no longer applies (another connector, a new fetch).
        busyChanged(bool): a load or fetch started or ended.
    """

    pulled = Signal(object)
    cleared = Signal()
    busyChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._choice: PullChoice | None = None
        self._cancel: threading.Event | None = None
        self._busy = False
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._progressed)

        self.connector_list = QListWidget()
        self.connector_list.setAccessibleName("Source connectors")
        self.connector_list.currentItemChanged.connect(self._chosen)
        label = QLabel("&Source connector:")
        label.setBuddy(self.connector_list)
        self.connector_status = QLabel()
        self.connector_status.setAccessibleName("Source status")
        self.connector_status.setWordWrap(True)
        self.connector_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.only_changed_box = QCheckBox("Only what &changed since the last sync")
        self.only_changed_box.setAccessibleName("Only what changed since the last sync")
        self.only_changed_box.setToolTip(
            "Fetch only the records added or changed since the last sync from this connector "
            "(a few minutes' overlap is fetched again; rows delivered before are skipped)."
        )
        self.only_changed_box.setEnabled(False)
        self.fetch_button = QPushButton("&Fetch attendees")
        self.fetch_button.setAccessibleName("Fetch attendees")
        self.fetch_button.setToolTip("Read the list from the platform, every page.")
        self.fetch_button.setEnabled(False)
        self.fetch_button.clicked.connect(self.start_fetch)
        self.cancel_button = QPushButton("Cancel fetc&h")
        self.cancel_button.setAccessibleName("Cancel fetch")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_fetch)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Fetch progress")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.progress_bar.hide()  # shown while fetching
        self.progress_label = QLabel()
        self.progress_label.setAccessibleName("Fetch status")
        self.progress_label.setWordWrap(True)
        self.progress_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        buttons.addWidget(self.only_changed_box, 1)
        buttons.addWidget(self.fetch_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.connector_list)
        layout.addWidget(self.connector_status)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.progress_label)

    # ----- the connector ----------------------------------------------------------------------

    def refresh(self) -> None:
        """List the saved connectors that can pull (a few small JSON files: GUI thread is fine)."""
        current = self._choice.name if self._choice else last_choice("import/pull_connector")
        profiles = pull_profiles(ProfileStore().list())
        self.connector_list.blockSignals(True)
        self.connector_list.clear()
        for profile in profiles:
            title = connector_class(profile.platform).title
            item = QListWidgetItem(f"{profile.name} — {title}")
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            self.connector_list.addItem(item)
        self.connector_list.blockSignals(False)
        self._fit_list()
        if not profiles:
            self.connector_list.hide()
            self.connector_status.setText(
                "No saved connector can be fetched from yet. Close this wizard, click “Add "
                f"connector…” in the main window and add one for {_or(pulling_platform_titles())}"
                ", then start the import again."
            )
            return
        self.connector_list.show()
        names = [p.name for p in profiles]
        if current in names:
            self.connector_list.setCurrentRow(names.index(current))
        elif len(names) == 1:
            self.connector_list.setCurrentRow(0)
        else:
            self.connector_status.setText("Choose the connector to fetch the attendees from.")

    def _fit_list(self) -> None:
        """As tall as its entries, two to five of them: the preview below gets the rest."""
        view = self.connector_list
        rows = min(max(view.count(), 2), 5)
        row_height = view.sizeHintForRow(0) if view.count() else view.fontMetrics().height()
        view.setFixedHeight(rows * row_height + 2 * view.frameWidth() + 8)

    def choose(self, name: str) -> None:
        """Select connector ``name`` (as a click on it would)."""
        for row in range(self.connector_list.count()):
            if self.connector_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.connector_list.setCurrentRow(row)
                return
        raise KeyError(name)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        if self._choice is not None and self._choice.name == name:
            return
        self.cancel_fetch()
        self._generation += 1
        generation = self._generation
        self._choice = None
        self.cleared.emit()
        self.fetch_button.setEnabled(False)
        self.only_changed_box.setEnabled(False)
        self.progress_label.setText("")
        self.connector_status.setText(f"Loading {name} and its keys from the keychain…")
        self._set_busy(True)
        run_in_background(
            lambda: load_choice(name),
            lambda choice: self._choice_loaded(generation, choice),
            lambda error: self._choice_failed(generation, error),
            owner=self,
        )

    def _choice_loaded(self, generation: int, choice: PullChoice) -> None:
        if generation != self._generation:
            return
        self._choice = choice
        self._set_busy(False)
        remember_choice("import/pull_connector", choice.name)
        connector = choice.loaded.connector
        what = f"{choice.name}: {connector.title}, {choice.scope or 'all records'}."
        if choice.last_sync is None:
            self.connector_status.setText(f"{what} Never synced from here: everything is fetched.")
            self.only_changed_box.setChecked(False)
            self.only_changed_box.setEnabled(False)
        else:
            when = choice.last_sync.astimezone().strftime("%Y-%m-%d %H:%M")
            self.connector_status.setText(f"{what} Last synced {when}.")
            self.only_changed_box.setChecked(True)
            self.only_changed_box.setEnabled(True)
        self.fetch_button.setEnabled(True)
        self.fetch_button.setFocus()

    def _choice_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        self.connector_status.setText(str(error))

    # ----- fetching ---------------------------------------------------------------------------

    @Slot()
    def start_fetch(self) -> None:
        """Fetch the chosen connector's list in the background."""
        choice = self._choice
        if choice is None or self._cancel is not None:
            return
        self._generation += 1
        generation = self._generation
        cancel = self._cancel = threading.Event()
        only_changed = self.only_changed_box.isChecked() and self.only_changed_box.isEnabled()
        relay = self._relay
        self.cleared.emit()
        self.progress_bar.setRange(0, 0)  # the total is not known until the last page
        self.progress_bar.show()
        self.progress_label.setText(
            f"Fetching what changed in {choice.name} since the last sync…"
            if only_changed
            else f"Fetching every record of {choice.name}…"
        )
        self.fetch_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.connector_list.setEnabled(False)
        self.only_changed_box.setEnabled(False)
        self._set_busy(True)

        def report(progress: PullProgress) -> None:  # on the worker thread
            relay.progressed.emit(generation, progress)

        def work() -> PulledList:  # on a worker thread
            pulled = fetch(
                choice,
                only_changed=only_changed,
                cancel=cancel,
                on_progress=report,
                preview_lines=PREVIEW_LINES,
                sample_rows=SAMPLE_ROWS,
            )
            if cancel.is_set():  # cancelled (or the wizard closed) as the last page came in
                pulled.discard()
                raise InputError("The fetch was cancelled; nothing was kept.")
            return pulled

        run_in_background(
            work,
            lambda pulled: self._fetched(generation, pulled),
            lambda error: self._fetch_failed(generation, error),
            owner=self,
        )

    @Slot()
    def cancel_fetch(self) -> None:
        """Stop a running fetch before its next page (nothing is kept)."""
        if self._cancel is None:
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText("Cancelling after the page on its way…")

    @Slot(int, object)
    def _progressed(self, generation: int, progress: PullProgress) -> None:
        if generation != self._generation or self._cancel is None or self._cancel.is_set():
            return
        dropped = f", {progress.duplicates:,} duplicates dropped" if progress.duplicates else ""
        self.progress_label.setText(
            f"{_pages(progress.pages)} read, {progress.rows:,} records so far{dropped}…"
        )

    def _fetched(self, generation: int, pulled: PulledList) -> None:
        if generation != self._generation:
            pulled.discard()  # a newer fetch or another connector replaced it
            return
        self._fetch_ended()
        pages = _pages(pulled.snapshot.pages)
        if pulled.since:
            what = f"{pulled.count:,} records changed since the last sync ({pages})"
        else:
            what = f"{pulled.count:,} records ({pages})"
        text = f"Fetched {what} from {pulled.name}."
        if pulled.snapshot.duplicates:
            text += f" {pulled.snapshot.duplicates:,} duplicates were dropped."
        if not pulled.count:
            text += (
                " Nothing changed since the last sync: there is nothing to import."
                if pulled.since
                else " The list is empty: check the connector's event."
            )
        self.progress_label.setText(text)
        self.pulled.emit(pulled)

    def _fetch_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._fetch_ended()
        choice = self._choice
        if isinstance(error, TokenExpired) and choice is not None:
            text = sign_in_again_text(choice.name, str(choice.loaded.connector.title), error)
        else:
            text = str(error)
        self.progress_label.setText(text)

    def _fetch_ended(self) -> None:
        self._cancel = None
        self.progress_bar.hide()
        self.cancel_button.setEnabled(False)
        self.fetch_button.setEnabled(self._choice is not None)
        self.connector_list.setEnabled(True)
        self.only_changed_box.setEnabled(
            self._choice is not None and self._choice.last_sync is not None
        )
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    # ----- state ------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a connector is loading or a fetch is running."""
        return self._busy

    @property
    def fetching(self) -> bool:
        """Whether a fetch is running (Cancel applies)."""
        return self._cancel is not None

    def shutdown(self) -> None:
        """Stop a running fetch and ignore what any background work still delivers."""
        self.cancel_fetch()
        self._generation += 1


def _pages(count: int) -> str:
    return f"{count:,} page" + ("" if count == 1 else "s")


def _or(titles: list[str]) -> str:
    if len(titles) <= 1:
        return "".join(titles) or "a platform that can be fetched from"
    return ", ".join(titles[:-1]) + " or " + titles[-1]
