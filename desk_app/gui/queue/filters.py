"""What the rep sees of the queue: one channel or all, their own items or the team's, in order.

Why not ``QSortFilterProxyModel``: over a Python source model it fetches
every sort key through Python ``index()``/``data()`` calls, so sorting
10,000 rows (at load, on a header click, when the filter widens) took 2–3 s
here, and it re-filters and re-sorts every row on a ``dataChanged`` that
spans them, which made the 1 s clock tick cost 1.4 s. This proxy keeps the
visible rows as a sorted Python list of keys instead: a full sort or filter
change is one ``sorted()`` (about 0.1 s of CPU for 10,000 rows), a queue
event is a binary search and one insert, remove or move signal, and the
clock's ``dataChanged`` passes through as one signal.

The default order is "time to breach": the SLA column ascending, whose key
orders every channel by due time (running before paused before none), then
priority, then arrival. Every other column breaks ties by that same order.
"""

import bisect
import uuid
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desk_app.domain.enums import Channel
from desk_app.gui.queue.item import QueueItem
from desk_app.gui.queue.model import (
    ANSWERED_ROLES,
    COL_SLA,
    COLUMN_COUNT,
    ROW_FLAGS,
    SORT_ROLE,
    QueueModel,
)

AnyIndex = QModelIndex | QPersistentModelIndex
Key = tuple[Any, str, int]  # (column's key, time-to-breach key, id as int): unique per row


class Scope(StrEnum):
    MINE = "mine"  # assigned to the signed-in rep
    TEAM = "team"  # everything this desk receives


class _Descending:
    """A sort key that orders backwards, so a descending column keeps ascending tie-breaks."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and bool(self.key == other.key)

    def __lt__(self, other: "_Descending") -> bool:
        return bool(other.key < self.key)


class QueueFilterProxy(QAbstractTableModel):
    """The visible rows of a :class:`QueueModel`, filtered and sorted.

    Invariants: ``_keys`` is sorted and holds exactly one key per source row
    that passes the filters; ``_key_of`` maps those rows' ids to their keys;
    proxy row ``i`` is the source row whose ``number`` is ``_keys[i][-1]``.
    """

    def __init__(
        self, source: QueueModel, *, user_id: uuid.UUID, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._user_id = user_id
        self._channel: Channel | None = None
        self._scope = Scope.TEAM
        self._column = COL_SLA
        self._order = Qt.SortOrder.AscendingOrder
        self._keys: list[Key] = []
        self._key_of: dict[int, Key] = {}  # by QueueItem.number
        self._rebuild()
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._on_source_reset)
        source.rowsInserted.connect(self._on_rows_inserted)
        source.rowsAboutToBeRemoved.connect(self._on_rows_about_to_be_removed)
        source.dataChanged.connect(self._on_data_changed)

    # --- filters and order ---------------------------------------------------------------

    def set_channel(self, channel: Channel | None) -> None:
        """Show one channel, or every channel with ``None``."""
        if channel != self._channel:
            self._relayout(lambda: setattr(self, "_channel", channel))

    def set_scope(self, scope: Scope) -> None:
        if scope != self._scope:
            self._relayout(lambda: setattr(self, "_scope", scope))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) != (self._column, self._order) and 0 <= column < COLUMN_COUNT:

            def change() -> None:
                self._column, self._order = column, order

            self._relayout(change)

    def sort_by_time_to_breach(self) -> None:
        self.sort(COL_SLA, Qt.SortOrder.AscendingOrder)

    def accepts(self, item: QueueItem) -> bool:
        if self._channel is not None and item.channel != self._channel:
            return False
        return self._scope == Scope.TEAM or item.assigned_agent_id == self._user_id

    # --- mapping -------------------------------------------------------------------------

    def source_row(self, row: int) -> int:
        """The :class:`QueueModel` row shown at ``row``."""
        source_row = self._source.row_of_number(self._keys[row][-1])
        if source_row is None:
            raise LookupError(f"proxy row {row} has no source row")
        return source_row

    def _row_of_key(self, key: Key | None) -> int | None:
        return None if key is None else bisect.bisect_left(self._keys, key)

    # --- Qt's model interface ------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED_ROLES or not index.isValid():
            return None
        return self._source.cell(self.source_row(index.row()), index.column(), role)

    def multiData(self, index: AnyIndex, roles: QModelRoleDataSpan) -> None:
        if index.isValid():
            self._source.fill(self.source_row(index.row()), index.column(), roles)
        else:
            for role_data in roles:
                role_data.clearData()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        return self._source.headerData(section, orientation, role)

    # --- following the source ------------------------------------------------------------

    def _on_source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self._insert(self._source.item(row))

    def _on_rows_about_to_be_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self._drop(self._source.item(row).number)

    def _on_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int]
    ) -> None:
        if roles and SORT_ROLE not in roles:
            self._forward_display_change(top_left, bottom_right, roles)
            return
        for row in range(top_left.row(), bottom_right.row() + 1):
            self._update(self._source.item(row))

    def _forward_display_change(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int]
    ) -> None:
        """Values changed but no key or filter did (the clock): one signal, whatever the span."""
        if not self._keys:
            return
        if top_left.row() == bottom_right.row():
            row = self._row_of_key(self._key_of.get(self._source.item(top_left.row()).number))
            if row is None:
                return
            first = last = row
        else:
            first, last = 0, len(self._keys) - 1
        self.dataChanged.emit(
            self.index(first, top_left.column()), self.index(last, bottom_right.column()), roles
        )

    # --- one row -------------------------------------------------------------------------

    def _key(self, item: QueueItem) -> Key:
        primary = self._source.sort_key(item, self._column)
        if self._order == Qt.SortOrder.DescendingOrder:
            primary = _Descending(primary)
        return (primary, item.breach_key, item.number)

    def _insert(self, item: QueueItem) -> None:
        if not self.accepts(item):
            return
        key = self._key(item)
        row = bisect.bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(row, key)
        self._key_of[item.number] = key
        self.endInsertRows()

    def _drop(self, number: int) -> None:
        key = self._key_of.get(number)
        if key is None:
            return
        row = bisect.bisect_left(self._keys, key)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[row]
        del self._key_of[number]
        self.endRemoveRows()

    def _update(self, item: QueueItem) -> None:
        """Re-place one changed row: insert, remove, move or repaint it."""
        old = self._key_of.get(item.number)
        if old is None:
            self._insert(item)
            return
        if not self.accepts(item):
            self._drop(item.number)
            return
        new = self._key(item)
        row = bisect.bisect_left(self._keys, old)
        if new != old:
            # Qt counts the destination before the move: "in front of this row".
            before = bisect.bisect_left(self._keys, new)
            moves = before not in (row, row + 1)
            if moves:
                self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), before)
            del self._keys[row]
            row = bisect.bisect_left(self._keys, new)
            self._keys.insert(row, new)
            self._key_of[item.number] = new
            if moves:
                self.endMoveRows()
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    # --- every row -----------------------------------------------------------------------

    def _rebuild(self) -> None:
        items = (self._source.item(row) for row in range(self._source.rowCount()))
        self._keys = sorted(self._key(item) for item in items if self.accepts(item))
        self._key_of = {key[-1]: key for key in self._keys}

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply a filter or order change, keeping the selection on the same interactions."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        numbers = [self._keys[index.row()][-1] for index in before]
        change()
        self._rebuild()
        after = []
        for index, number in zip(before, numbers, strict=True):
            row = self._row_of_key(self._key_of.get(number))
            after.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
