"""@mentions: whom a note reaches, and each person's own list of the notes that named them.

A mention row belongs to the person reached, whatever they may see of the
note's subject: the change feed carries it to their desk alone (a personal
record), with the part of the note that named them.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desk_app.domain.mentions import DEPARTMENT_ALIASES, excerpt, mentions_in, words_mentioned
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import NotFound
from desk_app.server.notes.models import Mention, Note
from desk_app.server.users.models import Team, User


def _aliases(department: str) -> list[str]:
    """The words that name ``department`` (a configured one has only its name)."""
    return [alias for alias, named in DEPARTMENT_ALIASES.items() if named == department] or [
        department
    ]


def _department_members(
    session: Session, departments: Collection[str], *, author_id: uuid.UUID
) -> dict[uuid.UUID, str]:
    """The active staff of the teams serving ``departments``, each with their department."""
    return {
        user_id: department
        for user_id, department in session.execute(
            select(User.id, Team.department)
            .join(Team, User.team_id == Team.id)
            .where(
                Team.department.in_([str(d) for d in departments]),
                User.active.is_(True),
                User.id != author_id,
            )
        )
        if department is not None
    }


@dataclass(frozen=True)
class Reach:
    """Whom a note's @mentions reach: what they named, and one mention per person reached."""

    named: list[str]  # the usernames, then the department values, each as first written
    mentions: list[Mention]


def reach(session: Session, *, note: Note, departments: Collection[str] = ()) -> Reach:
    """A mention for each colleague ``note``'s @mentions reach, and what they named.

    Only the words written after an ``@`` are looked up (never the whole
    staff list); an email address mentions no one; the author is never
    reached, not even through their own department. ``departments`` are the
    configured ones beyond the built-in four.
    """
    words = {word.lower() for word in words_mentioned(note.body)}
    if not words:
        return Reach([], [])
    known = dict(
        session.execute(
            select(User.username, User.id).where(
                func.lower(User.username).in_(words), User.active.is_(True)
            )
        ).all()
    )
    found = mentions_in(note.body, known, departments)
    usernames = [name for name in found.usernames if known[name] != note.author_id]
    reached: dict[uuid.UUID, tuple[str | None, str]] = {
        known[name]: (None, excerpt(note.body, [name])) for name in usernames
    }
    if found.departments:
        excerpts = {str(d): excerpt(note.body, _aliases(d)) for d in found.departments}
        members = _department_members(session, found.departments, author_id=note.author_id)
        for user_id, department in members.items():
            reached.setdefault(user_id, (department, excerpts[department]))
    return Reach(
        usernames + [str(d) for d in found.departments],
        [
            Mention(
                note_id=note.id,
                user_id=user_id,
                author_id=note.author_id,
                department=department,
                subject_type=note.subject_type,
                subject_id=note.subject_id,
                excerpt=text,
            )
            for user_id, (department, text) in reached.items()
        ],
    )


def mine(*, user: User, unread: bool | None = None) -> Select[Mention]:
    """The caller's mentions; ``unread`` narrows to those not read yet (or read)."""
    statement = select(Mention).where(Mention.user_id == user.id)
    if unread is not None:
        statement = statement.where(
            Mention.read_at.is_(None) if unread else Mention.read_at.is_not(None)
        )
    return statement


def mark_read(*, session: Session, user: User, mention_id: uuid.UUID) -> Mention:
    """Mark one of the caller's mentions read; marking it again keeps the first time."""
    mention = session.get(Mention, mention_id)
    if mention is None or mention.user_id != user.id:
        raise NotFound("mention")
    if mention.read_at is None:
        mention.read_at = utcnow()
        session.commit()
    return mention
