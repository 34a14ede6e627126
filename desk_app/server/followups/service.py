"""Follow-ups: set one on a ticket or interaction the caller sees, edit it, list what is due.

Reps see their own, supervisors their team's, admins all (the work scope).
An edit is the owner's or a manager's of the follow-up's team; the last
writer wins (a follow-up is one person's plan, not a shared record).
"""

import uuid
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk_app.domain.access import Resource
from desk_app.domain.enums import FollowUpKind, InteractionStatus, Role
from desk_app.domain.followups import OVERDUE_AFTER, check_follow_up
from desk_app.domain.pan import mask_pans
from desk_app.domain.phones import InvalidPhoneError, to_e164
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Forbidden, NotFound, Problem
from desk_app.server.core.scoping import in_scope, scope_filter
from desk_app.server.customers import service as customers
from desk_app.server.customers.models import CustomerPhone
from desk_app.server.followups.models import FollowUp
from desk_app.server.followups.schemas import FollowUpSet
from desk_app.server.interactions import service as interactions
from desk_app.server.interactions.models import Interaction
from desk_app.server.tickets import service as tickets
from desk_app.server.users.models import User

_TRIES = 3  # a lost race on the version: the last writer applies again on the new one


def _invalid(detail: str) -> Problem:
    return Problem(422, detail, type_="/problems/validation")


