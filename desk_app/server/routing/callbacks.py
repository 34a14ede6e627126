"""Due callbacks become outbound call work, offered to their owner like any other.

Every tick reads the open callbacks whose time has come and that have no
interaction yet (the ``ix_follow_up_open_due`` index: open rows by due
time), then, under the write lock, turns each into a queued outbound voice
interaction and links it to the follow-up in the same transaction. The
follow-ups are locked ``FOR UPDATE SKIP LOCKED`` and must still have no
interaction, so two workers never make two calls of one callback. The
interaction asks for the owner (``requested_agent_id``), unless the owner is
away or signed out: then it waits for anyone of the owner's team.
"""

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.domain.enums import Channel, Direction, FollowUpKind, InteractionStatus
from desk_app.domain.followups import callback_goes_to_team
from desk_app.domain.ids import new_id
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.followups.models import FollowUp
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing.locking import write_lock
from desk_app.server.routing.models import AgentProfile
from desk_app.server.sla.service import stamp_due
from desk_app.server.tickets.models import Ticket
from desk_app.server.users.models import User

_BATCH = 50  # callbacks turned into work per transaction
_SUBJECT = 200  # Interaction.subject's length


def _about(session: Session, follow_up: FollowUp) -> tuple[str, str | None]:
    """What the callback is about (its subject's subject, else its note) and the category."""
    subject: Interaction | Ticket | None = (
        session.get(Interaction, follow_up.subject_id)
        if follow_up.subject_type == "interaction"
        else session.get(Ticket, follow_up.subject_id)
    )
    if subject is None:
        return follow_up.note, None
    return subject.subject or follow_up.note, subject.category


def _work_for(
    session: Session, settings: Settings, follow_up: FollowUp, now: datetime
) -> Interaction:
    owner = session.get(User, follow_up.owner_id)
    owner_state = session.scalar(
        select(AgentProfile.state).where(AgentProfile.user_id == follow_up.owner_id)
    )
    about, category = _about(session, follow_up)
    interaction = Interaction(
        id=new_id(),
        channel=Channel.VOICE,
        direction=Direction.OUTBOUND,
        status=InteractionStatus.QUEUED,
        customer_id=follow_up.customer_id,
        to_address=follow_up.phone,
        subject=f"Callback: {about}"[:_SUBJECT].rstrip(),
        category=category,
        team_id=owner.team_id if owner is not None else follow_up.team_id,
        requested_agent_id=None if callback_goes_to_team(owner_state) else follow_up.owner_id,
        queued_at=now,
    )
    stamp_due(interaction, settings=settings)
    session.add(interaction)
    session.flush()  # the interaction's row first: the follow-up refers to it
    follow_up.interaction_id = interaction.id
    return interaction


def _due_ids(session: Session, now: datetime) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(FollowUp.id)
            .where(
                FollowUp.done_at.is_(None),
                FollowUp.due_at <= now,
                FollowUp.kind == FollowUpKind.CALLBACK,
                FollowUp.interaction_id.is_(None),
            )
            .order_by(FollowUp.due_at)
            .limit(_BATCH)
        )
    )


def queue_due(
    session_factory: sessionmaker[Session], settings: Settings, *, now: datetime | None = None
) -> int:
    """Turn the callbacks due by ``now`` into queued outbound calls; how many were."""
    now = now or utcnow()
    with session_factory() as session:
        due = _due_ids(session, now)
        session.rollback()
        if not due:
            return 0
        write_lock(session)
        locked = session.scalars(
            select(FollowUp)
            .where(
                FollowUp.id.in_(due),
                FollowUp.done_at.is_(None),
                FollowUp.interaction_id.is_(None),
            )
            .order_by(FollowUp.id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        ).all()
        for follow_up in locked:
            _work_for(session, settings, follow_up, now)
        session.commit()
    return len(locked)
