"""/goals: the targets the personal stats graph and the end-of-shift report measure against."""

import uuid

from fastapi import APIRouter, Response, status

from desk_app.server.dependencies import AddressDep, CurrentUser, SessionDep
from desk_app.server.goals import service
from desk_app.server.goals.models import Goal
from desk_app.server.goals.schemas import GoalRead, GoalSet
from desk_app.server.stats.access import Manager

router = APIRouter(prefix="/goals", tags=["goals"])


@router.get("", response_model=list[GoalRead])
def list_goals(
    user: CurrentUser,
    session: SessionDep,
    user_id: uuid.UUID | None = None,
    team_id: uuid.UUID | None = None,
) -> list[Goal]:
    """Goals in the caller's scope (a rep: their own and their team's; a supervisor: the team's)."""
    return list(session.scalars(service.visible(user=user, user_id=user_id, team_id=team_id)))


@router.put("", response_model=GoalRead)
def set_goal(body: GoalSet, user: Manager, session: SessionDep, address: AddressDep) -> Goal:
    """Set one goal for a team (``team_id``, default the caller's) or one rep (``user_id``)."""
    return service.set_goal(session, user=user, data=body, address=address)


@router.delete("/{goal_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_goal(
    goal_id: uuid.UUID, user: Manager, session: SessionDep, address: AddressDep
) -> Response:
    goal = service.get_managed(session, user=user, goal_id=goal_id)
    service.delete(session, user=user, goal=goal, address=address)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
