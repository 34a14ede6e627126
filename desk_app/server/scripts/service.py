"""Scripts: every change of steps is a new immutable revision, so history never shifts."""

import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desk_app.domain.scripts.check import check
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


def _checked(definition: dict[str, Any], *, key: str, category: str) -> dict[str, Any]:
    """``definition`` if a desk can run it as script ``key`` of ``category``, else a 422.

    Every problem the checker finds is listed (``problems``: path and message),
    not just the first. KB links are not checked here: an article may be
    published after the script that links to it, and the sidebar shows a
    missing one as missing (``desk scripts check`` checks the shipped links).
    """
    problems = [
        (f"definition.{p.path}" if p.path else "definition", p.message) for p in check(definition)
    ]
    if not problems:
        for name, value in (("key", key), ("category", category)):
            if definition[name] != value:
                problems.append((f"definition.{name}", f"must be the script's {name}, {value!r}"))
    if problems:
        raise Problem(
            422,
            "; ".join(f"{path}: {message}" for path, message in problems),
            type_="/problems/validation",
            problems=[{"path": path, "message": message} for path, message in problems],
        )
    return definition


def create(*, session: Session, actor: User, data: ScriptCreate, address: str | None) -> Script:
    """Add a script with its first revision (managers; audited)."""
    script = Script(
        key=data.key,
        title=data.title,
        category=data.category,
        current_revision=1,
        revisions=[
            ScriptRevision(
                revision=1,
                definition=_checked(data.definition, key=data.key, category=data.category),
                author_id=actor.id,
            )
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
    current = revision_of(script, script.current_revision).definition
    if data.definition is not None or data.category not in (None, script.category):
        definition = _checked(
            current if data.definition is None else data.definition,
            key=script.key,
            category=data.category or script.category,
        )
        if definition != current:
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
