"""The window's one way to get an answer from another thread back onto the UI thread.

A signal emitted in a worker thread and connected to a lambda runs that
lambda in the worker thread; only a ``@Slot`` method of a QObject that lives
in the GUI thread is queued to it. :class:`Courier` is that QObject: every
answer from the sync thread or a pool thread is handed to it, and its slot
calls the waiting callback on the UI thread.

Work given to :func:`run_in_background` must never touch widgets; its
``on_done`` may.
"""

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

_log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any, Exception | None], None]


class Courier(QObject):
    """Calls ``on_done(result, error)`` on the thread this object lives in (the UI thread)."""

    _carry = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # queued even from the UI thread itself: an answer never arrives inside the call
        self._carry.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def send(self, on_done: OnDone, result: object, error: Exception | None) -> None:
        """From any thread: queue the call to ``on_done`` for the UI thread."""
        self._carry.emit(on_done, result, error)

    @Slot(object, object, object)
    def _deliver(self, on_done: OnDone, result: object, error: Exception | None) -> None:
        try:
            on_done(result, error)
        except Exception:  # one broken callback must not take the window down
            _log.exception("an answer could not be shown")


_courier: Courier | None = None


def courier() -> Courier:
    """The application's courier, made on first use (which must be on the UI thread)."""
    global _courier
    if _courier is None:
        _courier = Courier()
    return _courier


def run_in_background(
    work: Callable[[], T],
    on_done: Callable[[T | None, Exception | None], None],
    *,
    pool: QThreadPool | None = None,
) -> None:
    """Run ``work`` on a pool thread; then ``on_done(result, error)`` on the UI thread.

    For work before the sync thread exists (signing in), and for reads the
    rep waits for (the look-up, the 360° view) that must not queue behind
    the sync engine's steps. ``pool``: a pool of their own, so a slow call
    never holds up another kind of work (default: the global pool).
    """
    carrier = courier()

    def task() -> None:
        try:
            result = work()
        except Exception as error:  # on_done shows it; the log keeps the traceback
            _log.info("background work failed: %r", error, exc_info=True)
            carrier.send(on_done, None, error)
        else:
            carrier.send(on_done, result, None)

    (pool or QThreadPool.globalInstance()).start(task)
