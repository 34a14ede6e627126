"""/interactions: the work list, walk-ins and outbound contacts, wrap-up and reassignment."""

import uuid

from fastapi import APIRouter, status

from desk_app.domain.enums import Channel, InteractionStatus
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import (
    AddressDep,
    CurrentUser,
    PageDep,
    SessionDep,
    SettingsDep,
)
from desk_app.server.interactions import service, wrapup
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.schemas import (
    InteractionCreate,
    InteractionRead,
    InteractionUpdate,
)

router = APIRouter(prefix="/interactions", tags=["interactions"])


@router.get("", response_model=Page[InteractionRead])
def list_interactions(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    status: InteractionStatus | None = None,
    channel: Channel | None = None,
    customer_id: uuid.UUID | None = None,
    assigned_agent_id: uuid.UUID | None = None,
) -> Page[InteractionRead]:
    """Interactions in the caller's scope (for reps: theirs and their queue)."""
    statement = service.visible(
        user=user,
        status=status,
        channel=channel,
        customer_id=customer_id,
        assigned_agent_id=assigned_agent_id,
    )
    return paginate(session, statement, Interaction.id, page, InteractionRead.model_validate)


@router.post("", response_model=InteractionRead, status_code=status.HTTP_201_CREATED)
def create_interaction(
    body: InteractionCreate, user: CurrentUser, session: SessionDep
) -> Interaction:
    """Start a walk-in or an outbound call or email, assigned to the caller and active."""
    return service.create(session=session, user=user, data=body)


@router.get("/{interaction_id}", response_model=InteractionRead)
def get_interaction(
    interaction_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> Interaction:
    return service.get(session=session, user=user, interaction_id=interaction_id)


@router.patch("/{interaction_id}", response_model=InteractionRead)
def update_interaction(
    interaction_id: uuid.UUID,
    body: InteractionUpdate,
    user: CurrentUser,
    session: SessionDep,
    address: AddressDep,
    settings: SettingsDep,
) -> Interaction:
    """Change an interaction (versioned); a new agent is a reassignment (managers; audited).

    Status ``done`` is the wrap-up: the code is checked against the queue's, and what it
    means (a callback, a do-not-contact flag, a follow-up ticket) is set in motion.
    """
    interaction = service.get(session=session, user=user, interaction_id=interaction_id)
    if body.status is InteractionStatus.DONE and interaction.status is not InteractionStatus.DONE:
        return wrapup.finish(
            session=session,
            user=user,
            interaction=interaction,
            data=body,
            address=address,
            settings=settings,
        )
    return service.update(
        session=session, user=user, interaction=interaction, data=body, address=address
    )
