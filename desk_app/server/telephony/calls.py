"""Call events, from Twilio, a generic PBX or the simulator, applied to the call they concern.

A call's state on screen (``call_state``, ``muted``) and its hold time
(``hold_seconds``) change here and only here: a desk's command asks, the
PBX's event decides. A transfer event marks the call ``transferred`` (as a
transfer command does). A ringing call with an unknown id becomes a queued
interaction; any other event for an unknown call is ignored (a hang-up never
creates a call).
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.enums import (
    CallCommandKind,
    CallCommandStatus,
    CallState,
    Channel,
    Direction,
    InteractionStatus,
    Priority,
)
from desk_app.domain.ids import new_id
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.interactions import acw
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing.locking import write_lock
from desk_app.server.routing.offers import withdraw
from desk_app.server.routing.router import offer_to_requested_agent
from desk_app.server.sla.service import stamp_due
from desk_app.server.telephony.matching import agent_at, customer_by_phone, normalised_phone
from desk_app.server.telephony.models import CallCommand
from desk_app.server.telephony.schemas import CallEventKind, WebhookOutcome, WebhookResult

_log = logging.getLogger(__name__)
_E = CallEventKind
_K = CallCommandKind

_STATE_AFTER: dict[CallEventKind, CallState] = {
    _E.ANSWERED: CallState.CONNECTED,
    _E.HOLD: CallState.ON_HOLD,
    _E.RESUMED: CallState.CONNECTED,
    _E.TRANSFERRED: CallState.TRANSFERRING,
    _E.CONFERENCE: CallState.CONFERENCE,
}
# the desk commands each event shows carried out
_CONFIRMS: dict[CallEventKind, frozenset[CallCommandKind]] = {
    _E.ANSWERED: frozenset({_K.ANSWER, _K.DIAL}),
    _E.HOLD: frozenset({_K.HOLD}),
    _E.RESUMED: frozenset({_K.RESUME}),
    _E.MUTED: frozenset({_K.MUTE}),
    _E.UNMUTED: frozenset({_K.UNMUTE}),
    _E.TRANSFERRED: frozenset({_K.TRANSFER_BLIND, _K.TRANSFER_WARM}),
    _E.CONFERENCE: frozenset({_K.CONFERENCE}),
    _E.HUNG_UP: frozenset({_K.HANGUP}),
}
_WAITING = frozenset({InteractionStatus.QUEUED, InteractionStatus.OFFERED})


@dataclass(frozen=True)
class CallEvent:
    """One thing the PBX says about one call, whichever webhook carried it."""

    call_id: str
    kind: CallEventKind
    caller: str | None = None
    called: str | None = None
    extension: str | None = None
    skill: str | None = None
    priority: Priority | None = None
    target: str | None = None
    at: datetime | None = None
    inbound: bool = True


def apply_call_event(session: Session, event: CallEvent, *, settings: Settings) -> WebhookResult:
    """Queue a new call or update a known one; nothing is committed here."""
    write_lock(session)  # before the row lock, in the order every writer takes them
    interaction = session.scalar(
        select(Interaction)
        .where(Interaction.channel == Channel.VOICE, Interaction.external_id == event.call_id)
        .with_for_update()
    )
    if interaction is None:
        if event.kind is _E.RINGING and event.inbound:
            return _open(session, event, settings)
        _log.warning("telephony: %s for unknown call %s ignored", event.kind, event.call_id)
        return WebhookResult(outcome=WebhookOutcome.IGNORED)
    known = WebhookResult(outcome=WebhookOutcome.IGNORED, interaction_id=interaction.id)
    if interaction.call_state is CallState.ENDED:
        _log.info("telephony: %s for call %s ignored: it has ended", event.kind, event.call_id)
        return known
    if event.kind is _E.RINGING:
        return _rang_again(session, interaction, event, settings)
    if event.kind is _E.ANSWERED and interaction.status is not InteractionStatus.ACTIVE:
        _log.info(
            "telephony: call %s answered by the PBX while it waits for an agent; still ringing",
            event.call_id,
        )
        return known
    at = event.at or utcnow()
    if event.kind is _E.HUNG_UP:
        _end(session, interaction, at)
    elif event.kind in (_E.MUTED, _E.UNMUTED):
        interaction.muted = event.kind is _E.MUTED
    else:
        interaction.call_state = _STATE_AFTER[event.kind]
        _count_hold(interaction, event.kind, at)
        if event.kind is _E.TRANSFERRED:
            interaction.transferred = True
    _confirm(session, interaction.id, event.kind)
    _log.info("telephony: call %s %s", event.call_id, event.kind)
    return WebhookResult(outcome=WebhookOutcome.UPDATED, interaction_id=interaction.id)


def _open(session: Session, event: CallEvent, settings: Settings) -> WebhookResult:
    """A new inbound call: a queued voice interaction, with the caller matched if unambiguous."""
    raw_caller = event.caller or ""
    caller = normalised_phone(raw_caller, region=settings.default_region)
    requested = agent_at(session, event.extension)
    if event.extension and requested is None:
        _log.warning(
            "telephony: call %s names extension %s, which no agent has",
            event.call_id,
            event.extension,
        )
    interaction = Interaction(
        id=new_id(),  # known before its row is written: the offer may be made first
        channel=Channel.VOICE,
        direction=Direction.INBOUND,
        status=InteractionStatus.QUEUED,
        priority=event.priority or Priority.NORMAL,
        external_id=event.call_id,
        from_address=caller or raw_caller,
        to_address=event.called,
        customer_id=customer_by_phone(session, caller),
        skill=event.skill,
        requested_agent_id=requested,
        call_state=CallState.RINGING,
        queued_at=utcnow(),
    )
    stamp_due(interaction, settings=settings)
    session.add(interaction)
    offered = offer_to_requested_agent(session, settings, interaction)
    session.flush()
    if offered:
        _log.info("telephony: call %s from %s offered", event.call_id, interaction.from_address)
        return WebhookResult(outcome=WebhookOutcome.OFFERED, interaction_id=interaction.id)
    _log.info("telephony: call %s from %s queued", event.call_id, interaction.from_address)
    return WebhookResult(outcome=WebhookOutcome.QUEUED, interaction_id=interaction.id)


def _rang_again(
    session: Session, interaction: Interaction, event: CallEvent, settings: Settings
) -> WebhookResult:
    """A known call rings again: only a newly named extension changes anything."""
    requested = agent_at(session, event.extension)
    if (
        interaction.status is InteractionStatus.QUEUED
        and requested is not None
        and requested != interaction.requested_agent_id
    ):
        interaction.requested_agent_id = requested
        offer_to_requested_agent(session, settings, interaction)
        _log.info("telephony: call %s now rings at extension %s", event.call_id, event.extension)
        return WebhookResult(outcome=WebhookOutcome.UPDATED, interaction_id=interaction.id)
    _log.info("telephony: repeated ringing for call %s ignored", event.call_id)
    return WebhookResult(outcome=WebhookOutcome.DUPLICATE, interaction_id=interaction.id)


def _count_hold(interaction: Interaction, kind: CallEventKind, at: datetime) -> None:
    """Keep hold time for the figures (talk time is connected time less hold).

    A hold starts the clock (a repeated hold keeps the first start); resuming
    adds the stretch to ``hold_seconds``.
    """
    if kind is _E.HOLD and interaction.hold_started_at is None:
        interaction.hold_started_at = at
    elif kind is _E.RESUMED:
        _stop_hold(interaction, at)


def _stop_hold(interaction: Interaction, at: datetime) -> None:
    """Add the hold in progress, if any, to ``hold_seconds``."""
    started = interaction.hold_started_at
    if started is not None:
        interaction.hold_seconds += max(0.0, (at - started).total_seconds())
        interaction.hold_started_at = None


def _end(session: Session, interaction: Interaction, at: datetime) -> None:
    """The call is over: a waiting caller abandoned it, an agent's call goes to wrap-up."""
    if interaction.status in _WAITING:
        withdraw(session, interaction)
        interaction.status = InteractionStatus.ABANDONED
    elif interaction.status is InteractionStatus.ACTIVE:
        interaction.status = InteractionStatus.WRAP_UP
        acw.stamp_deadline(interaction, at)
    _stop_hold(interaction, at)
    interaction.call_state = CallState.ENDED
    interaction.muted = False
    interaction.ended_at = interaction.ended_at or at


def _confirm(session: Session, interaction_id: uuid.UUID, kind: CallEventKind) -> None:
    """Mark the oldest command this event carries out as confirmed."""
    command = session.scalar(
        select(CallCommand)
        .where(
            CallCommand.interaction_id == interaction_id,
            CallCommand.status == CallCommandStatus.SENT,
            CallCommand.command.in_(_CONFIRMS[kind]),
        )
        .order_by(CallCommand.created_at, CallCommand.id)
        .limit(1)
    )
    if command is not None:
        command.status = CallCommandStatus.CONFIRMED
