"""Scripts: every change of steps is a new immutable revision, so history never shifts."""

import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desk_app.domain.script_definition import ScriptDefinitionError, validate_definition
from desk_app.server.audit import service as audit
from desk_app.server.core.problems import NotFound, Problem
from desk_app.server.core.versioning import apply_update, ensure_version
from desk_app.server.scripts.models import Script, ScriptRevision
from desk_app.server.scripts.schemas import ScriptCreate, ScriptRead, ScriptUpdate
from desk_app.server.users.models import User


def to_read(script: Script) -> ScriptRead:
    """The API view of a script: its fields and its current revision's definition."""
    return ScriptRead(
        id=script.id,
        key=script.key,
        title=script.title,
        category=script.category,
        current_revision=script.current_revision,
        definition=revision_of(script, script.current_revision).definition,
        version=script.version,
        created_at=script.created_at,
        updated_at=script.updated_at,
    )


def listed(*, category: str | None) -> Select[Script]:
    """Every script, or those of one interaction category."""
    statement = select(Script)
    if category:
        statement = statement.where(Script.category == category)
    return statement


def get(*, session: Session, script_id: uuid.UUID) -> Script:
    """One script (every signed-in user may read scripts)."""
    script = session.get(Script, script_id)
    if script is None:
        raise NotFound("script")
    return script


def revision_of(script: Script, revision: int) -> ScriptRevision:
    """One frozen revision of ``script``."""
    for row in script.revisions:
        if row.revision == revision:
            return row
    raise NotFound(f"revision {revision} of script {script.key!r}")


def _checked(definition: dict[str, Any]) -> dict[str, Any]:
    try:
        return validate_definition(definition)
    except ScriptDefinitionError as exc:
        raise Problem(422, f"definition: {exc}", type_="/problems/validation") from exc


def create(*, session: Session, actor: User, data: ScriptCreate, address: str | None) -> Script:
    """Add a script with its first revision (managers; audited)."""
    script = Script(
        key=data.key,
        title=data.title,
        category=data.category,
        current_revision=1,
        revisions=[
            ScriptRevision(revision=1, definition=_checked(data.definition), author_id=actor.id)
        ],
    )
    audit.create_audited(
        session,
        script,
        actor=actor,
        action="script.create",
        target_type="script",
        address=address,
        key=script.key,
        taken=f"a script with key {data.key!r} already exists",
    )
    return script


def update(
    *, session: Session, actor: User, script: Script, data: ScriptUpdate, address: str | None
) -> Script:
    """Edit title/category and, for a changed definition, add a revision (managers; audited)."""
    ensure_version(script, data.version, to_read=to_read)
    new_revision = None
    if data.definition is not None:
        definition = _checked(data.definition)
        if definition != revision_of(script, script.current_revision).definition:
            new_revision = max(row.revision for row in script.revisions) + 1
            script.revisions.append(
                ScriptRevision(revision=new_revision, definition=definition, author_id=actor.id)
            )
            script.current_revision = new_revision
    audit.record(
        session,
        actor=actor,
        action="script.edit",
        target_type="script",
        target_id=script.id,
        address=address,
        revision=new_revision,
    )
    apply_update(session, script, data, to_read=to_read, skip=frozenset({"definition"}))
    return script
