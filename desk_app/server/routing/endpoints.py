"""/agents, /presence and the answer to an offer (/interactions/{id}/accept, /decline)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from desk_app.domain.access import Action
from desk_app.domain.enums import AgentState
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import (
    AddressDep,
    CurrentUser,
    PageDep,
    SessionDep,
    SettingsDep,
    require,
)
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.schemas import InteractionRead
from desk_app.server.routing import offers, presence, profiles
from desk_app.server.routing.models import AgentProfile
from desk_app.server.routing.schemas import (
    AgentProfileRead,
    AgentProfileUpdate,
    Heartbeat,
    StateChoice,
)
from desk_app.server.users.models import User

router = APIRouter(tags=["routing"])
# Whoever plans an agent's shifts manages their routing profile and state.
Manager = Annotated[User, Depends(require(Action.SHIFT_EDIT))]


@router.get("/agents", response_model=Page[AgentProfileRead])
def list_agents(
    user: CurrentUser, session: SessionDep, page: PageDep, state: AgentState | None = None
) -> Page[AgentProfileRead]:
    """Agent profiles the caller may see: their own, their team's (supervisors), all (admins)."""
    statement = profiles.visible(user=user, state=state)
    return paginate(session, statement, AgentProfile.id, page, AgentProfileRead.model_validate)


@router.patch("/agents/{user_id}", response_model=AgentProfileRead)
def update_agent(
    user_id: uuid.UUID,
    body: AgentProfileUpdate,
    user: Manager,
    session: SessionDep,
    settings: SettingsDep,
    address: AddressDep,
) -> AgentProfile:
    """Set skills, capacity per channel and extension (versioned; a taken extension → 409)."""
    return profiles.update(
        session=session,
        actor=user,
        user_id=user_id,
        data=body,
        settings=settings,
        address=address,
    )


@router.put("/agents/{user_id}/state", response_model=AgentProfileRead)
def set_agent_state(
    user_id: uuid.UUID,
    body: StateChoice,
    user: Manager,
    session: SessionDep,
    settings: SettingsDep,
    address: AddressDep,
) -> AgentProfile:
    """A supervisor sets a team member's state (cause supervisor; audited)."""
    return presence.supervise(
        session=session,
        actor=user,
        user_id=user_id,
        state=body.state,
        reason=body.reason,
        settings=settings,
        address=address,
    )


@router.put("/presence/state", response_model=AgentProfileRead)
def choose_state(
    body: StateChoice, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> AgentProfile:
    """Pick ready, not ready (break, lunch, training, meeting, recovery) or offline."""
    return presence.choose(
        session=session, user=user, state=body.state, reason=body.reason, settings=settings
    )


@router.post("/presence/heartbeat", response_model=AgentProfileRead)
def heartbeat(
    body: Heartbeat, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> AgentProfile:
    """The desk is alive; a desk that stops sending these goes offline within seconds."""
    return presence.heartbeat(
        session=session, user=user, idle_seconds=body.idle_seconds, settings=settings
    )


@router.post("/interactions/{interaction_id}/accept", response_model=InteractionRead)
def accept_offer(
    interaction_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Interaction:
    """Take the interaction offered to you; a call is connected to your phone."""
    return offers.accept(session, user, interaction_id, settings)


@router.post("/interactions/{interaction_id}/decline", status_code=status.HTTP_204_NO_CONTENT)
def decline_offer(
    interaction_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> None:
    """Refuse the offer; the interaction goes to the next agent and never back to you."""
    offers.decline(session, user, interaction_id, settings)
