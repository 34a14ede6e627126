"""The after-contact-work countdown of one wrap-up, read from a clock the caller gives.

A queue's rule may give wrap-up a deadline (``mandatory_limited``: the limit;
``time_boxed``: the end of the box). The countdown asks its clock every
second and says how much is left, and once that it ran out; tests drive the
clock by hand and call :meth:`AcwClock.check` instead of waiting.
"""

import math
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

TICK_MS = 1000


def countdown(seconds: int) -> str:
    """``m:ss`` (``1:05``), as the panel shows what is left."""
    minutes, rest = divmod(max(seconds, 0), 60)
    return f"{minutes}:{rest:02d}"


class AcwClock(QObject):
    """Emits ``remaining(seconds)`` each tick until the deadline, then ``ended`` once."""

    remaining = Signal(int)
    ended = Signal()

    def __init__(self, clock: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._deadline: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.check)

    def start(self, deadline: datetime | None) -> None:
        """Count down to ``deadline`` (none: nothing runs out) and say what is left now."""
        self._deadline = deadline
        if deadline is None:
            self._timer.stop()
            return
        self._timer.start()
        self.check()

    def stop(self) -> None:
        self._timer.stop()
        self._deadline = None

    def seconds_left(self) -> int | None:
        if self._deadline is None:
            return None
        return max(0, math.ceil((self._deadline - self._clock()).total_seconds()))

    def check(self) -> None:
        """Say what is left; at the deadline stop and emit ``ended``."""
        left = self.seconds_left()
        if left is None:
            return
        self.remaining.emit(left)
        if left == 0:
            self.stop()
            self.ended.emit()
