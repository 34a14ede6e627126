"""Call control: the desk asks, the adapter tells the PBX, the PBX's events decide.

Every request is recorded as a :class:`CallCommand` and committed before it is
sent, so the PBX's answer, however quick, finds it; a command the adapter
could not deliver is marked failed with the reason, which the desk shows.
Nothing here touches ``call_state``. Routing imports this module (accepting a
call's offer connects the agent), so this module never imports routing.
"""

import logging
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.domain.enums import (
    CallCommandKind,
    CallCommandStatus,
    CallState,
    Channel,
    Direction,
    InteractionStatus,
    Role,
    TransferTarget,
)
from desk_app.domain.ids import new_id
from desk_app.domain.phones import InvalidPhoneError, to_e164
from desk_app.server.audit import service as audit
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Forbidden, Problem
from desk_app.server.customers import service as customers
from desk_app.server.customers.models import Customer
from desk_app.server.followups import service as followups
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing.models import AgentProfile
from desk_app.server.telephony.adapters import TelephonyError, adapter_for
from desk_app.server.telephony.matching import customer_by_phone
from desk_app.server.telephony.models import CallCommand
from desk_app.server.telephony.schemas import CallControl, DialRequest
from desk_app.server.users.assignment import active_user
from desk_app.server.users.models import User

_log = logging.getLogger(__name__)
_K = CallCommandKind
_TRANSFERS = frozenset({_K.TRANSFER_BLIND, _K.TRANSFER_WARM})
_AUDITED = _TRANSFERS | {_K.CONFERENCE}
_MANAGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
_OVER = frozenset({InteractionStatus.DONE, InteractionStatus.ABANDONED})


