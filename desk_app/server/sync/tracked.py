"""Which records a desk caches, and whose they are (owner, team, store) for feed scoping."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from desk_app.domain.enums import NoteSubject
from desk_app.server.customers.models import Customer
from desk_app.server.followups.models import FollowUp
from desk_app.server.goals.models import Goal
from desk_app.server.handover.models import HandoverAck, HandoverNote
from desk_app.server.interactions.messages import InteractionMessage
from desk_app.server.interactions.models import Interaction
from desk_app.server.knowledge.models import CannedAnswer, KbArticle, Macro
from desk_app.server.notes.models import Mention, Note
from desk_app.server.orders.models import Invoice, Order, OrderActionRequest, Shipment
from desk_app.server.questions.models import Question
from desk_app.server.routing.models import AgentProfile
from desk_app.server.scripts.models import Script
from desk_app.server.shift_reports.models import ShiftReport
from desk_app.server.shifts.models import Shift
from desk_app.server.tickets.models import Ticket
from desk_app.server.updates.models import Acknowledgement, Announcement
from desk_app.server.users.models import AgentStateChange

Scope3 = tuple[uuid.UUID | None, uuid.UUID | None, uuid.UUID | None]

# Feed resources: the domain's role-matrix resources plus three of the feed's own.
SHARED = "shared"  # scripts, knowledge base: everyone
AUDIENCE = "audience"  # announcements, canned answers, macros: no team/store, or the reader's
PERSONAL = "personal"  # acknowledgements, mentions: the user they belong to


@dataclass(frozen=True)
class Tracked:
    """How one model appears in the change log."""

    entity: str
    resource: str | Callable[[object], str]
    owner: str | None = None
    team: str | None = None
    store: str | None = None
    derive: Callable[[Connection, object], Scope3] | None = None

    def resource_of(self, obj: object) -> str:
        """The feed resource ``obj`` is scoped as."""
        return self.resource(obj) if callable(self.resource) else self.resource

    def scope(self, connection: Connection, obj: object) -> Scope3:
        """(owner, team, store) of ``obj`` as it is now."""
        if self.derive is not None:
            return self.derive(connection, obj)
        return (
            getattr(obj, self.owner) if self.owner else None,
            getattr(obj, self.team) if self.team else None,
            getattr(obj, self.store) if self.store else None,
        )


def _order_scope(connection: Connection, obj: object) -> Scope3:
    """Shipments and order actions are seen by whoever sees their order."""
    assert isinstance(obj, Shipment | OrderActionRequest)
    store = connection.scalar(select(Order.store_id).where(Order.id == obj.order_id))
    return None, None, store


# (owner, team, store) columns of the work a note can be about
_WORK_SCOPE = {
    NoteSubject.INTERACTION: (
        Interaction.id,
        (Interaction.assigned_agent_id, Interaction.team_id, Interaction.store_id),
    ),
    NoteSubject.TICKET: (Ticket.id, (Ticket.owner_id, Ticket.team_id, Ticket.store_id)),
}


def _note_scope(connection: Connection, obj: object) -> Scope3:
    """A note is seen by whoever sees its subject."""
    assert isinstance(obj, Note)
    if obj.subject_type in _WORK_SCOPE:
        id_column, columns = _WORK_SCOPE[NoteSubject(obj.subject_type)]
        row = connection.execute(select(*columns).where(id_column == obj.subject_id)).first()
        return (row[0], row[1], row[2]) if row else (None, None, None)
    if obj.subject_type == NoteSubject.ORDER:
        return (
            None,
            None,
            connection.scalar(select(Order.store_id).where(Order.id == obj.subject_id)),
        )
    return (
        None,
        None,
        connection.scalar(select(Customer.store_id).where(Customer.id == obj.subject_id)),
    )


def _message_scope(connection: Connection, obj: object) -> Scope3:
    """A chat or email message is seen by whoever sees its interaction."""
    assert isinstance(obj, InteractionMessage)
    _id, columns = _WORK_SCOPE[NoteSubject.INTERACTION]
    row = connection.execute(select(*columns).where(Interaction.id == obj.interaction_id)).first()
    return (row[0], row[1], row[2]) if row else (None, None, None)


def _update_resource(obj: Any) -> str:
    """An announcement for one role only is its own feed resource (``audience:<role>``).

    ``obj`` is an Announcement, or a row of its table (the seed logs rows).
    """
    return f"{AUDIENCE}:{obj.audience_role}" if obj.audience_role else AUDIENCE


def _goal_resource(obj: Any) -> str:
    """A team's goal reaches everyone in the team; a rep's own goal, the rep and supervisor.

    ``obj`` is a Goal, or a row of its table (the seed logs rows).
    """
    return "shift" if obj.user_id else AUDIENCE


def _note_resource(obj: object) -> str:
    assert isinstance(obj, Note)
    return "work" if obj.subject_type in _WORK_SCOPE else "customer"


TRACKED: dict[type, Tracked] = {
    Customer: Tracked("customer", "customer", store="store_id"),
    Order: Tracked("order", "customer", store="store_id"),
    Shipment: Tracked("shipment", "customer", derive=_order_scope),
    OrderActionRequest: Tracked("order_action", "customer", derive=_order_scope),
    Invoice: Tracked("invoice", "customer", store="store_id"),
    Interaction: Tracked(
        "interaction", "work", owner="assigned_agent_id", team="team_id", store="store_id"
    ),
    Ticket: Tracked("ticket", "work", owner="owner_id", team="team_id", store="store_id"),
    InteractionMessage: Tracked("interaction_message", "work", derive=_message_scope),
    Note: Tracked("note", _note_resource, derive=_note_scope),
    Mention: Tracked("mention", PERSONAL, owner="user_id"),
    FollowUp: Tracked("follow_up", "work", owner="owner_id", team="team_id", store="store_id"),
    Question: Tracked("question", "work", owner="asked_by_id", team="team_id", store="store_id"),
    Announcement: Tracked("update", _update_resource, team="team_id", store="store_id"),
    Acknowledgement: Tracked("acknowledgement", PERSONAL, owner="user_id"),
    Script: Tracked("script", SHARED),
    KbArticle: Tracked("kb_article", SHARED),
    CannedAnswer: Tracked("canned_answer", AUDIENCE, team="team_id"),
    Macro: Tracked("macro", AUDIENCE, team="team_id"),
    Shift: Tracked("shift", "shift", owner="user_id", team="team_id"),
    HandoverNote: Tracked(
        "handover_note", "handover", owner="author_id", team="team_id", store="store_id"
    ),
    HandoverAck: Tracked("handover_ack", PERSONAL, owner="user_id"),
    # presence is scoped like shifts: the agent sees their own, the supervisor the team's
    AgentProfile: Tracked("agent_profile", "shift", owner="user_id", team="team_id"),
    # a rep's state history is theirs alone: their stats and report; the team panel reads
    # live states (agent_profile) and asks the server for the rest
    AgentStateChange: Tracked("agent_state", PERSONAL, owner="user_id"),
    # goals and reports: the rep's own, the team's (goal without user), the supervisor's team
    Goal: Tracked("goal", _goal_resource, owner="user_id", team="team_id"),
    ShiftReport: Tracked("shift_report", "shift", owner="user_id", team="team_id"),
}
