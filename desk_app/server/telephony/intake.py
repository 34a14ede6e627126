"""Chats and emails from their gateways: each message id becomes one queued interaction.

The gateway keeps the conversation itself; the queue needs who wrote, about
what and how urgent. Without a subject, the body's first line stands for it.
"""

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel, Direction, InteractionStatus
from desk_app.domain.pan import mask_pans
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import NotFound
from desk_app.server.interactions.models import Interaction
from desk_app.server.sla.service import stamp_due
from desk_app.server.telephony.matching import customer_by_email
from desk_app.server.telephony.schemas import IntakeMessage, WebhookOutcome, WebhookResult

GATEWAY_CHANNELS = {"chat": Channel.CHAT, "email": Channel.EMAIL}
_SUBJECT_LENGTH = 200
_log = logging.getLogger(__name__)


def gateway_channel(name: str) -> Channel:
    """The channel a gateway posts to; 404 for any other."""
    try:
        return GATEWAY_CHANNELS[name]
    except KeyError:
        raise NotFound(f"intake for channel {name!r}") from None


def _subject(message: IntakeMessage) -> str:
    text = message.subject or (message.body or "").strip().splitlines()[0]
    return mask_pans(text)[:_SUBJECT_LENGTH]


def open_message(
    session: Session, channel: Channel, message: IntakeMessage, *, settings: Settings
) -> WebhookResult:
    """Queue the message, unless its id is already known; nothing is committed here."""
    known = session.scalar(
        select(Interaction.id).where(
            Interaction.channel == channel, Interaction.external_id == message.message_id
        )
    )
    if known is not None:
        _log.info("intake: %s message %s already queued; ignored", channel, message.message_id)
        return WebhookResult(outcome=WebhookOutcome.DUPLICATE, interaction_id=known)
    writer = message.customer_email or (message.from_ if channel is Channel.EMAIL else None)
    interaction = Interaction(
        channel=channel,
        direction=Direction.INBOUND,
        status=InteractionStatus.QUEUED,
        priority=message.priority,
        subject=_subject(message),
        external_id=message.message_id,
        from_address=message.from_,
        to_address=message.to,
        customer_id=customer_by_email(session, writer),
        skill=message.skill,
        queued_at=utcnow(),
    )
    stamp_due(interaction, settings=settings)
    session.add(interaction)
    session.flush()
    _log.info("intake: %s message %s queued", channel, message.message_id)
    return WebhookResult(outcome=WebhookOutcome.QUEUED, interaction_id=interaction.id)
