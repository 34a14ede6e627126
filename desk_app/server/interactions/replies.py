"""The rep's reply in a chat or email: written once, card numbers masked, by the agent handling it.

The desk mints the message's id, so it can show the message as "sending"
at once and recognise it when the change feed brings it back; a second op
with the same id (the rep's resend of a reply the server already has) gets
the stored message, never a second copy.
"""

import uuid
from datetime import datetime

from pydantic import Field
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel, Direction, InteractionStatus
from desk_app.domain.pan import mask_pans
from desk_app.domain.replies import placeholders
from desk_app.server.core.problems import Forbidden, Problem
from desk_app.server.core.schemas import InputSchema, ReadSchema
from desk_app.server.interactions import service as interactions
from desk_app.server.interactions.messages import InteractionMessage
from desk_app.server.users.models import User

REPLY_CHANNELS = frozenset({Channel.CHAT, Channel.EMAIL})
OPEN = frozenset({InteractionStatus.ACTIVE, InteractionStatus.WRAP_UP})
MAX_BODY = 20_000


class ReplyCreate(InputSchema):
    """Op ``interaction.reply``: the message under the id the desk shows it by."""

    id: uuid.UUID
    interaction_id: uuid.UUID
    body: str = Field(min_length=1, max_length=MAX_BODY)


class InteractionMessageRead(ReadSchema):
    id: uuid.UUID
    interaction_id: uuid.UUID
    author_id: uuid.UUID | None
    direction: Direction
    body: str
    created_at: datetime


def _invalid(detail: str) -> Problem:
    return Problem(422, detail, type_="/problems/validation")


def reply(*, session: Session, user: User, data: ReplyCreate) -> InteractionMessage:
    """Store the reply of the interaction's agent; the same id again returns the first."""
    interaction = interactions.get(session=session, user=user, interaction_id=data.interaction_id)
    if interaction.assigned_agent_id != user.id:
        raise Forbidden("only the agent handling the interaction replies in it")
    existing = session.get(InteractionMessage, data.id)
    if existing is not None:
        if existing.interaction_id != interaction.id or existing.author_id != user.id:
            raise Problem(409, "a message with this id already exists")
        return existing
    if interaction.channel not in REPLY_CHANNELS:
        raise _invalid(f"channel: a {interaction.channel} interaction has no written replies")
    if interaction.status not in OPEN:
        raise _invalid(f"status: a {interaction.status} interaction takes no more replies")
    left = placeholders(data.body)
    if left:
        raise _invalid(f"body: fill in “{left[0].label}” before sending")
    message = InteractionMessage(
        id=data.id,
        interaction_id=interaction.id,
        author_id=user.id,
        direction=Direction.OUTBOUND,
        body=mask_pans(data.body),
    )
    session.add(message)
    session.commit()
    return message
