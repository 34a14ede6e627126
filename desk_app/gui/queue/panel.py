"""The queue panel: filters above a table of every waiting and open interaction.

The main window feeds it cached records (:meth:`QueuePanel.load` once, then
:meth:`~QueuePanel.upsert` / :meth:`~QueuePanel.remove` per event) and
listens for :attr:`~QueuePanel.openRequested` (Enter or double-click on a row)
and :attr:`~QueuePanel.oldestDueChanged` (the status bar's SLA clock). The
table paints only what is visible and has no widget per row, so 10,000 items
cost no more to show than thirty.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.enums import Channel
from desk_app.gui.icons import icon
from desk_app.gui.queue.filters import QueueFilterProxy, Scope
from desk_app.gui.queue.model import (
    COL_CHANNEL,
    COL_CUSTOMER,
    COL_PRIORITY,
    COL_SLA,
    COL_SUBJECT,
    COL_WAITING,
    ID_ROLE,
    Clock,
    CustomerName,
    QueueModel,
    utc_now,
)
from desk_app.gui.queue.repaint import RepaintThrottle

TICK_MS = 1000
FILTER_CHANNELS = (Channel.VOICE, Channel.CHAT, Channel.EMAIL, Channel.TICKET)
# Every column fits the panel's default width (the subject takes what is left).
COLUMN_WIDTHS = {COL_CUSTOMER: 150, COL_PRIORITY: 72, COL_WAITING: 68, COL_SLA: 64}


class QueueTableView(QTableView):
    """A table that moves by rows: Home and End go to the first and last row, not column."""

    def moveCursor(
        self,
        cursor_action: QAbstractItemView.CursorAction,
        modifiers: Qt.KeyboardModifier,
    ) -> QModelIndex:
        if cursor_action in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(cursor_action, modifiers)


class QueuePanel(QWidget):
    """The queue: channel filter, mine/team toggle, count and table.

    Emits ``openRequested(uuid.UUID)`` when the rep opens a row and
    ``oldestDueChanged(datetime | None)`` when the earliest SLA among
    unanswered items moves.
    """

    openRequested = Signal(object)
    oldestDueChanged = Signal(object)

    def __init__(
        self,
        *,
        user_id: uuid.UUID,
        customer_name: CustomerName,
        clock: Clock = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self._oldest_due: datetime | None = None

        # UI
        self._channel_filter = QComboBox(objectName="queueChannelFilter")
        self._channel_filter.setAccessibleName(self.tr("Channel filter"))
        channel_label = QLabel(self.tr("Cha&nnel:"), objectName="queueChannelLabel")
        channel_label.setBuddy(self._channel_filter)
        self._mine = QRadioButton(self.tr("&Mine"), objectName="queueScopeMine")
        self._mine.setAccessibleName(self.tr("Show only interactions assigned to me"))
        self._team = QRadioButton(self.tr("&Team"), objectName="queueScopeTeam")
        self._team.setAccessibleName(self.tr("Show the whole team's queue"))
        self._team.setChecked(True)
        self._scope_group = QButtonGroup(self)
        self._scope_group.addButton(self._mine)
        self._scope_group.addButton(self._team)
        self._count = QLabel(objectName="queueCount")
        self._count.setAccessibleName(self.tr("Items in the queue"))
        self._table = QueueTableView(objectName="queueTable")
        self._table.setAccessibleName(self.tr("Queue"))
        self._configure_table()
        self._repaints = RepaintThrottle(self._table.viewport(), self._table)
        filters = QHBoxLayout()
        filters.addWidget(channel_label)
        filters.addWidget(self._channel_filter)
        filters.addSpacing(12)
        filters.addWidget(self._mine)
        filters.addWidget(self._team)
        filters.addStretch(1)
        filters.addWidget(self._count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self._table)

        # models
        self._model = QueueModel(customer_name=customer_name, clock=clock, parent=self)
        self._proxy = QueueFilterProxy(self._model, user_id=user_id, parent=self)
        self._table.setModel(self._proxy)
        header = self._table.horizontalHeader()
        header.setSortIndicator(COL_SLA, Qt.SortOrder.AscendingOrder)
        self._table.setSortingEnabled(True)
        header.setSectionResizeMode(COL_CHANNEL, QHeaderView.ResizeMode.Fixed)
        # Wide enough for its heading; never sized to contents, which asks every row.
        header.resizeSection(
            COL_CHANNEL,
            max(self._table.iconSize().width() + 16, header.sectionSizeHint(COL_CHANNEL)),
        )
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)

        # connections
        self._channel_filter.currentIndexChanged.connect(self._on_channel_chosen)
        self._mine.toggled.connect(self._on_scope_toggled)
        self._table.activated.connect(self._on_activated)
        for signal in (
            self._proxy.rowsInserted,
            self._proxy.rowsRemoved,
            self._proxy.modelReset,
            self._proxy.layoutChanged,
        ):
            signal.connect(self._update_count)

        # populate
        self._channel_filter.addItem(self.tr("All channels"), None)
        for channel, label in zip(
            FILTER_CHANNELS,
            (self.tr("Calls"), self.tr("Chats"), self.tr("Emails"), self.tr("Tickets")),
            strict=True,
        ):
            self._channel_filter.addItem(icon(f"channel-{channel.value}"), label, channel)
        self._update_count()

        # subscriptions: the clock
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._model.tick)
        self._ticker.start()

    def _configure_table(self) -> None:
        table = self._table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setIconSize(QSize(16, 16))
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = table.verticalHeader()
        rows.hide()
        # One fixed height for every row: the view never asks 10,000 rows for their size.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.horizontalHeader().setHighlightSections(False)

    # --- what the main window calls ------------------------------------------------------

    def load(self, records: Iterable[dict[str, Any]]) -> None:
        self._model.load(records)
        self._check_oldest_due()

    def upsert(self, record: dict[str, Any]) -> None:
        self._model.upsert(record)
        self._repaints.changed()
        self._check_oldest_due()

    def remove(self, interaction_id: uuid.UUID) -> None:
        if self._model.remove(interaction_id):
            self._repaints.changed()
            self._check_oldest_due()

    def focus_list(self) -> None:
        """Put the keyboard in the table, on the first row if none is current."""
        self._table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self._table.currentIndex().isValid() and self._proxy.rowCount() > 0:
            self._table.setCurrentIndex(self._proxy.index(0, 0))

    def oldest_due(self) -> datetime | None:
        """The earliest SLA due time among items not yet answered (paused SLAs aside)."""
        return self._model.oldest_due()

    def sort_by_time_to_breach(self) -> None:
        self._table.sortByColumn(COL_SLA, Qt.SortOrder.AscendingOrder)

    def set_channel(self, channel: Channel | None) -> None:
        self._channel_filter.setCurrentIndex(max(0, self._channel_filter.findData(channel)))

    @property
    def model(self) -> QueueModel:
        return self._model

    @property
    def proxy(self) -> QueueFilterProxy:
        return self._proxy

    # --- reactions -----------------------------------------------------------------------

    def _on_channel_chosen(self, position: int) -> None:
        self._proxy.set_channel(self._channel_filter.itemData(position))

    def _on_scope_toggled(self, mine: bool) -> None:
        self._proxy.set_scope(Scope.MINE if mine else Scope.TEAM)

    def _on_activated(self, index: QModelIndex) -> None:
        self.openRequested.emit(index.data(ID_ROLE))

    def _update_count(self) -> None:
        shown, total = self._proxy.rowCount(), self._model.rowCount()
        locale = QLocale()
        if shown == total:
            text = self.tr("{total} in queue").format(total=locale.toString(total))
        else:
            text = self.tr("{shown} of {total}").format(
                shown=locale.toString(shown), total=locale.toString(total)
            )
        self._count.setText(text)

    def _check_oldest_due(self) -> None:
        due = self._model.oldest_due()
        if due != self._oldest_due:
            self._oldest_due = due
            self.oldestDueChanged.emit(due)
