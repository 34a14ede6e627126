"""The Tickets page beside the queue: the rep's tickets and the team's unowned queue.

The window feeds it cached ticket records (:meth:`TicketsPanel.load` once,
then :meth:`TicketsPanel.records_changed` with each batch of changes: one
row each, never a rebuild). Enter or a double-click on a row (``activated``) asks for the
ticket's page (``openRequested``).
"""

import uuid
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.store import LocalStore, RecordChange
from desk_app.domain.enums import TicketStatus
from desk_app.domain.tickets import ACTIVE
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.tickets.display import status_name
from desk_app.gui.tickets.model import (
    COL_BREACH,
    COL_DEPARTMENT,
    COL_NUMBER,
    COL_PRIORITY,
    COL_STATUS,
    COL_SUBJECT,
    COL_UPDATED,
    ID_ROLE,
    Clock,
    TicketFilter,
    TicketModel,
    utc_now,
)

TICK_MS = 30_000  # the clocks count minutes
COLUMN_WIDTHS = {
    COL_NUMBER: 72,
    COL_STATUS: 110,
    COL_PRIORITY: 64,
    COL_DEPARTMENT: 130,
    COL_BREACH: 96,
    COL_UPDATED: 110,
}


class TicketsPanel(QWidget):
    """A status filter above a table of tickets, sorted by time to breach."""

    openRequested = Signal(object)  # the ticket id

    def __init__(
        self, *, user_id: uuid.UUID, clock: Clock = utc_now, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("TicketsPanel")
        self.status_filter = QComboBox(objectName="ticketStatusFilter")
        self.status_filter.setAccessibleName(self.tr("Show tickets"))
        self.status_filter.addItem(self.tr("Active (new, open, pending)"), sorted(ACTIVE))
        for status in TicketStatus:
            self.status_filter.addItem(status_name(status), [status.value])
        self.status_filter.addItem(self.tr("All"), None)
        label = QLabel(self.tr("&Show:"))
        label.setBuddy(self.status_filter)
        self.count = QLabel(objectName="ticketCount")
        self.table = QTableView(objectName="ticketTable")
        self.table.setAccessibleName(self.tr("My tickets and my team's queue"))
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.status_filter, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        # models
        self.model = TicketModel(clock=clock, parent=self)
        self.proxy = TicketFilter(user_id=user_id, parent=self)
        self.proxy.setSourceModel(self.model)
        self.table.setModel(self.proxy)
        self._configure_table()
        self.proxy.sort(COL_BREACH, Qt.SortOrder.AscendingOrder)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        # connections
        self.status_filter.currentIndexChanged.connect(self._on_status_chosen)
        self.table.activated.connect(self._on_activated)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self._timer.timeout.connect(self.model.tick)
        self._timer.start()
        self._update_count()

    def _configure_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSortIndicator(COL_BREACH, Qt.SortOrder.AscendingOrder)

    # --- what the window calls ----------------------------------------------------------

    def load(self, records: Iterable[dict[str, Any]]) -> None:
        self.model.load(records)
        self._update_count()

    def records_changed(self, store: LocalStore, changes: list[RecordChange]) -> None:
        """One row per changed ticket."""
        for change in changes:
            if change.entity != "ticket":
                continue
            record = None if change.action == "removed" else store.record("ticket", change.id)
            if record is None:
                self.model.remove(change.id)
            else:
                self.model.upsert(record)

    def set_team(self, team_id: uuid.UUID | None) -> None:
        self.proxy.set_team(team_id)
        self._update_count()

    def shown_ids(self) -> list[uuid.UUID]:
        """The tickets listed, top to bottom."""
        return [self.proxy.index(row, 0).data(ID_ROLE) for row in range(self.proxy.rowCount())]

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    # --- inside -------------------------------------------------------------------------

    def _on_status_chosen(self, position: int) -> None:
        self.proxy.set_statuses(self.status_filter.itemData(position))
        self._update_count()

    def _on_activated(self, index: QModelIndex) -> None:
        ticket_id = index.data(ID_ROLE)
        if ticket_id is not None:
            self.openRequested.emit(ticket_id)

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        self.count.setText(self.tr("%n ticket(s)", "", shown))


def my_team(store: LocalStore, directory: UserDirectory, user_id: uuid.UUID) -> uuid.UUID | None:
    """The rep's team: from their cached agent profile, else from the user directory."""
    for profile in store.records("agent_profile"):
        if str(profile.get("user_id")) == str(user_id) and profile.get("team_id"):
            return uuid.UUID(str(profile["team_id"]))
    return directory.team_of(user_id)
