"""At most one repaint of the queue per interval while events pour in, none held from the rep.

Qt repaints a table's whole viewport after any row is inserted, removed or
moved, even out of sight: about 10 ms of Python and painting for the
visible rows. At 100 queue events a second that is most of a CPU, and the
event loop falls behind the keyboard. No one reads a queue at more than a
few frames a second, so after one repaint the viewport's updates are held
for ``interval_ms`` and released in one repaint. The model itself changes
at once; only painting waits, and a key press, click or wheel turn in the
table releases it at once, so the rep never waits for it.
"""

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

DEFAULT_INTERVAL_MS = 100
INPUT = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.Resize}
)


class RepaintThrottle(QObject):
    """Call :meth:`changed` after each change that will repaint ``viewport``.

    Invariant: ``viewport``'s updates are disabled only while the timer runs;
    when it fires, or the rep touches ``viewport`` or its ``view``, they are
    enabled again and Qt repaints what was held, once.
    """

    def __init__(
        self, viewport: QWidget, view: QWidget, *, interval_ms: int = DEFAULT_INTERVAL_MS
    ) -> None:
        super().__init__(viewport)
        self._viewport = viewport
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._release)
        viewport.installEventFilter(self)
        view.installEventFilter(self)

    @property
    def holding(self) -> bool:
        return not self._viewport.updatesEnabled()

    def changed(self) -> None:
        if self._timer.isActive():
            self._viewport.setUpdatesEnabled(False)  # a repaint happened less than an interval ago
        else:
            self._timer.start()  # this change paints now; the next ones wait for the timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT and self.holding:
            self._viewport.setUpdatesEnabled(True)
        return False

    def _release(self) -> None:
        if self.holding:
            self._viewport.setUpdatesEnabled(True)  # repaints everything held, once
            self._timer.start()
