"""The updates board: publish, edit and read announcements, and acknowledge them."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, or_, select, true
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.enums import Role
from desk_app.server.audit import service as audit
from desk_app.server.core.db import utcnow
from desk_app.server.core.once import insert_once
from desk_app.server.core.problems import Forbidden, NotFound
from desk_app.server.core.scoping import scope_filter
from desk_app.server.core.versioning import apply_update
from desk_app.server.updates.models import Acknowledgement, Announcement
from desk_app.server.updates.schemas import (
    AcknowledgementReport,
    AnnouncementCreate,
    AnnouncementForUser,
    AnnouncementRead,
    AnnouncementUpdate,
    AudienceMember,
)
from desk_app.server.users.models import User


def _meant_for(user: User) -> ColumnElement[bool]:
    """Announcements whose audience takes in ``user``.

    Everyone's, their team's or their store's, written for any role or for theirs.
    """
    places = [and_(Announcement.team_id.is_(None), Announcement.store_id.is_(None))]
    if user.team_id is not None:
        places.append(Announcement.team_id == user.team_id)
    if user.store_id is not None:
        places.append(Announcement.store_id == user.store_id)
    for_role = or_(Announcement.audience_role.is_(None), Announcement.audience_role == user.role)
    return and_(or_(*places), for_role)


def _visible_to(user: User) -> ColumnElement[bool]:
    """What the caller may read: what is meant for them and what they wrote; admins: all."""
    if user.role == Role.ADMIN:
        return true()
    return or_(_meant_for(user), Announcement.author_id == user.id)


def _unexpired(now: datetime) -> ColumnElement[bool]:
    return or_(Announcement.expires_at.is_(None), Announcement.expires_at > now)


def board(*, user: User, now: datetime | None = None) -> Select[Announcement]:
    """Unexpired announcements the caller may see."""
    return select(Announcement).where(_visible_to(user), _unexpired(now or utcnow()))


def unread_must_reads(*, session: Session, user: User, now: datetime) -> list[Announcement]:
    """Unexpired announcements for ``user`` that need an acknowledgement they have not given.

    What keeps a rep from going ready (the must-read gate), oldest first.
    """
    acknowledged = select(Acknowledgement.id).where(
        Acknowledgement.announcement_id == Announcement.id, Acknowledgement.user_id == user.id
    )
    return list(
        session.scalars(
            select(Announcement)
            .where(
                _meant_for(user),
                _unexpired(now),
                Announcement.requires_ack.is_(True),
                ~acknowledged.exists(),
            )
            .order_by(Announcement.published_at, Announcement.id)
        )
    )


def get(*, session: Session, user: User, announcement_id: uuid.UUID) -> Announcement:
    """One announcement the caller may see (expired ones too)."""
    found = session.scalar(
        select(Announcement).where(Announcement.id == announcement_id, _visible_to(user))
    )
    if found is None:
        raise NotFound("update")
    return found


def for_user(
    *, session: Session, user: User, announcements: Sequence[Announcement]
) -> list[AnnouncementForUser]:
    """``announcements`` with the caller's acknowledgement of each, in one query."""
    ids = [a.id for a in announcements]
    acknowledged = dict(
        session.execute(
            select(Acknowledgement.announcement_id, Acknowledgement.at).where(
                Acknowledgement.user_id == user.id, Acknowledgement.announcement_id.in_(ids)
            )
        ).all()
        if ids
        else []
    )
    return [
        AnnouncementForUser(
            **AnnouncementRead.model_validate(a).model_dump(),
            acknowledged=a.id in acknowledged,
            acknowledged_at=acknowledged.get(a.id),
        )
        for a in announcements
    ]


def _check_audience(user: User, team_id: uuid.UUID | None) -> None:
    if user.role == Role.SUPERVISOR and team_id is not None and team_id != user.team_id:
        raise Forbidden("a supervisor may publish to everyone or to their own team only")


def publish(
    *, session: Session, actor: User, data: AnnouncementCreate, address: str | None
) -> Announcement:
    """Put an announcement on the board (managers; audited)."""
    _check_audience(actor, data.team_id)
    announcement = Announcement(author_id=actor.id, **data.model_dump())
    audit.create_audited(
        session,
        announcement,
        actor=actor,
        action="update.publish",
        target_type="announcement",
        address=address,
        title=announcement.title,
        taken="an update with this id already exists",
    )
    return announcement


def update(
    *,
    session: Session,
    actor: User,
    announcement: Announcement,
    data: AnnouncementUpdate,
    address: str | None,
) -> Announcement:
    """Edit an announcement, if ``data.version`` is still current (managers; audited)."""
    if "team_id" in data.model_fields_set:
        _check_audience(actor, data.team_id)
    audit.record(
        session,
        actor=actor,
        action="update.edit",
        target_type="announcement",
        target_id=announcement.id,
        address=address,
        fields=sorted(data.model_fields_set - {"version"}),
    )
    apply_update(session, announcement, data, to_read=AnnouncementRead.model_validate)
    return announcement


def acknowledge(*, session: Session, user: User, announcement: Announcement) -> Acknowledgement:
    """Record that ``user`` read the announcement; a repeat returns the first acknowledgement."""
    return insert_once(session, Acknowledgement, announcement_id=announcement.id, user_id=user.id)


def _audience(announcement: Announcement) -> ColumnElement[bool]:
    """The staff an announcement is for: its team or store (none: everyone), of its role."""
    places: list[ColumnElement[bool]] = []
    if announcement.team_id is not None:
        places.append(User.team_id == announcement.team_id)
    if announcement.store_id is not None:
        places.append(User.store_id == announcement.store_id)
    where = or_(*places) if places else true()
    if announcement.audience_role is not None:
        where = and_(where, User.role == announcement.audience_role)
    return where


def acknowledgement_report(
    *, session: Session, user: User, announcement: Announcement
) -> AcknowledgementReport:
    """Active audience members the caller may see, split into acknowledged and pending."""
    rows = session.execute(
        select(User.id, User.display_name, Acknowledgement.at)
        .outerjoin(
            Acknowledgement,
            and_(
                Acknowledgement.user_id == User.id,
                Acknowledgement.announcement_id == announcement.id,
            ),
        )
        .where(
            User.active.is_(True),
            _audience(announcement),
            scope_filter(user, Resource.USER, own=User.id, team=User.team_id),
        )
        .order_by(User.display_name, User.id)
    ).all()
    members = [AudienceMember(user_id=i, display_name=n, acknowledged_at=at) for i, n, at in rows]
    done = [m for m in members if m.acknowledged_at is not None]
    return AcknowledgementReport(
        announcement_id=announcement.id,
        audience_count=len(members),
        acknowledged_count=len(done),
        acknowledged=done,
        pending=[m for m in members if m.acknowledged_at is None],
    )
