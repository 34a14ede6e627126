"""Reps' records over a stretch of time, read with the indexes and turned into KPI values.

Rows go through their read schemas and ``domain.kpi_records`` (the same
reading the desk applies to its cache), so the server and a desk cannot
read an interaction or a state change differently.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desk_app.domain import kpi_records
from desk_app.domain.enums import InteractionStatus
from desk_app.domain.kpi import Contact, Schedule, StateSpan, Window
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.schemas import InteractionRead
from desk_app.server.routing.schemas import AgentStateRead
from desk_app.server.shifts.models import Shift
from desk_app.server.shifts.schemas import ShiftRead
from desk_app.server.users.models import AgentStateChange

OPEN_STATUSES = (InteractionStatus.ACTIVE, InteractionStatus.WRAP_UP)


@dataclass
class Activity:
    """One rep's handled contacts (by wrap-up time), state history and shifts, oldest first."""

    contacts: list[Contact] = field(default_factory=list)
    spans: list[StateSpan] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)


def handled_in(
    session: Session, user_ids: Collection[uuid.UUID], window: Window
) -> list[Interaction]:
    """Interactions the reps answered and wrapped up inside ``window``."""
    return list(
        session.scalars(
            select(Interaction)
            .where(
                Interaction.assigned_agent_id.in_(user_ids),
                Interaction.answered_at.is_not(None),
                Interaction.wrapped_at >= window.start,
                Interaction.wrapped_at < window.end,
            )
            .order_by(Interaction.wrapped_at, Interaction.id)
        )
    )


def touched_in(session: Session, user_id: uuid.UUID, window: Window) -> list[Interaction]:
    """The rep's interactions answered, ended or wrapped in ``window``, and those still open."""
    moments = (Interaction.answered_at, Interaction.ended_at, Interaction.wrapped_at)
    return list(
        session.scalars(
            select(Interaction)
            .where(
                Interaction.assigned_agent_id == user_id,
                or_(
                    Interaction.status.in_(OPEN_STATUSES),
                    *((m >= window.start) & (m < window.end) for m in moments),
                ),
            )
            .order_by(Interaction.answered_at, Interaction.id)
        )
    )


def states_in(
    session: Session, user_ids: Collection[uuid.UUID], window: Window
) -> list[AgentStateChange]:
    """State stretches overlapping ``window`` (an open one runs on to now)."""
    return list(
        session.scalars(
            select(AgentStateChange)
            .where(
                AgentStateChange.user_id.in_(user_ids),
                AgentStateChange.started_at < window.end,
                or_(AgentStateChange.ended_at.is_(None), AgentStateChange.ended_at > window.start),
            )
            .order_by(AgentStateChange.started_at, AgentStateChange.id)
        )
    )


def shifts_in(session: Session, user_ids: Collection[uuid.UUID], window: Window) -> list[Shift]:
    """Shifts overlapping ``window``."""
    return list(
        session.scalars(
            select(Shift)
            .where(
                Shift.user_id.in_(user_ids),
                Shift.starts_at < window.end,
                Shift.ends_at > window.start,
            )
            .order_by(Shift.starts_at, Shift.id)
        )
    )


def load(
    session: Session, user_ids: Collection[uuid.UUID], window: Window
) -> dict[uuid.UUID, Activity]:
    """Each rep's records that can count inside ``window`` (reps with none are left out)."""
    found: dict[uuid.UUID, Activity] = {}
    for row in handled_in(session, user_ids, window):
        assert row.assigned_agent_id is not None
        record = InteractionRead.model_validate(row).model_dump()
        found.setdefault(row.assigned_agent_id, Activity()).contacts.append(
            kpi_records.contact(record)
        )
    for change in states_in(session, user_ids, window):
        record = AgentStateRead.model_validate(change).model_dump()
        found.setdefault(change.user_id, Activity()).spans.append(kpi_records.span(record))
    for shift in shifts_in(session, user_ids, window):
        record = ShiftRead.model_validate(shift).model_dump()
        found.setdefault(shift.user_id, Activity()).schedules.append(kpi_records.schedule(record))
    return found
