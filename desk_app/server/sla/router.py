"""/interactions/{id}/sla: stop and restart an interaction's SLA clock."""

import uuid

from fastapi import APIRouter

from desk_app.domain.access import Resource, Scope, scope_of
from desk_app.domain.pan import mask_pans
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Forbidden
from desk_app.server.core.versioning import commit_versioned
from desk_app.server.dependencies import CurrentUser, SessionDep, SettingsDep
from desk_app.server.interactions import service as interactions
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.schemas import InteractionRead
from desk_app.server.sla import service
from desk_app.server.sla.schemas import SlaPauseCreate
from desk_app.server.users.models import User

router = APIRouter(prefix="/interactions/{interaction_id}/sla", tags=["sla"])


def _editable(session: SessionDep, user: User, interaction_id: uuid.UUID) -> Interaction:
    """The interaction, if the caller may change it (a rep: only once it is theirs)."""
    interaction = interactions.get(session=session, user=user, interaction_id=interaction_id)
    if interaction.assigned_agent_id is None and scope_of(user.role, Resource.WORK) is Scope.OWN:
        raise Forbidden("take the interaction from the queue before changing it")
    return interaction


@router.post("/pause", response_model=InteractionRead)
def pause_sla(
    interaction_id: uuid.UUID, body: SlaPauseCreate, user: CurrentUser, session: SessionDep
) -> Interaction:
    """Stop the clock (e.g. ``pending_customer``); the pause is logged until resumed."""
    interaction = _editable(session, user, interaction_id)
    service.pause(
        session=session, interaction=interaction, reason=mask_pans(body.reason), now=utcnow()
    )
    commit_versioned(session, interaction, to_read=InteractionRead.model_validate)
    return interaction


@router.post("/resume", response_model=InteractionRead)
def resume_sla(
    interaction_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Interaction:
    """Restart the clock; the due time moves later by the business time it stood still."""
    interaction = _editable(session, user, interaction_id)
    service.resume(session=session, interaction=interaction, settings=settings, now=utcnow())
    commit_versioned(session, interaction, to_read=InteractionRead.model_validate)
    return interaction
