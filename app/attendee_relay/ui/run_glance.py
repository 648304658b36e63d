"""A run at a glance: delivered of total as a large figure and a bar, the time it took and its
rate, then what is left to do with the button that does it. Shown at the top of the results page
and of a run in the history window."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from attendee_relay.core.glossary import run_status_of, taken_and_rate
from attendee_relay.core.history import HistoryStore, RunCounts, RunInfo
from attendee_relay.ui.words import count, number

#: The bar's parts, in order, with the Okabe-Ito colours (told apart with any colour vision;
#: each part is also named with its number in the legend, so colour is never the only cue).
PARTS = (
    ("delivered", "#009E73"),
    ("refused", "#D55E00"),
    ("failed", "#CC79A7"),
    ("uncertain", "#E69F00"),
    ("skipped", "#999999"),
    ("not sent yet", "#56B4E9"),
)

#: Row numbers named in a line of "what is left to do"; the history lists them all.
_NAMED = 8


@dataclass(frozen=True, slots=True)
class Glance:
    """What the glance shows of one run (read on a worker thread)."""

    info: RunInfo
    duplicate_rows: list[int] = field(default_factory=list)
    changed_rows: list[int] = field(default_factory=list)

    @property
    def counts(self) -> RunCounts:
        return self.info.counts


def read_glance(store: HistoryStore, run_id: int) -> Glance:
    """The run and the rows its "what is left to do" names."""
    return Glance(
        store.get_run(run_id),
        [r.row_number for r in store.possible_duplicates(run_id, limit=_NAMED + 1)],
        [r.row_number for r in store.changed_not_sent(run_id, limit=_NAMED + 1)],
    )


def part_sizes(c: RunCounts) -> list[int]:
    """The rows in each of ``PARTS``."""
    return [c.delivered, c.refused, c.failed, c.uncertain, c.skipped, c.pending + c.in_flight]


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_NAMED])
    return (
        f"row {shown}"
        if len(numbers) == 1
        else f"rows {shown}" + (" …" if len(numbers) > _NAMED else "")
    )


class OutcomeBar(QWidget):
    """The rows of a run as coloured parts of one bar, in the order of ``PARTS``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sizes: list[int] = [0] * len(PARTS)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Rows by outcome")

    def sizeHint(self) -> QSize:
        return QSize(400, 18)

    def set_sizes(self, sizes: list[int]) -> None:
        self.sizes = sizes
        self.setAccessibleDescription(
            ", ".join(
                f"{number(n)} {name}" for (name, _c), n in zip(PARTS, sizes, strict=True) if n
            )
        )
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        total = sum(self.sizes)
        area = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(area, self.palette().base())
        x = area.left()
        for (_name, colour), size in zip(PARTS, self.sizes, strict=True):
            if not size or not total:
                continue
            width = area.width() * size / total
            painter.fillRect(QRectF(x, area.top(), width, area.height()), QColor(colour))
            x += width
        painter.setPen(self.palette().mid().color())
        painter.drawRect(area)


