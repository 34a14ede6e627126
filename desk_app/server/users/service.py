"""Creating and changing staff accounts; every change of power is audited."""

import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desk_app.domain.access import Resource
from desk_app.domain.enums import Role
from desk_app.server.audit import service as audit
from desk_app.server.auth.passwords import hash_password
from desk_app.server.auth.service import revoke_all_for
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.core.scoping import in_scope, scope_filter
from desk_app.server.core.versioning import apply_update
from desk_app.server.routing import profiles
from desk_app.server.users.models import Store, Team, User
from desk_app.server.users.schemas import DirectoryEntry, UserCreate, UserRead, UserUpdate


def visible(*, user: User) -> Select[User]:
    """Accounts ``user`` may list."""
    return select(User).where(scope_filter(user, Resource.USER, own=User.id, team=User.team_id))


def get(*, session: Session, user: User, user_id: uuid.UUID) -> User:
    """One account, if ``user`` may see it."""
    found = session.get(User, user_id)
    if found is None or not in_scope(user, Resource.USER, own=found.id, team=found.team_id):
        raise NotFound("user")
    return found


def _check_refs(session: Session, *, team_id: uuid.UUID | None, store_id: uuid.UUID | None) -> None:
    if team_id is not None and session.get(Team, team_id) is None:
        raise Problem(422, "team_id names no team")
    if store_id is not None and session.get(Store, store_id) is None:
        raise Problem(422, "store_id names no store")


def create(
    *, session: Session, actor: User | None, data: UserCreate, address: str | None = None
) -> User:
    """Create an account (audited: creating an account grants a role)."""
    _check_refs(session, team_id=data.team_id, store_id=data.store_id)
    new = User(
        username=data.username,
        display_name=data.display_name,
        password_hash=hash_password(data.password),
        role=data.role,
        team_id=data.team_id,
        store_id=data.store_id,
    )
    audit.create_audited(
        session,
        new,
        actor=actor,
        action="user.create",
        target_type="user",
        address=address,
        username=new.username,
        role=str(new.role),
        taken=f"the username {data.username!r} is taken",
    )
    return new


def update(
    *, session: Session, actor: User, target: User, data: UserUpdate, address: str | None
) -> User:
    """Change an account; role, team and deactivation are audited and end old sessions."""
    before = {"role": str(target.role), "team_id": str(target.team_id), "active": target.active}
    _check_refs(session, team_id=data.team_id, store_id=data.store_id)
    if target.id == actor.id and data.role not in (None, Role.ADMIN):
        raise Problem(422, "an admin cannot take away their own admin role")
    changed = data.model_dump(exclude_unset=True, exclude={"version"})
    powerful = {"role", "team_id", "store_id", "active"} & changed.keys()
    if powerful:
        audit.record(
            session,
            actor=actor,
            action="user.role_change" if "role" in changed else "user.update",
            target_type="user",
            target_id=target.id,
            address=address,
            before=before,
            after={key: str(value) for key, value in changed.items()},
        )
        revoke_all_for(session, target)
    if "team_id" in changed:
        profiles.follow_team(session, target.id, data.team_id)
    apply_update(session, target, data, to_read=UserRead.model_validate)
    return target


def directory(*, session: Session) -> list[DirectoryEntry]:
    """Every active colleague, with their team's department, in one query (any role may ask).

    Wider than :func:`visible` on purpose: a rep @mentions people outside their
    own team, and the entries carry nothing a colleague's badge would not.
    """
    rows = session.execute(
        select(User.id, User.username, User.display_name, User.team_id, Team.department)
        .outerjoin(Team, User.team_id == Team.id)
        .where(User.active.is_(True))
        .order_by(User.username)
    )
    return [
        DirectoryEntry(
            id=row.id,
            username=row.username,
            display_name=row.display_name,
            team_id=row.team_id,
            department=row.department,
        )
        for row in rows
    ]


def teams(*, session: Session) -> list[Team]:
    return list(session.scalars(select(Team).order_by(Team.name)))


def stores(*, session: Session) -> list[Store]:
    return list(session.scalars(select(Store).order_by(Store.code)))
