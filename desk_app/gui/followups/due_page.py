"""The "Due now" page of the left column: my due follow-ups, and the team's overdue ones.

Each row is one follow-up (the record rides on the item); Open, Done and
Snooze act on the selected row (Enter or a double-click opens it). The
team's overdue list is only built for supervisors.
"""

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

RECORD_ROLE = Qt.ItemDataRole.UserRole
Row = tuple[Mapping[str, Any], str]  # (follow-up record, what the row says)


def _fill(widget: QListWidget, rows: list[Row]) -> None:
    """Redraw ``widget`` with ``rows``, keeping the selected follow-up selected."""
    current = widget.currentItem()
    kept = None if current is None else current.data(RECORD_ROLE)["id"]
    widget.clear()
    for record, text in rows:
        item = QListWidgetItem(text)
        item.setData(RECORD_ROLE, record)
        item.setToolTip(text)
        widget.addItem(item)
        if record["id"] == kept:
            widget.setCurrentItem(item)
    if widget.currentItem() is None and widget.count():
        widget.setCurrentRow(0)


class DuePage(QWidget):
    """Signals carry the record: ``openRequested``, ``doneRequested``, ``snoozeRequested``."""

    openRequested = Signal(dict)
    doneRequested = Signal(dict)
    snoozeRequested = Signal(dict)

    def __init__(self, *, supervisor: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("duePage")
        heading = QLabel(self.tr("<b>Due now</b>"))
        self.due = QListWidget(objectName="dueList")
        self.due.setAccessibleName(self.tr("My due follow-ups"))
        self.due.setWordWrap(True)
        self.due.setSpacing(2)
        self.empty = QLabel(self.tr("Nothing due."), objectName="nothingDue")
        self.open_button = QPushButton(self.tr("&Open"), objectName="openFollowUp")
        self.done_button = QPushButton(self.tr("D&one"), objectName="doneFollowUp")
        self.snooze_button = QPushButton(self.tr("&Snooze 15 min"), objectName="snoozeFollowUp")
        buttons = QHBoxLayout()
        for button in (self.open_button, self.done_button, self.snooze_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.due, 2)
        layout.addLayout(buttons)
        self.team: QListWidget | None = None
        if supervisor:
            self.team = QListWidget(objectName="teamOverdue")
            self.team.setAccessibleName(self.tr("Team overdue follow-ups"))
            self.team.setWordWrap(True)
            self.team.setSpacing(2)
            self.team.itemActivated.connect(self._open_item)
            layout.addWidget(QLabel(self.tr("<b>Team overdue</b>")))
            layout.addWidget(self.team, 1)
        # connections
        self.due.itemActivated.connect(self._open_item)
        self.open_button.clicked.connect(lambda: self._act(self.openRequested))
        self.done_button.clicked.connect(lambda: self._act(self.doneRequested))
        self.snooze_button.clicked.connect(lambda: self._act(self.snoozeRequested))
        # populate
        self.show_due([])

    def show_due(self, rows: list[Row]) -> None:
        _fill(self.due, rows)
        self.empty.setVisible(not rows)
        for button in (self.open_button, self.done_button, self.snooze_button):
            button.setEnabled(bool(rows))

    def show_team(self, rows: list[Row]) -> None:
        if self.team is not None:
            _fill(self.team, rows)

    def due_texts(self) -> list[str]:
        return [self.due.item(row).text() for row in range(self.due.count())]

    def team_texts(self) -> list[str]:
        team = self.team
        return [] if team is None else [team.item(row).text() for row in range(team.count())]

    def _act(self, signal: Any) -> None:
        item = self.due.currentItem()
        if item is not None:
            signal.emit(item.data(RECORD_ROLE))

    def _open_item(self, item: QListWidgetItem) -> None:
        self.openRequested.emit(item.data(RECORD_ROLE))
