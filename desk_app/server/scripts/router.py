"""/scripts: call scripts by category, their revisions, and their editing by managers."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from desk_app.domain.access import Action
from desk_app.server.core.pagination import Page, paginate
from desk_app.server.dependencies import AddressDep, CurrentUser, PageDep, SessionDep, require
from desk_app.server.scripts import service
from desk_app.server.scripts.models import Script, ScriptRevision
from desk_app.server.scripts.schemas import (
    ScriptCreate,
    ScriptRead,
    ScriptRevisionRead,
    ScriptUpdate,
)
from desk_app.server.users.models import User

router = APIRouter(prefix="/scripts", tags=["scripts"])
Editor = Annotated[User, Depends(require(Action.CONTENT_EDIT))]


@router.get("", response_model=Page[ScriptRead])
def list_scripts(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    category: Annotated[str | None, Query(max_length=60)] = None,
) -> Page[ScriptRead]:
    """Scripts (optionally of one category), each with its current revision's definition."""
    return paginate(session, service.listed(category=category), Script.id, page, service.to_read)


@router.get("/{script_id}", response_model=ScriptRead)
def get_script(script_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ScriptRead:
    return service.to_read(service.get(session=session, script_id=script_id))


@router.get("/{script_id}/revisions/{revision}", response_model=ScriptRevisionRead)
def get_revision(
    script_id: uuid.UUID, revision: int, user: CurrentUser, session: SessionDep
) -> ScriptRevision:
    """One frozen revision, as a rep saw it when an interaction followed it."""
    return service.revision_of(service.get(session=session, script_id=script_id), revision)


@router.post("", response_model=ScriptRead, status_code=status.HTTP_201_CREATED)
def create_script(
    body: ScriptCreate, user: Editor, session: SessionDep, address: AddressDep
) -> ScriptRead:
    """Add a script; its definition becomes revision 1 (supervisors and admins)."""
    return service.to_read(service.create(session=session, actor=user, data=body, address=address))


@router.patch("/{script_id}", response_model=ScriptRead)
def update_script(
    script_id: uuid.UUID, body: ScriptUpdate, user: Editor, session: SessionDep, address: AddressDep
) -> ScriptRead:
    """Edit a script; a new ``definition`` adds a revision. Stale ``version`` → 409."""
    script = service.get(session=session, script_id=script_id)
    service.update(session=session, actor=user, script=script, data=body, address=address)
    return service.to_read(script)
