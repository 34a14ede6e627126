"""The start of the rep's day on the window: the updates board, my shift, the queue at a glance.

Built once by the window (:class:`Morning`), which hands it the feed's
changes and asks it before going ready. Adds the "Updates" page to the
left column (with its unread count), the Day menu's "Updates board"
(Ctrl+Shift+U) and "My shift" (Ctrl+Shift+H), the shift's time left in the
status bar, and the queue-at-a-glance strip at the top of the Queue page.
"""

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout

from desk_app.client.store import LocalStore, RecordChange
from desk_app.domain.enums import AgentState
from desk_app.gui.searching import server_reachable
from desk_app.gui.shift.panel import MyShiftDialog
from desk_app.gui.shift.queue_glance import QueueGlance
from desk_app.gui.shift.watch import ShiftWatch
from desk_app.gui.sync_thread import SyncBridge
from desk_app.gui.updates.coordinator import Updates

if TYPE_CHECKING:
    from desk_app.gui.main_window import MainWindow

UPDATES_KEY = "Ctrl+Shift+U"
MY_SHIFT_KEY = "Ctrl+Shift+H"


class Morning(QObject):
    """``updates``, ``watch`` (my shift), ``glance`` (the strip); ``shift_dialog`` while open."""

    def __init__(
        self,
        window: "MainWindow",
        *,
        store: LocalStore,
        bridge: SyncBridge,
        settings: QSettings,
        clock: Callable[[], datetime],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._clock = clock
        self._user_id = window.session.profile.user_id
        self.updates = Updates(
            store=store,
            user_id=self._user_id,
            settings=settings,
            notifier=window.notifier,
            wake=bridge.wake,
            window=window,
            clock=clock,
            parent=self,
        )
        self.watch = ShiftWatch(
            store=store,
            user_id=self._user_id,
            settings=settings,
            notifier=window.notifier,
            show_text=window.status_bar.show_shift,
            clock=clock,
            parent=self,
        )
        self.glance = QueueGlance(
            store=store,
            direct=window.direct,
            reachable=lambda: not window.session.offline and server_reachable(bridge.status),
            clock=clock,
        )
        self.shift_dialog: MyShiftDialog | None = None
        self._place_glance()
        tabs = window.left_tabs
        tabs.addTab(self.updates.page, self.tr("&Updates"))
        self.updates_action = QAction(self.tr("&Updates board"), window)
        self.updates_action.setShortcut(QKeySequence(UPDATES_KEY))
        self.updates_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.updates_action.triggered.connect(self.show_board)
        self.my_shift_action = QAction(self.tr("My &shift"), window)
        self.my_shift_action.setShortcut(QKeySequence(MY_SHIFT_KEY))
        self.my_shift_action.triggered.connect(self.show_shift)
        window.day_menu.addAction(self.updates_action)
        window.day_menu.addAction(self.my_shift_action)
        # connections
        self.updates.countChanged.connect(self._count_on_tab)
        self.updates.goReady.connect(lambda: window.request_state(AgentState.READY.value, None))
        self.updates.stayed.connect(self._show_my_state)
        bridge.statusChanged.connect(self.updates.sync_status)
        # populate
        self.updates.redraw()
        self.watch.start()

    def _place_glance(self) -> None:
        """The strip at the top of the Queue page, above the filters and the list."""
        layout = self._window.queue.layout()
        assert isinstance(layout, QBoxLayout)
        layout.insertWidget(0, self.glance)

    def start(self) -> None:
        """After sign-in: the must-reads, and the queue at a glance."""
        self.updates.start()
        self.glance.load()

    def stop(self) -> None:
        self.watch.stop()

    def records_changed(self, changes: list[RecordChange]) -> None:
        self.updates.records_changed(changes)
        self.watch.records_changed(changes)

    def holds_ready(self, state: str) -> bool:
        """Whether Ready waits for the must-reads (their dialog is then open)."""
        return self.updates.holds_ready(state)

    def show_board(self) -> None:
        self._window.left_tabs.setCurrentWidget(self.updates.page)
        self.updates.page.focus_list()

    def show_shift(self) -> None:
        if self.shift_dialog is not None:
            self.shift_dialog.raise_()
            return
        dialog = self.shift_dialog = MyShiftDialog(self.watch, self._clock(), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._shift_closed())
        dialog.open()

    def _shift_closed(self) -> None:
        self.shift_dialog = None

    def _count_on_tab(self, count: int) -> None:
        tabs, title = self._window.left_tabs, self.tr("&Updates")
        tabs.setTabText(tabs.indexOf(self.updates.page), f"{title} ({count})" if count else title)

    def _show_my_state(self) -> None:
        """The gate was closed: the state selector shows the state the rep is still in."""
        mine: dict[str, Any] | None = next(
            (
                p
                for p in self._store.records("agent_profile")
                if str(p.get("user_id")) == str(self._user_id)
            ),
            None,
        )
        if mine is None:  # no state from the server yet: what the selector starts with
            self._window.status_bar.state_selector.show_choice(AgentState.OFFLINE.value, None)
        self._window.status_bar.show_agent(mine)