def visible(
    *,
    user: User,
    overdue: bool = False,
    owner_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Select[FollowUp]:
    """Follow-ups ``user`` may see; ``overdue``: open ones more than OVERDUE_AFTER past due."""
    statement = select(FollowUp).where(
        scope_filter(
            user,
            Resource.WORK,
            own=FollowUp.owner_id,
            team=FollowUp.team_id,
            store=FollowUp.store_id,
        )
    )
    if overdue:
        cutoff = (now or utcnow()) - OVERDUE_AFTER
        statement = statement.where(FollowUp.done_at.is_(None), FollowUp.due_at < cutoff)
    if owner_id is not None:
        statement = statement.where(FollowUp.owner_id == owner_id)
    return statement


def _customer_of(
    session: Session, user: User, subject_type: str, subject_id: uuid.UUID
) -> uuid.UUID | None:
    """The subject's customer, if the caller sees the subject (else 422)."""
    try:
        if subject_type == "ticket":
            return tickets.get(session=session, user=user, ticket_id=subject_id).customer_id
        return interactions.get(session=session, user=user, interaction_id=subject_id).customer_id
    except NotFound:
        raise _invalid(f"subject_id names no {subject_type} you can see") from None


def normalise_phone(
    session: Session, user: User, settings: Settings, phone: str | None
) -> str | None:
    """The number in E.164 (read in the caller's region), or 422 if it is not a number."""
    if not (phone or "").strip():
        return None
    region = customers.region_for(session=session, user=user, settings=settings)
    try:
        return to_e164(str(phone), region=region)
    except InvalidPhoneError as exc:
        raise _invalid(f"phone: {exc}") from None


DO_NOT_CONTACT = "the customer asked not to be called on this number"


def do_not_contact(session: Session, phone: str) -> bool:
    """Whether any customer asked not to be called on ``phone`` (E.164)."""
    flagged = select(CustomerPhone.id).where(
        CustomerPhone.e164 == phone, CustomerPhone.do_not_contact.is_(True)
    )
    return session.scalar(flagged.limit(1)) is not None


def _may_edit(user: User, follow_up: FollowUp) -> bool:
    if follow_up.owner_id == user.id or user.role is Role.ADMIN:
        return True
    return user.role is Role.SUPERVISOR and in_scope(user, Resource.WORK, team=follow_up.team_id)


def _fields(
    session: Session, user: User, settings: Settings, data: FollowUpSet, kept: FollowUp | None
) -> dict[str, object]:
    """The follow-up's fields from ``data``; an edit keeps the phone and note it leaves out."""
    given = data.model_fields_set
    if kept is None or "phone" in given:
        phone = normalise_phone(session, user, settings, data.phone)
    else:
        phone = kept.phone
    note = mask_pans(data.note) if kept is None or "note" in given else kept.note
    try:
        check_follow_up(data.kind, phone, note)
    except ValueError as exc:
        raise _invalid(str(exc)) from None
    return {
        "subject_type": data.subject_type,
        "subject_id": data.subject_id,
        "kind": data.kind,
        "due_at": data.due_at,
        "phone": phone,
        "note": note,
    }


def put(
    *,
    session: Session,
    user: User,
    follow_up_id: uuid.UUID,
    data: FollowUpSet,
    settings: Settings,
) -> FollowUp:
    """Create the follow-up ``follow_up_id`` for the caller, or edit it (last writer wins).

    An edit sets the subject, kind and due time it names; phone, note and done
    left out stay as they are (a desk moving a follow-up sends only those).
    """
    existing = session.get(FollowUp, follow_up_id)
    if existing is not None and not _may_edit(user, existing):
        if session.scalar(visible(user=user).where(FollowUp.id == follow_up_id)) is None:
            raise NotFound("follow-up")
        raise Forbidden("only its owner or a manager of the team may change a follow-up")
    subject_changed = existing is None or (existing.subject_type, existing.subject_id) != (
        data.subject_type,
        data.subject_id,
    )
    customer_id = (
        _customer_of(session, user, data.subject_type, data.subject_id)
        if subject_changed
        else existing.customer_id  # type: ignore[union-attr]
    )
    fields = _fields(session, user, settings, data, existing)
    if existing is None:
        follow_up = FollowUp(
            id=follow_up_id,
            owner_id=user.id,
            team_id=user.team_id,
            store_id=user.store_id,
            customer_id=customer_id,
            done_at=utcnow() if data.done else None,
            **fields,
        )
        session.add(follow_up)
        session.commit()
        return follow_up
    return _edit(session, existing, {**fields, "customer_id": customer_id}, data.done)


def _edit(
    session: Session, follow_up: FollowUp, fields: dict[str, object], done: bool | None
) -> FollowUp:
    for attempt in range(_TRIES):
        for name, value in fields.items():
            setattr(follow_up, name, value)
        if done is not None and done != (follow_up.done_at is not None):
            follow_up.done_at = utcnow() if done else None
            if done:
                _drop_waiting_call(session, follow_up)
        try:
            session.commit()
            return follow_up
        except StaleDataError:
            session.rollback()
            session.refresh(follow_up)
            if attempt == _TRIES - 1:
                raise Problem(409, "the follow-up kept changing; try again") from None
    return follow_up


def _drop_waiting_call(session: Session, follow_up: FollowUp) -> None:
    """A callback done before anyone took its call: the call waiting in the queue is dropped.

    One already offered or taken is left to whoever has it. Should the router
    offer it meanwhile, the interaction's version check makes this edit try again.
    """
    if follow_up.interaction_id is None:
        return
    call = session.get(Interaction, follow_up.interaction_id, populate_existing=True)
    if (
        call is not None
        and call.status is InteractionStatus.QUEUED
        and call.assigned_agent_id is None
    ):
        call.status = InteractionStatus.ABANDONED
        call.ended_at = follow_up.done_at


def add(
    session: Session,
    *,
    owner: User,
    subject_type: str,
    subject_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    kind: FollowUpKind,
    due_at: datetime,
    phone: str | None = None,
    note: str = "",
) -> FollowUp:
    """A follow-up a wrap-up sets in motion, added to the caller's transaction (no commit)."""
    follow_up = FollowUp(
        subject_type=subject_type,
        subject_id=subject_id,
        customer_id=customer_id,
        owner_id=owner.id,
        team_id=owner.team_id,
        store_id=owner.store_id,
        kind=kind,
        due_at=due_at,
        phone=phone,
        note=mask_pans(note),
    )
    session.add(follow_up)
    return follow_up
