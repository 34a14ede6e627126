"""The Day menu's "My stats" (Ctrl+Shift+S): the stats window, made when first asked for."""

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from desk_app.client.my_day import MyDay
from desk_app.client.session import Profile
from desk_app.client.store import LocalStore, RecordChange
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.stats.data import local_zone
from desk_app.gui.stats.team import TeamAverages
from desk_app.gui.stats.window import StatsWindow

SHORTCUT = "Ctrl+Shift+S"


class MyStats(QObject):
    """Owns the action and the window; the main window feeds it record changes."""

    openInteraction = Signal(uuid.UUID)

    def __init__(
        self,
        *,
        store: LocalStore,
        profile: Profile,
        direct: DirectCalls | None,
        reachable: Callable[[], bool],
        menu: QMenu,
        window: QWidget,
        clock: Callable[[], datetime],
        zone: tzinfo | None = None,
    ) -> None:
        super().__init__(window)
        self._main = window
        self._my_day = MyDay(store, user_id=profile.user_id, team_id=profile.team_id)
        self._clock = clock
        self._zone = zone or local_zone()
        self.team = TeamAverages(store, direct, reachable, clock=clock, parent=self)
        self.window: StatsWindow | None = None
        self.action = QAction(self.tr("My &stats"), window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.triggered.connect(self.show)
        menu.addAction(self.action)

    def show(self) -> StatsWindow:
        """Show the window (made on first use) in front; returned to drive it (screenshots)."""
        if self.window is None:
            self.window = StatsWindow(
                self._my_day, self.team, clock=self._clock, zone=self._zone, parent=self._main
            )
            self.window.openInteraction.connect(self.openInteraction)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    def records_changed(self, changes: Iterable[RecordChange]) -> None:
        if self.window is not None:
            self.window.records_changed(changes)
