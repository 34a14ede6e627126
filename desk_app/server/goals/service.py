"""Goals: read in the caller's scope, set and removed by the team's supervisor or an admin."""

import uuid

from sqlalchemy import ColumnElement, Select, and_, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.enums import Role
from desk_app.server.audit.service import record
from desk_app.server.core.problems import Forbidden, NotFound, Problem
from desk_app.server.goals.models import Goal
from desk_app.server.goals.schemas import GoalSet
from desk_app.server.stats.access import may_manage
from desk_app.server.users.models import Team, User

_ATTEMPTS = 2  # a concurrent first set of the same goal: the second try updates its row


def _applying_to(person: User) -> ColumnElement[bool]:
    """The rep's own goals and their team's."""
    own = Goal.user_id == person.id
    if person.team_id is None:
        return own
    return or_(own, and_(Goal.user_id.is_(None), Goal.team_id == person.team_id))


def _scope(user: User) -> ColumnElement[bool]:
    if user.role is Role.ADMIN:
        return true()
    if user.role is Role.SUPERVISOR and user.team_id is not None:
        # a rep's goal carries the rep's team, so the team's supervisor sees it
        return or_(Goal.team_id == user.team_id, Goal.user_id == user.id)
    return _applying_to(user)


def visible(
    *, user: User, user_id: uuid.UUID | None = None, team_id: uuid.UUID | None = None
) -> Select[Goal]:
    """Goals the caller may read, narrowed to one rep's or one team's if asked."""
    statement = select(Goal).where(_scope(user))
    if user_id is not None:
        statement = statement.where(Goal.user_id == user_id)
    if team_id is not None:
        statement = statement.where(Goal.team_id == team_id)
    return statement.order_by(Goal.team_id, Goal.user_id, Goal.metric)


def applying_to(session: Session, person: User) -> list[Goal]:
    """What the rep is measured against: their own goals and their team's."""
    return list(session.scalars(select(Goal).where(_applying_to(person)).order_by(Goal.metric)))


def _team_of_goal(session: Session, user: User, data: GoalSet) -> uuid.UUID | None:
    """The team the goal belongs to: the rep's for a rep's goal, else the one named (or own)."""
    if data.user_id is not None:
        person = session.get(User, data.user_id)
        if person is None:
            raise NotFound("user")
        if data.team_id is not None and data.team_id != person.team_id:
            raise Problem(
                422, "team_id: the rep belongs to another team", type_="/problems/validation"
            )
        return person.team_id
    team_id = data.team_id or user.team_id
    if team_id is None:
        raise Problem(422, "team_id: name the team or the rep", type_="/problems/validation")
    if session.get(Team, team_id) is None:
        raise NotFound("team")
    return team_id


def set_goal(session: Session, *, user: User, data: GoalSet, address: str) -> Goal:
    """Create or replace the team's (or the rep's) goal for one metric; audited ``goal.set``."""
    team_id = _team_of_goal(session, user, data)
    if not may_manage(user, team_id):
        raise Forbidden("you may set goals for your own team and its members only")
    if data.user_id is not None:
        key = Goal.user_id == data.user_id
    else:
        key = and_(Goal.user_id.is_(None), Goal.team_id == team_id)
    for _attempt in range(_ATTEMPTS):
        goal = session.scalar(select(Goal).where(key, Goal.metric == data.metric.value))
        if goal is None:
            goal = Goal(user_id=data.user_id, metric=data.metric.value)
            session.add(goal)
        goal.team_id = team_id
        goal.target = data.target
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            continue
        record(
            session,
            actor=user,
            action="goal.set",
            target_type="goal",
            target_id=goal.id,
            address=address,
            metric=goal.metric,
            target=goal.target,
            team_id=str(team_id) if team_id else None,
            user_id=str(data.user_id) if data.user_id else None,
        )
        session.commit()
        return goal
    raise Problem(409, "the goal was being set by someone else at the same time; try again")


def get_managed(session: Session, *, user: User, goal_id: uuid.UUID) -> Goal:
    """A goal the caller manages (others' are not found, as elsewhere in the API)."""
    goal = session.get(Goal, goal_id)
    if goal is None or not may_manage(user, goal.team_id):
        raise NotFound("goal")
    return goal


def delete(session: Session, *, user: User, goal: Goal, address: str) -> None:
    """Remove a goal (the team's or the defaults then apply); audited ``goal.delete``."""
    record(
        session,
        actor=user,
        action="goal.delete",
        target_type="goal",
        target_id=goal.id,
        address=address,
        metric=goal.metric,
        team_id=str(goal.team_id) if goal.team_id else None,
        user_id=str(goal.user_id) if goal.user_id else None,
    )
    session.delete(goal)
    session.commit()
