"""The routing loop every server worker runs: expire offers, sweep presence, close
timed-out wrap-ups, queue due callbacks, route.

Each worker runs it; the locks in :mod:`~desk_app.server.routing.router`,
:mod:`~desk_app.server.routing.offers` and
:mod:`~desk_app.server.routing.sweeper` make that safe, and a worker that
dies leaves nothing half done. Expiry and the sweep need only one worker a
round: on PostgreSQL a worker that finds another one at it skips them (a
session advisory lock, tried, never waited for), which saves the others
reading every agent each second. A step that fails is logged and the loop
carries on: one bad row must not stop routing for everyone.
"""

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desk_app.server.core.config import Settings
from desk_app.server.routing import acw_timeouts, callbacks, offers, router, sweeper

_log = logging.getLogger(__name__)
Step = Callable[[sessionmaker[Session], Settings], int]
# (name, step, advisory lock key if one worker at a time is enough)
STEPS: tuple[tuple[str, Step, int | None], ...] = (
    ("expire offers", offers.expire, 0x6465736B01),
    ("sweep presence", sweeper.sweep, 0x6465736B02),
    ("close timed-out wrap-ups", acw_timeouts.close_overdue, 0x6465736B03),
    ("queue due callbacks", callbacks.queue_due, None),
    ("route", router.route, None),
)


def _run_step(
    session_factory: sessionmaker[Session], settings: Settings, step: Step, key: int | None
) -> None:
    engine: Engine = session_factory.kw["bind"]
    if key is None or engine.dialect.name != "postgresql":
        step(session_factory, settings)
        return
    with engine.connect() as connection:  # the lock lives as long as this connection is held
        taken = connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({key})").scalar()
        connection.commit()
        if not taken:
            return  # another worker is at it
        try:
            step(session_factory, settings)
        finally:
            connection.exec_driver_sql(f"SELECT pg_advisory_unlock({key})")
            connection.commit()


def tick(session_factory: sessionmaker[Session], settings: Settings) -> None:
    """One round of every step, each on its own."""
    for name, step, key in STEPS:
        try:
            _run_step(session_factory, settings, step, key)
        except Exception:
            _log.exception("routing loop: %s failed; trying again next round", name)


async def run(session_factory: sessionmaker[Session], settings: Settings) -> None:
    """Tick every ``router_interval_seconds`` until cancelled, off the event loop.

    On cancellation the round in progress is let finish, so the engine is
    never disposed under it.
    """
    while True:
        round_ = asyncio.ensure_future(asyncio.to_thread(tick, session_factory, settings))
        try:
            await asyncio.shield(round_)
        except asyncio.CancelledError:
            await round_
            raise
        await asyncio.sleep(settings.router_interval_seconds)
