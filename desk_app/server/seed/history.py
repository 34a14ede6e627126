"""A month of work for every rep, played shift by shift: their states and the contacts they took.

In each planned shift (``ctx.staff.rep_shifts``: the last 30 days and today)
the rep signs in near the start (ready), takes one contact after another
(busy, wrap-up, ready: the router's moves), goes not ready for each break
(now and then a little late, which adherence shows) and signs out at the
end (offline until the next shift). Every contact lies inside the shift,
answered, ended and wrapped up; now and then a caller in the team's queue
gives up first (abandoned, nobody's). What a contact is about (customer,
category, outcome, survey) is :mod:`.work`'s to say, through the
``Contacts`` callable it is given.

Today is played up to the moment of seeding only (a rep on shift then is
signed out at that moment), so nothing lies in the future. Each shift draws
from an RNG of its own and the ids from an id maker of their own, so where
"now" falls changes no other row: with a past ``today`` the seed is the
same whenever it runs.

:func:`log_month` then puts the month in the change log, so every rep's
desk receives its own month (and a supervisor's their team's) at first sync.
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import Connection, cast, func, insert, literal, null, select

from desk_app.domain.enums import AgentState, Channel, StateCause
from desk_app.server.interactions.models import Interaction
from desk_app.server.seed.context import PlannedShift, SeedContext
from desk_app.server.seed.values import DAY, IdMaker, Picker, SeedRandom, ts
from desk_app.server.sync.models import ChangeLogEntry
from desk_app.server.sync.tracked import TRACKED
from desk_app.server.users.models import AgentStateChange, User

CHANNEL = Picker([Channel.VOICE, Channel.CHAT, Channel.EMAIL], [60, 28, 12])
# seconds: talking (or writing) per channel, and the caller's wait before the offer
TALK = {Channel.VOICE: (180, 600), Channel.CHAT: (240, 780), Channel.EMAIL: (120, 360)}
WAIT = {Channel.VOICE: (5, 120), Channel.CHAT: (10, 240), Channel.EMAIL: (600, 7200)}
ABANDONED_SHARE = 0.04  # callers who give up in the team's queue, per contact taken
# (state, reason, cause) of the moves the history makes, as stored
_BUSY = (AgentState.BUSY.value, None, StateCause.ROUTING.value)
_WRAP_UP = (AgentState.WRAP_UP.value, None, StateCause.ROUTING.value)
_BACK = (AgentState.READY.value, None, StateCause.ROUTING.value)
_SIGN_IN = (AgentState.READY.value, None, StateCause.REP.value)
_SIGN_OUT = (AgentState.OFFLINE.value, None, StateCause.DISCONNECT.value)
_Change = tuple[tuple[str, str | None, str], int]  # (state, reason, cause), when


class Timing(NamedTuple):
    """When one contact happened, in epoch seconds; ``hold`` in seconds."""

    queued: int
    offered: int | None
    answered: int | None
    ended: int
    wrapped: int | None
    hold: int = 0


Contacts = Callable[[SeedRandom, str, PlannedShift, Channel, Timing, bool], None]
"""Writes the row of one contact: ``(rng, id, shift, channel, timing, handled)``; handled
ones are the shift's rep's, the others were abandoned in the team's queue."""


