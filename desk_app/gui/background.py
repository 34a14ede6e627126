"""The window's one way to get an answer from another thread back onto the UI thread.

A signal emitted in a worker thread and connected to a lambda runs that
lambda in the worker thread; only a ``@Slot`` method of a QObject that lives
in the GUI thread is queued to it. :class:`Courier` is that QObject: every
answer from the sync thread or a pool thread is handed to it, and its slot
calls the waiting callback on the UI thread.

The callback (and the work, which may hold widgets in its closure) stays
with the courier on the UI thread, and the other thread only knows a
ticket. Otherwise the other thread could drop the last reference to a
widget after the UI thread was done with it, and Qt objects deleted on the
wrong thread take the process down later (a style animation's
``destroyed`` signal queued to a widget that no longer exists).

Work given to :func:`run_in_background` must never touch widgets; its
``on_done`` may.
"""

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

_log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any, Exception | None], None]


class Courier(QObject):
    """Calls a held ``on_done(result, error)`` on the thread it lives in (the UI thread)."""

    _carry = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tickets = itertools.count(1)
        self._held: dict[int, tuple[OnDone, object]] = {}
        self._lock = threading.Lock()
        # queued even from the UI thread itself: an answer never arrives inside the call
        self._carry.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def hold(self, on_done: OnDone, keep: object = None) -> int:
        """Keep ``on_done`` (and ``keep``: the work) until answered; the ticket to answer with."""
        with self._lock:
            ticket = next(self._tickets)
            self._held[ticket] = (on_done, keep)
        return ticket

    def send(self, ticket: int, result: object, error: Exception | None) -> None:
        """From any thread: queue the call to the held ``on_done`` for the UI thread."""
        self._carry.emit(ticket, result, error)

    @Slot(int, object, object)
    def _deliver(self, ticket: int, result: object, error: Exception | None) -> None:
        with self._lock:
            on_done, _keep = self._held.pop(ticket, (None, None))
        if on_done is None:
            return
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
    ticket = carrier.hold(on_done, keep=work)
    box = [work]  # the pool thread lets go of the work before it answers

    def task() -> None:
        job = box.pop()
        error: Exception | None = None
        result = None
        try:
            result = job()
        except Exception as exc:  # on_done shows it; the log keeps the traceback
            _log.info("background work failed: %r", exc, exc_info=True)
            error = exc.with_traceback(None)
        del job
        carrier.send(ticket, result, error)

    (pool or QThreadPool.globalInstance()).start(task)
