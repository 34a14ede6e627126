"""The reminders' clock: it wakes when the next follow-up falls due, or every 30 s.

It reads the rep's own follow-ups from the local store (so reminders fire
offline too), asks the domain's :class:`Reminders` which are newly due, and
says so through ``fired``; ``checked`` tells the "Due now" page to redraw.
A change of any follow-up (the rep's own op, the feed) checks again at once.
The clock is injected: tests move it and call :meth:`ReminderDriver.check`.
"""

import math
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desk_app.client.store import LocalStore, RecordChange
from desk_app.domain.followups import Reminders, next_due
from desk_app.gui.followups.writes import ENTITY

POLL_MS = 30_000  # a follow-up made elsewhere, or a clock moved on, is seen within this


class ReminderDriver(QObject):
    """Signals: ``fired(list[record])`` newly due follow-ups; ``checked(now)`` after each look."""

    fired = Signal(list)
    checked = Signal(object)

    def __init__(
        self,
        store: LocalStore,
        user_id: uuid.UUID,
        *,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._user_id = str(user_id)
        self._clock = clock
        self._reminders = Reminders()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)

    def mine(self) -> list[dict[str, Any]]:
        """The rep's own follow-ups as cached (done ones included)."""
        return [r for r in self._store.records(ENTITY) if str(r.get("owner_id")) == self._user_id]

    def check(self) -> None:
        """Fire what fell due since the last look, then sleep until the next one (≤ 30 s)."""
        now = self._clock()
        mine = self.mine()
        fresh = self._reminders.fire(mine, now)
        self.checked.emit(now)
        if fresh:
            self.fired.emit(fresh)
        self._sleep(mine, now)

    def records_changed(self, changes: Iterable[RecordChange]) -> None:
        if any(change.entity == ENTITY for change in changes):
            self.check()

    def stop(self) -> None:
        self.timer.stop()

    def _sleep(self, mine: list[dict[str, Any]], now: datetime) -> None:
        upcoming = next_due(mine, now)
        wait = POLL_MS
        if upcoming is not None:
            wait = min(wait, math.ceil((upcoming - now).total_seconds() * 1000) + 1)
        self.timer.start(max(wait, 0))