@dataclass
class _Day:
    """One shift being played: the rep's state changes and the contacts, in time order."""

    rng: SeedRandom
    shift: PlannedShift
    new_id: IdMaker
    contact: Contacts
    changes: list[_Change]
    pace: int  # the longest this rep waits, ready, between contacts

    def work(self, start: int, stop: int) -> None:
        """Contacts one after another from ``start``, each wrapped up before ``stop``."""
        rng, at, change = self.rng, start, self.changes.append
        while True:
            channel = CHANNEL(rng)
            answered = at + rng.randint(20, self.pace)
            talk = rng.randint(*TALK[channel])
            wrapped = answered + talk + rng.randint(20, 120)
            if wrapped > stop:
                return
            offered = answered - rng.randint(3, 12)
            hold = 0
            if channel is Channel.VOICE and rng.random() < 0.3:
                hold = rng.randint(15, min(150, talk // 2))
            queued = offered - rng.randint(*WAIT[channel])
            timing = Timing(queued, offered, answered, answered + talk, wrapped, hold)
            self.contact(rng, self.new_id(), self.shift, channel, timing, True)
            change((_BUSY, answered))
            change((_WRAP_UP, answered + talk))
            change((_BACK, wrapped))
            if rng.random() < ABANDONED_SHARE:
                lost = Timing(at, None, None, at + rng.randint(20, 240), None)
                kind = Channel.VOICE if rng.random() < 0.7 else Channel.CHAT
                self.contact(rng, self.new_id(), self.shift, kind, lost, False)
            at = wrapped

    def play(self, now: int) -> None:
        """Sign in, work between the breaks, sign out (at ``now`` if that comes first)."""
        rng, shift, change = self.rng, self.shift, self.changes.append
        start = shift.starts + rng.randint(-120, 180)
        end = min(shift.ends + rng.randint(0, 300), now)
        if start >= end:
            return  # today's shift has not begun
        change((_SIGN_IN, start))
        at = start
        for kind, begins, ends in shift.breaks:
            leaves = begins + rng.choice((0, 0, 0, 60, 180, 420))
            if leaves >= end:
                break
            self.work(at, leaves)
            change(((AgentState.NOT_READY.value, kind, StateCause.REP.value), leaves))
            at = ends + rng.choice((0, 0, 60, 120, 300))
            if at >= end:  # signed out during the break
                change((_SIGN_OUT, end))
                return
            change((_SIGN_IN, at))
        self.work(at, end)
        change((_SIGN_OUT, end))


def play_month(ctx: SeedContext, contact: Contacts) -> None:
    """Every rep's planned shifts, played: state changes written here, contacts by ``contact``."""
    w = ctx.writer
    states = w.open(
        "agent_state_change",
        ("id", "user_id", "state", "reason", "cause", "started_at", "ended_at"),
        estimate=len(ctx.staff.rep_shifts) * 150,
    )
    new_id = IdMaker(ctx.rng("history_ids"), ctx.history_end * 1000)
    now = min(int(time.time()), ctx.history_end + DAY)
    paces: dict[str, int] = {}
    changes: list[_Change] = []
    for index, shift in enumerate(ctx.staff.rep_shifts):
        rng = ctx.rng(f"history:{shift.user}:{shift.starts}")
        pace = paces.setdefault(shift.user, 300 + 60 * (len(paces) % 5))
        _Day(rng, shift, new_id, contact, changes, pace).play(now)
        following = ctx.staff.rep_shifts[index + 1 : index + 2]
        if not following or following[0].user != shift.user:  # the rep's month is complete
            _write_states(states.rows.append, new_id, shift.user, changes)
            changes = []
        w.maybe_flush()
    w.close(states)


def _write_states(
    add: Callable[[tuple[object, ...]], None], new_id: IdMaker, user: str, changes: list[_Change]
) -> None:
    """One row per stretch: each ends where the next begins; the last (offline) is open."""
    stamps = [ts(at) for _, at in changes]
    ends = [*stamps[1:], None]
    for ((state, reason, cause), _), started, ended in zip(changes, stamps, ends, strict=True):
        add((new_id(), user, state, reason, cause, started, ended))


def log_month(connection: Connection, ctx: SeedContext) -> int:
    """Log the reps' month (state history, the contacts they handled) in the change log.

    Set-based (one ``INSERT … SELECT`` per table), with the scope the session
    hook would give each row: the feed then sends every rep their own and a
    supervisor their team's. How many entries were written.
    """
    at = literal(datetime.now(UTC), ChangeLogEntry.__table__.c.at.type)
    no_store = cast(null(), ChangeLogEntry.__table__.c.store_id.type)
    columns = [
        "entity",
        "entity_id",
        "action",
        "resource",
        "owner_id",
        "team_id",
        "store_id",
        "prev_owner_id",
        "prev_team_id",
        "prev_store_id",
        "at",
    ]
    state_spec, work_spec = TRACKED[AgentStateChange], TRACKED[Interaction]
    states = select(
        literal(state_spec.entity),
        AgentStateChange.id,
        literal("upsert"),
        literal(state_spec.resource_of(None)),
        AgentStateChange.user_id,
        User.team_id,
        no_store,
        AgentStateChange.user_id,
        User.team_id,
        no_store,
        at,
    ).join(User, User.id == AgentStateChange.user_id)
    handled = select(
        literal(work_spec.entity),
        Interaction.id,
        literal("upsert"),
        literal(work_spec.resource_of(None)),
        Interaction.assigned_agent_id,
        Interaction.team_id,
        Interaction.store_id,
        Interaction.assigned_agent_id,
        Interaction.team_id,
        Interaction.store_id,
        at,
    ).where(
        Interaction.queued_at >= datetime.fromtimestamp(ctx.month_start - DAY, UTC),
        Interaction.assigned_agent_id.in_([uuid.UUID(rep) for rep, _team in ctx.staff.reps]),
    )
    count = select(func.count()).select_from(ChangeLogEntry)
    before = connection.scalar(count) or 0
    for statement in (states, handled):
        connection.execute(insert(ChangeLogEntry).from_select(columns, statement))
    return (connection.scalar(count) or 0) - before  # (psycopg's rowcount is no count here)
