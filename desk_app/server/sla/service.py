"""An interaction's SLA clock: stamp its due time from the policy, pause it and resume it.

Nothing here commits: the caller (a router, the telephony intake) owns the
transaction, so the due time lands together with the change that caused it.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import InteractionStatus, Priority
from desk_app.domain.sla import add_business_time, business_time_between, due_at
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Problem
from desk_app.server.interactions.models import Interaction
from desk_app.server.sla.models import SlaPause

SUBJECT = "interaction"
_FINISHED = frozenset({InteractionStatus.DONE, InteractionStatus.ABANDONED})


def stamp_due(interaction: Interaction, *, settings: Settings, now: datetime | None = None) -> None:
    """Set ``sla_due_at`` from the policy, counted from when it was queued (or ``now``).

    A channel or priority without a target (walk-ins) gets no due time.
    """
    start = interaction.queued_at or now or utcnow()
    interaction.sla_due_at = due_at(
        settings.sla.policy,
        interaction.channel,
        interaction.priority or Priority.NORMAL,
        start,
    )


def pause(*, session: Session, interaction: Interaction, reason: str, now: datetime) -> SlaPause:
    """Stop the clock (waiting on the customer, …) and log the pause; 409 if already paused."""
    if interaction.sla_paused_at is not None:
        raise Problem(409, "the SLA clock of this interaction is already paused")
    if interaction.sla_due_at is None:
        raise Problem(422, "this interaction has no SLA clock to pause")
    if interaction.status in _FINISHED:
        raise Problem(422, f"the interaction is {interaction.status}; its SLA no longer runs")
    interaction.sla_paused_at = now
    stretch = SlaPause(
        subject_type=SUBJECT, subject_id=interaction.id, reason=reason, started_at=now
    )
    session.add(stretch)
    return stretch


def resume(
    *, session: Session, interaction: Interaction, settings: Settings, now: datetime
) -> None:
    """Restart the clock: the due time moves later by the business time it stood still."""
    paused_at = interaction.sla_paused_at
    if paused_at is None:
        raise Problem(409, "the SLA clock of this interaction is not paused")
    stretch = session.scalar(
        select(SlaPause).where(
            SlaPause.subject_type == SUBJECT,
            SlaPause.subject_id == interaction.id,
            SlaPause.ended_at.is_(None),
        )
    )
    if stretch is not None:
        stretch.ended_at = now
    if interaction.sla_due_at is not None:
        calendar = settings.sla.policy.calendar_for(interaction.channel)
        stood_still = business_time_between(paused_at, now, calendar)
        interaction.sla_due_at = add_business_time(interaction.sla_due_at, stood_still, calendar)
    interaction.sla_paused_at = None
