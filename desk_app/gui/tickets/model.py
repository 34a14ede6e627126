"""The tickets list's model: one row per cached ticket, changed row by row as records arrive.

:meth:`TicketModel.upsert` and :meth:`TicketModel.remove` touch exactly one
row, so the view keeps its selection while the sync thread works; the
proxy (:class:`TicketFilter`) picks the rep's own tickets and their team's
unowned queue, filters by status and sorts by time to breach. The clock
columns move with :meth:`TicketModel.tick`, one signal for every row.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desk_app.domain.tickets import ACTIVE
from desk_app.gui.customer.display import moment
from desk_app.gui.offer.display import record_id
from desk_app.gui.tickets.display import (
    department_tier,
    next_breach,
    number_of,
    priority_name,
    status_name,
)

Clock = Callable[[], datetime]
AnyIndex = QModelIndex | QPersistentModelIndex

COL_NUMBER, COL_SUBJECT, COL_STATUS, COL_PRIORITY, COL_DEPARTMENT, COL_BREACH, COL_UPDATED = range(
    7
)
COLUMN_COUNT = 7
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
RECORD_ROLE = Qt.ItemDataRole.UserRole + 3
NO_CLOCK = float("inf")  # tickets without a running clock sort after every running one


def utc_now() -> datetime:
    return datetime.now(UTC)


class TicketModel(QAbstractTableModel):
    """Cached ticket records in arrival order, with an id → row index."""

    def __init__(self, *, clock: Clock = utc_now, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._records: list[dict[str, Any]] = []
        self._ids: list[uuid.UUID] = []
        self._index: dict[uuid.UUID, int] = {}
        self._headers = [
            self.tr("Number"),
            self.tr("Subject"),
            self.tr("Status"),
            self.tr("Priority"),
            self.tr("Department"),
            self.tr("Time to breach"),
            self.tr("Updated"),
        ]

    # --- changes ----------------------------------------------------------------------

    def load(self, records: Iterable[dict[str, Any]]) -> None:
        """Every row at once: when the window opens."""
        self.beginResetModel()
        self._records, self._ids, self._index = [], [], {}
        for record in records:
            self._index[record_id(record)] = len(self._records)
            self._ids.append(record_id(record))
            self._records.append(record)
        self.endResetModel()

    def upsert(self, record: dict[str, Any]) -> None:
        ticket_id = record_id(record)
        row = self._index.get(ticket_id)
        if row is None:
            row = len(self._records)
            self.beginInsertRows(QModelIndex(), row, row)
            self._records.append(record)
            self._ids.append(ticket_id)
            self._index[ticket_id] = row
            self.endInsertRows()
        else:
            self._records[row] = record
            self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    def remove(self, ticket_id: uuid.UUID) -> None:
        row = self._index.get(ticket_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._records[row]
        del self._ids[row]
        del self._index[ticket_id]
        for later, moved in enumerate(self._ids[row:], start=row):
            self._index[moved] = later
        self.endRemoveRows()

    def tick(self) -> None:
        """The clocks moved: one signal over the time-to-breach column."""
        if self._records:
            last = len(self._records) - 1
            self.dataChanged.emit(self.index(0, COL_BREACH), self.index(last, COL_BREACH))

    def row_of(self, ticket_id: uuid.UUID) -> int | None:
        return self._index.get(ticket_id)

    # --- Qt's model interface ------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == RECORD_ROLE:
            return record
        if column == COL_BREACH and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ForegroundRole,
            SORT_ROLE,
        ):
            clock = next_breach(record, self._clock())
            if role == Qt.ItemDataRole.DisplayRole:
                return clock.text()
            if role == Qt.ItemDataRole.ForegroundRole:
                return clock.colour()
            return NO_CLOCK if clock.seconds is None else clock.seconds
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, column)
        if role == SORT_ROLE:
            return (
                str(record.get("updated_at") or "")
                if column == COL_UPDATED
                else self._text(record, column)
            )
        return None

    def _text(self, record: dict[str, Any], column: int) -> str:
        if column == COL_NUMBER:
            return number_of(record)
        if column == COL_SUBJECT:
            return str(record.get("subject") or "")
        if column == COL_STATUS:
            return status_name(record.get("status"))
        if column == COL_PRIORITY:
            return priority_name(record.get("priority"))
        if column == COL_DEPARTMENT:
            return department_tier(record)
        return moment(record.get("updated_at"))


class TicketFilter(QSortFilterProxyModel):
    """The rep's tickets and their team's unowned queue, by status, soonest breach first.

    ``statuses`` ``None`` shows every status; the default is the active
    ones (new, open, pending). The rep's team is learnt from the user
    directory; until then every unowned ticket the feed brought counts as
    the team's (the feed only brings the rep's team's and store's).
    """

    def __init__(self, *, user_id: uuid.UUID, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._user_id = str(user_id)
        self._team_id: str | None = None
        self._statuses: frozenset[str] | None = frozenset(ACTIVE)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_team(self, team_id: uuid.UUID | None) -> None:
        team = None if team_id is None else str(team_id)
        if team != self._team_id:
            self.beginFilterChange()
            self._team_id = team
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_statuses(self, statuses: Iterable[str] | None) -> None:
        self.beginFilterChange()
        self._statuses = None if statuses is None else frozenset(statuses)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        record = model.data(model.index(source_row, 0, source_parent), RECORD_ROLE)
        if self._statuses is not None and record.get("status") not in self._statuses:
            return False
        owner = record.get("owner_id")
        if owner is not None:
            return str(owner) == self._user_id
        team = record.get("team_id")
        return self._team_id is None or team is None or str(team) == self._team_id