class RunGlance(QWidget):
    """How a run went, and the buttons for what is left.

    Signals:
        fixRequested: the person wants to fix the refused and failed rows (the grid below).
        resumeRequested: the person wants the rows not delivered yet sent.
        duplicatesRequested: the person wants to see the possible duplicates (in the history).
    """

    fixRequested = Signal()
    resumeRequested = Signal()
    duplicatesRequested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        offers_resume: bool = True,
        how_to_fix: str = "correct them in the grid below, then send them.",
    ) -> None:
        super().__init__(parent)
        self._how_to_fix = how_to_fix
        #: False where the window has its own Resume button (one button per action).
        self._offers_resume = offers_resume
        self.figure = QLabel(self)
        self.figure.setAccessibleName("Delivered of total")
        big = QFont(self.figure.font())
        big.setPointSizeF(big.pointSizeF() * 1.9)
        big.setBold(True)
        self.figure.setFont(big)
        self.timing = QLabel(self)
        self.timing.setAccessibleName("Time taken")
        self.timing.setWordWrap(True)
        self.bar = OutcomeBar(self)
        self.legend = QLabel(self)
        self.legend.setAccessibleName("Rows by outcome, in words")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setAccessibleName("Changes and duplicates")
        self.details.setWordWrap(True)
        self.todo = QLabel(self)
        self.todo.setAccessibleName("What is left to do")
        self.todo.setWordWrap(True)
        self.fix_button = QPushButton(self)
        self.fix_button.clicked.connect(self.fixRequested)
        self.resume_button = QPushButton(self)
        self.resume_button.clicked.connect(self.resumeRequested)
        self.duplicates_button = QPushButton(self)
        self.duplicates_button.clicked.connect(self.duplicatesRequested)
        buttons = QHBoxLayout()
        for button in (self.fix_button, self.resume_button, self.duplicates_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.figure)
        top.addWidget(self.timing, 1, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.legend)
        layout.addWidget(self.details)
        layout.addWidget(self.todo)
        layout.addLayout(buttons)
        self.show_glance(None)

    def show_glance(self, glance: Glance | None) -> None:
        """Fill the glance from a run (None: no run)."""
        if glance is None:
            self.figure.setText("")
            for label in (self.timing, self.legend, self.details, self.todo):
                label.setText("")
            self.bar.set_sizes([0] * len(PARTS))
            for button in (self.fix_button, self.resume_button, self.duplicates_button):
                button.hide()
            return
        info, c = glance.info, glance.counts
        self.figure.setText(f"{number(c.delivered)} of {number(c.total)} delivered")
        taken = taken_and_rate(info, c.delivered)
        self.timing.setText(
            f"Run {info.run_id}: {run_status_of(info)}" + (f", {taken}." if taken else ".")
        )
        sizes = part_sizes(c)
        self.bar.set_sizes(sizes)
        self.legend.setText(
            "&nbsp;&nbsp; ".join(
                f'<span style="color:{colour}">■</span>&nbsp;{number(n)}&nbsp;{name}'
                for (name, colour), n in zip(PARTS, sizes, strict=True)
                if n
            )
        )
        self.details.setText(" ".join(_details(glance)))
        self._show_todo(glance)

    def _show_todo(self, glance: Glance) -> None:
        c = glance.counts
        fixable = c.refused + c.failed
        not_sent = c.pending + c.in_flight + c.uncertain + c.failed
        lines = []
        if fixable:
            lines.append(f"{count(fixable, 'row')} to fix: {self._how_to_fix}")
        if c.pending + c.in_flight + c.uncertain:
            lines.append(
                f"{count(c.pending + c.in_flight + c.uncertain, 'row')} not delivered yet."
            )
        if c.possible_duplicates:
            lines.append(
                f"{count(c.possible_duplicates, 'possible duplicate')} on the platform "
                f"({_rows(glance.duplicate_rows)}): an answer was lost and the row was sent again."
            )
        if c.changed_not_sent:
            lines.append(
                f"{count(c.changed_not_sent, 'changed row')} not sent "
                f"({_rows(glance.changed_rows)}): the platform cannot update a record."
            )
        if c.held_elsewhere:
            lines.append(
                f"{count(c.held_elsewhere, 'row')} left to another run, not delivered by it."
            )
        self.todo.setText(" ".join(lines) if lines else "Nothing left to do.")
        self.fix_button.setText(f"&Fix {count(fixable, 'row')}")
        self.fix_button.setVisible(bool(fixable))
        self.resume_button.setText(f"Resume {number(not_sent)} &pending")
        self.resume_button.setVisible(
            self._offers_resume and bool(c.pending + c.in_flight + c.uncertain)
        )
        self.duplicates_button.setText(
            f"&Check {count(c.possible_duplicates, 'possible duplicate')}"
        )
        self.duplicates_button.setVisible(bool(c.possible_duplicates))


def _details(glance: Glance) -> list[str]:
    """The counts against earlier deliveries, in words."""
    c = glance.counts
    said = []
    if c.updated:
        said.append(f"{count(c.updated, 'record')} updated.")
    if c.unchanged:
        said.append(f"{count(c.unchanged, 'row')} unchanged since delivered, not sent again.")
    if c.changed_not_sent:
        said.append(f"{count(c.changed_not_sent, 'row')} changed but not sent.")
    if c.claimed_elsewhere:
        said.append(f"{count(c.claimed_elsewhere, 'row')} left to another run delivering them.")
    return said
