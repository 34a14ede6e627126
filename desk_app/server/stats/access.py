"""Whose figures a caller may read: a rep their own, a supervisor their team's, an admin all.

Shared by the stats, day-data, goal and shift-report routes so each applies
the same rule with the same wording.
"""

import uuid
from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from desk_app.domain.enums import Role
from desk_app.server.core.problems import Forbidden, NotFound, Problem
from desk_app.server.dependencies import CurrentUser
from desk_app.server.users.models import Team, User

MANAGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
_WITH_A_TEAM = frozenset({Role.REP, Role.SUPERVISOR, Role.ADMIN})


def _manager(user: CurrentUser) -> User:
    if user.role not in MANAGERS:
        raise Forbidden(f"a {user.role} may not do this; ask your supervisor")
    return user


def _team_staff(user: CurrentUser) -> User:
    if user.role not in _WITH_A_TEAM:
        raise Forbidden(f"a {user.role} has no team figures to read")
    return user


Manager = Annotated[User, Depends(_manager)]
"""The caller, if a supervisor or an admin (checked before the request body is read)."""

TeamStaff = Annotated[User, Depends(_team_staff)]
"""The caller, if someone who works in a contact-centre team (not retail staff)."""


def may_manage(user: User, team_id: uuid.UUID | None) -> bool:
    """Whether ``user`` manages records of ``team_id``: an admin any, a supervisor their own."""
    if user.role is Role.ADMIN:
        return True
    return user.role is Role.SUPERVISOR and team_id is not None and team_id == user.team_id


def readable_team(session: Session, user: User, team_id: uuid.UUID | None) -> Team:
    """The team whose figures ``user`` asks for: their own unless an admin names one."""
    if team_id is None:
        if user.role is Role.ADMIN:
            raise Problem(422, "team_id: name the team", type_="/problems/validation")
        team_id = user.team_id
        if team_id is None:
            raise Problem(422, "you belong to no team", type_="/problems/validation")
    elif user.role is not Role.ADMIN and team_id != user.team_id:
        raise Forbidden("you may read the figures of your own team only")
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound("team")
    return team


def readable_user(session: Session, user: User, user_id: uuid.UUID | None) -> User:
    """The person whose day ``user`` asks for: self, a supervisor's team member, anyone (admin)."""
    if user_id is None or user_id == user.id:
        return user
    if user.role not in MANAGERS:
        raise Forbidden("you may read your own day only")
    target = session.get(User, user_id)
    if target is None:
        raise NotFound("user")
    if not may_manage(user, target.team_id):
        raise Forbidden("you may read the days of your own team's members only")
    return target
