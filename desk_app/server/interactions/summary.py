"""The queue at a glance: how many contacts wait on each channel, and since when.

What a rep sees on signing in before going ready. Counted over the same
interactions the caller could see in their work list (for a rep: their
queue and what is offered to them), so the figures never leak other
teams' load.
"""

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel, InteractionStatus
from desk_app.server.core.db import utcnow
from desk_app.server.interactions import service
from desk_app.server.interactions.models import Interaction
from desk_app.server.users.models import User

WAITING = (InteractionStatus.QUEUED, InteractionStatus.OFFERED)


class ChannelQueue(BaseModel):
    channel: Channel
    waiting: int
    oldest_queued_at: datetime | None


class QueueSummary(BaseModel):
    """Every channel, waiting or not, so the desk can show a steady table."""

    generated_at: datetime
    channels: list[ChannelQueue]


def summarize(*, session: Session, user: User) -> QueueSummary:
    """Queued and offered interactions ``user`` may see, per channel."""
    visible = service.visible(user=user).where(Interaction.status.in_(WAITING)).subquery()
    rows = session.execute(
        select(visible.c.channel, func.count(), func.min(visible.c.queued_at)).group_by(
            visible.c.channel
        )
    ).all()
    found = {Channel(channel): (count, oldest) for channel, count, oldest in rows}
    return QueueSummary(
        generated_at=utcnow(),
        channels=[
            ChannelQueue(channel=channel, waiting=waiting, oldest_queued_at=oldest)
            for channel in Channel
            for waiting, oldest in [found.get(channel, (0, None))]
        ],
    )