class CallControlFailed(Problem):
    """502: the telephony system did not take the command; the detail is its reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            502,
            reason,
            title="The telephony system refused the command",
            type_="/problems/telephony",
        )


def _validation(detail: str) -> Problem:
    return Problem(422, detail, type_="/problems/validation")


def _send(
    session: Session,
    *,
    interaction: Interaction,
    agent: User,
    kind: CallCommandKind,
    target: str | None,
    settings: Settings,
) -> CallCommand:
    """Record the command (commits), hand it to the adapter, mark it failed if that fails."""
    call_id = interaction.external_id
    assert call_id is not None  # every caller checks it is a call
    command = CallCommand(
        interaction_id=interaction.id,
        agent_id=agent.id,
        command=kind,
        target=target,
        status=CallCommandStatus.SENT,
    )
    session.add(command)
    session.commit()
    adapter = adapter_for(settings, sessionmaker(session.get_bind(), expire_on_commit=False))
    try:
        adapter.send(kind, call_id, target)
    except TelephonyError as exc:
        command.status = CallCommandStatus.FAILED
        command.error = str(exc)
        session.commit()
        _log.warning("telephony: %s for call %s failed: %s", kind, call_id, exc)
        raise CallControlFailed(str(exc)) from exc
    return command


def _extension(session: Session, user_id: uuid.UUID) -> str | None:
    return session.scalar(select(AgentProfile.extension).where(AgentProfile.user_id == user_id))


def connect_agent(
    session: Session, interaction: Interaction, agent: User, settings: Settings
) -> None:
    """Ask the PBX to put the call through to ``agent``, who accepted its offer.

    Call it after the accept is committed: this commits the command itself.
    Anything but a voice interaction with a telephony id needs no connecting
    and is left alone. Raises :class:`CallControlFailed` (502) with the reason
    if the adapter refused.
    """
    if interaction.channel is not Channel.VOICE or interaction.external_id is None:
        return
    extension = _extension(session, agent.id)
    target = f"agent:{extension}" if extension else None
    _send(
        session,
        interaction=interaction,
        agent=agent,
        kind=_K.ANSWER,
        target=target,
        settings=settings,
    )


def _ensure_controls(user: User, interaction: Interaction) -> None:
    """The agent on the call, or a supervisor who sees it (their team's) or an admin."""
    if interaction.assigned_agent_id != user.id and user.role not in _MANAGERS:
        raise Forbidden("only the agent on the call or a supervisor may control it")
    if interaction.channel is not Channel.VOICE or interaction.external_id is None:
        raise Problem(409, "this interaction is not a telephone call")
    if interaction.call_state is CallState.ENDED or interaction.status in _OVER:
        raise Problem(409, "the call has ended")


def _target(session: Session, user: User, data: CallControl, settings: Settings) -> str | None:
    """The target as the PBX reads it: ``agent:<ext>``, ``queue:<name>`` or ``number:<E.164>``."""
    if data.target is None or data.target_type is None:
        if data.command is _K.CONFERENCE and user.role in _MANAGERS:
            extension = _extension(session, user.id)  # a supervisor joins the call
            if extension is None:
                raise _validation("target: you have no extension to join the call on")
            return f"agent:{extension}"
        if data.command in _TRANSFERS | {_K.CONFERENCE}:
            raise _validation(f"target: {data.command} needs a target")
        return None
    if data.command not in _TRANSFERS | {_K.CONFERENCE}:
        raise _validation(f"target: {data.command} takes no target")
    if data.target_type is TransferTarget.QUEUE:
        return f"queue:{data.target}"
    if data.target_type is TransferTarget.NUMBER:
        region = customers.region_for(session=session, user=user, settings=settings)
        try:
            return f"number:{to_e164(data.target, region=region)}"
        except InvalidPhoneError as exc:
            raise _validation(f"target: {exc}") from None
    try:
        agent_id = uuid.UUID(data.target)
    except ValueError:
        raise _validation("target: an agent is named by their user id") from None
    active_user(session, agent_id, field="target")
    extension = _extension(session, agent_id)
    if extension is None:
        raise _validation("target: that agent has no extension to reach them on")
    return f"agent:{extension}"


def command(
    session: Session,
    *,
    user: User,
    interaction: Interaction,
    data: CallControl,
    settings: Settings,
    address: str,
) -> CallCommand:
    """Send a desk's call-control request; transfers and conferences are audited.

    A transfer marks the interaction ``transferred`` (the PBX's own transfer
    event does too, for one made at the phone).
    """
    _ensure_controls(user, interaction)
    target = _target(session, user, data, settings)
    if data.command in _AUDITED:
        audit.record(
            session,
            actor=user,
            action=f"call.{data.command.value}",
            target_type="interaction",
            target_id=interaction.id,
            address=address,
            target=target,
        )
    if data.command not in _TRANSFERS:
        return _send(
            session,
            interaction=interaction,
            agent=user,
            kind=data.command,
            target=target,
            settings=settings,
        )
    # Counted as transferred (never a first-contact resolution) with the command, whichever
    # adapter carries it: Twilio reports no transfer event. Undone if the PBX refuses.
    before, interaction.transferred = interaction.transferred, True
    try:
        return _send(
            session,
            interaction=interaction,
            agent=user,
            kind=data.command,
            target=target,
            settings=settings,
        )
    except CallControlFailed:
        interaction.transferred = before
        session.commit()
        raise


def _visible_match(session: Session, user: User, number: str) -> uuid.UUID | None:
    """The one customer with ``number``, if the caller may see them."""
    matched = customer_by_phone(session, number)
    if matched is None:
        return None
    return session.scalar(
        customers.visible(user=user).where(Customer.id == matched).with_only_columns(Customer.id)
    )


def _callback_to_dial(session: Session, user: User, interaction_id: uuid.UUID) -> Interaction:
    """The outbound call the caller accepted (a due callback) and has not dialled yet."""
    interaction = session.get(Interaction, interaction_id, with_for_update=True)
    if (
        interaction is None
        or interaction.assigned_agent_id != user.id
        or interaction.channel is not Channel.VOICE
        or interaction.direction is not Direction.OUTBOUND
    ):
        raise _validation("interaction_id: names no outbound call of yours")
    if interaction.status is not InteractionStatus.ACTIVE or interaction.external_id is not None:
        raise Problem(409, "this call was dialled already, or is over")
    return interaction


def dial(session: Session, *, user: User, data: DialRequest, settings: Settings) -> Interaction:
    """Click-to-dial: an outbound call assigned to the caller, active, ringing at the far end.

    With ``interaction_id`` (a callback offered to the caller and accepted)
    that interaction is the call; otherwise a new one is. The call's id is
    Desk's own (``desk-<interaction id>``); the PBX's events use it. A number
    a customer asked not to be called on is refused (409). If the adapter
    refuses, a new interaction is closed as ``dial_failed``; a callback stays
    active, undialled, to be dialled again or wrapped up.
    """
    region = customers.region_for(session=session, user=user, settings=settings)
    try:
        number = to_e164(data.number, region=region)
    except InvalidPhoneError as exc:
        raise _validation(f"number: {exc}") from None
    if followups.do_not_contact(session, number):
        raise Problem(409, followups.DO_NOT_CONTACT)
    if data.customer_id is not None:
        customers.ensure_visible(session=session, user=user, customer_id=data.customer_id)
        customer_id: uuid.UUID | None = data.customer_id
    else:
        customer_id = _visible_match(session, user, number)
    if data.interaction_id is not None:
        interaction = _callback_to_dial(session, user, data.interaction_id)
        interaction.external_id = f"desk-{interaction.id}"
        interaction.to_address = number
        interaction.customer_id = interaction.customer_id or customer_id
        interaction.call_state = CallState.RINGING
        new = False
    else:
        interaction = _new_call(user, number, customer_id)
        session.add(interaction)
        new = True
    try:
        _send(
            session,
            interaction=interaction,
            agent=user,
            kind=_K.DIAL,
            target=f"number:{number}",
            settings=settings,
        )
    except CallControlFailed:
        if new:
            interaction.status = InteractionStatus.DONE
            interaction.call_state = CallState.ENDED
            interaction.disposition = "dial_failed"
            interaction.ended_at = interaction.wrapped_at = utcnow()
        else:
            interaction.external_id = None
            interaction.call_state = None
        session.commit()
        raise
    return interaction


def _new_call(user: User, number: str, customer_id: uuid.UUID | None) -> Interaction:
    now = utcnow()
    interaction_id = new_id()
    return Interaction(
        id=interaction_id,
        channel=Channel.VOICE,
        direction=Direction.OUTBOUND,
        status=InteractionStatus.ACTIVE,
        external_id=f"desk-{interaction_id}",
        to_address=number,
        customer_id=customer_id,
        assigned_agent_id=user.id,
        team_id=user.team_id,
        store_id=user.store_id,
        queued_at=now,
        offered_at=now,
        answered_at=now,
        call_state=CallState.RINGING,
    )
