"""Waking the event streams when changes are committed.

Each worker process has one :class:`ChangeSignal`. A commit that wrote to
the change log fires it in-process; on PostgreSQL the same transaction also
sends ``NOTIFY desk_changes``, which :func:`listen_for_changes` turns into a
fire in every other worker. A stream that misses a wake-up still finds the
change on its next periodic look, so a lost notification delays, never loses.
"""

import asyncio
import contextlib
import logging

import psycopg
from sqlalchemy import Engine

CHANNEL = "desk_changes"
_log = logging.getLogger(__name__)


class ChangeSignal:
    """An edge-triggered wake-up shared by the streams of one event loop."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event = asyncio.Event()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Attach to the loop the streams run on (at application start-up)."""
        self._loop = loop

    def fire(self) -> None:
        """Wake every waiting stream (call on the loop's thread)."""
        self._event.set()
        self._event = asyncio.Event()

    def fire_threadsafe(self) -> None:
        """Wake every waiting stream from any thread (commits run on worker threads)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.fire)

    def next_fire(self) -> asyncio.Event:
        """The event the next fire sets.

        Take it *before* looking for changes and wait on it after: a fire that
        happens in between is then not lost.
        """
        return self._event

    @staticmethod
    async def wait(fired: asyncio.Event, timeout: float) -> None:
        """Return once ``fired`` is set, or after ``timeout`` seconds."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(fired.wait(), timeout)


def _conninfo(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


async def listen_for_changes(engine: Engine, signal: ChangeSignal) -> None:
    """Fire ``signal`` on every ``NOTIFY desk_changes``, reconnecting if the database goes."""
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(
                _conninfo(engine), autocommit=True
            ) as connection:
                await connection.execute(f"LISTEN {CHANNEL}")
                signal.fire()  # anything committed while we were not listening
                async for _notify in connection.notifies():
                    signal.fire()
        except psycopg.OperationalError as exc:
            _log.warning("change listener lost the database (%s); retrying", exc)
            await asyncio.sleep(1)
