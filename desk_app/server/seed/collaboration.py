"""Working together in the seeded data: @mentions in notes, questions to supervisors, handover.

This step runs after the bulk phases, on what they wrote: it needs to know
which rep owns which ticket, and which notes exist, which the phases (which
write blind, on a thread of their own) do not keep. It adds rows only to
tables no phase writes, so each table's count and progress stay one phase's,
and it edits a few rows the phases wrote: some ticket notes gain an
@mention, and the tickets asked about are flagged for a supervisor. It picks
rows in id order, so the same seed gives the same data.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select, update

from desk_app.domain.enums import NoteSubject, Role
from desk_app.domain.mentions import DEPARTMENT_ALIASES, excerpt, mentions_in
from desk_app.domain.tickets import ACTIVE
from desk_app.server.handover.models import HandoverAck, HandoverNote
from desk_app.server.notes.models import Mention, Note
from desk_app.server.questions.models import Question
from desk_app.server.seed.context import SeedContext
from desk_app.server.tickets.models import Ticket
from desk_app.server.users.models import Team, User

# (whom: "supervisor", "rep" or a department alias, what is written before the note's text)
MENTIONS = (
    ("supervisor", "{at} the customer asks for a goodwill credit, your call."),
    ("billing", "{at} the refund shows as sent but the customer has nothing yet."),
    ("rep", "{at} you spoke to this customer last week; anything I should know?"),
    ("shipping", "{at} the carrier says delivered, the customer says not; can you open a claim?"),
    ("tech", "{at} a reset did not help; is there a known fault with this model?"),
    ("rep", "{at} taking this over from you tomorrow, please leave me a line."),
)
OPEN_QUESTIONS = (
    "The customer wants a refund above 200 for a late parcel; may I approve it?",
    "The customer threatens to cancel; may I offer three months free?",
)
ANSWERED_QUESTIONS = (
    ("May I waive the redelivery fee?", "Yes, for a VIP always; note it on the ticket."),
    (
        "Can I promise a technician visit tomorrow?",
        "No: promise a call back with a slot once logistics confirms.",
    ),
)


@dataclass(frozen=True)
class Colleague:
    id: uuid.UUID
    username: str
    role: Role
    team_id: uuid.UUID | None
    department: str | None


def seed_collaboration(connection: Connection, ctx: SeedContext) -> dict[str, int]:
    """Mentions, supervisor questions and handover acknowledgements; rows written per table."""
    staff = [
        Colleague(*row)
        for row in connection.execute(
            select(User.id, User.username, User.role, User.team_id, Team.department)
            .outerjoin(Team, User.team_id == Team.id)
            .where(User.active.is_(True))
            .order_by(User.username)
        )
    ]
    return {
        "mention": _mention_in_notes(connection, ctx, staff),
        "supervisor_question": _ask_supervisors(connection, ctx, staff),
        "handover_ack": _acknowledge_handover(connection, ctx),
    }


def _at(ctx: SeedContext, seconds: int) -> datetime:
    return datetime.fromtimestamp(ctx.history_end + seconds, UTC)


def _mention_in_notes(connection: Connection, ctx: SeedContext, staff: list[Colleague]) -> int:
    """A few ticket notes gain an @mention of a supervisor, a colleague or a department."""
    rng = ctx.rng("collaboration:mentions")
    notes = connection.execute(
        select(Note.id, Note.author_id, Note.subject_id, Note.body, Note.created_at)
        .where(Note.subject_type == NoteSubject.TICKET)
        .order_by(Note.id)
        .limit(len(MENTIONS))
    ).all()
    rows: list[dict[str, Any]] = []
    for note, (whom, lead) in zip(notes, MENTIONS, strict=False):
        others = [person for person in staff if person.id != note.author_id]
        if whom in DEPARTMENT_ALIASES:
            word = whom
            department = DEPARTMENT_ALIASES[whom].value
            reached: list[tuple[uuid.UUID, str | None]] = [
                (p.id, department) for p in others if p.department == department
            ]
        else:
            role = Role.SUPERVISOR if whom == "supervisor" else Role.REP
            person = rng.choice([p for p in others if p.role == role])
            word = person.username
            reached = [(person.id, None)]
        body = f"{lead.format(at='@' + word)} {note.body}"
        found = mentions_in(body, [word])
        connection.execute(
            update(Note)
            .where(Note.id == note.id)
            .values(body=body, mentioned=[*found.usernames, *(str(d) for d in found.departments)])
        )
        read_at = note.created_at + timedelta(hours=1) if rng.random() < 0.4 else None
        rows += [
            {
                "id": uuid.UUID(ctx.new_id()),
                "note_id": note.id,
                "user_id": user_id,
                "author_id": note.author_id,
                "department": department,
                "subject_type": NoteSubject.TICKET,
                "subject_id": note.subject_id,
                "excerpt": excerpt(body, [word]),
                "created_at": note.created_at,
                "read_at": read_at,
            }
            for user_id, department in reached
        ]
    if rows:
        connection.execute(insert(Mention), rows)
    return len(rows)


def _ask_supervisors(connection: Connection, ctx: SeedContext, staff: list[Colleague]) -> int:
    """Reps' questions on tickets they own: some still open (the ticket flagged), some answered."""
    rng = ctx.rng("collaboration:questions")
    texts = [(body, None) for body in OPEN_QUESTIONS] + list(ANSWERED_QUESTIONS)
    tickets = connection.execute(
        select(Ticket.id, Ticket.owner_id, Ticket.team_id)
        .where(
            Ticket.owner_id.is_not(None),
            Ticket.team_id.is_not(None),
            Ticket.status.in_(sorted(ACTIVE)),
        )
        .order_by(Ticket.id)
        .limit(len(texts))
    ).all()
    supervisor_of = {p.team_id: p.id for p in staff if p.role == Role.SUPERVISOR}
    rows: list[dict[str, Any]] = []
    for ticket, (body, answer) in zip(tickets, texts, strict=False):
        asked = _at(ctx, -rng.randint(2 * 3600, 20 * 3600))
        answered = asked + timedelta(minutes=rng.randint(5, 60)) if answer else None
        rows.append(
            {
                "id": uuid.UUID(ctx.new_id()),
                "version": 2 if answer else 1,
                "created_at": asked,
                "updated_at": answered or asked,
                "subject_type": NoteSubject.TICKET.value,
                "subject_id": ticket.id,
                "asked_by_id": ticket.owner_id,
                "team_id": ticket.team_id,
                "store_id": None,
                "body": body,
                "asked_at": asked,
                "answer": answer,
                "answered_by_id": supervisor_of.get(ticket.team_id) if answer else None,
                "answered_at": answered,
            }
        )
    if rows:
        connection.execute(insert(Question), rows)
        flagged = [row["subject_id"] for row in rows if row["answer"] is None]
        connection.execute(
            update(Ticket).where(Ticket.id.in_(flagged)).values(needs_supervisor=True)
        )
    return len(rows)


def _acknowledge_handover(connection: Connection, ctx: SeedContext) -> int:
    """Half of each team has read its handover note; the others (rep01 among them) see it."""
    notes = connection.execute(
        select(HandoverNote.id, HandoverNote.team_id, HandoverNote.author_id)
        .where(HandoverNote.team_id.is_not(None), HandoverNote.done.is_(False))
        .order_by(HandoverNote.id)
    ).all()
    team_index = {uuid.UUID(team): index for index, team in enumerate(ctx.staff.teams)}
    readers = [
        (uuid.UUID(rep), index)
        for position, (rep, index) in enumerate(ctx.staff.reps)
        if position % 2 == 1
    ]
    rows = [
        {
            "id": uuid.UUID(ctx.new_id()),
            "note_id": note.id,
            "user_id": reader,
            "at": _at(ctx, -3600),
        }
        for note in notes
        for reader, index in readers
        if index == team_index.get(note.team_id) and reader != note.author_id
    ]
    if rows:
        connection.execute(insert(HandoverAck), rows)
    return len(rows)
