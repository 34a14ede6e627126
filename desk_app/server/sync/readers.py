"""How the change feed reads the current state of each synced entity, many ids at once."""

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.server.customers.models import Customer
from desk_app.server.customers.schemas import CustomerRead
from desk_app.server.customers.view_schemas import OrderActionRead
from desk_app.server.followups.models import FollowUp
from desk_app.server.followups.schemas import FollowUpRead
from desk_app.server.goals.models import Goal
from desk_app.server.goals.schemas import GoalRead
from desk_app.server.handover.models import HandoverAck, HandoverNote
from desk_app.server.handover.schemas import HandoverAckRead, HandoverNoteRead
from desk_app.server.interactions.messages import InteractionMessage
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.replies import InteractionMessageRead
from desk_app.server.interactions.schemas import InteractionRead
from desk_app.server.knowledge.models import CannedAnswer, KbArticle, Macro
from desk_app.server.knowledge.schemas import CannedAnswerRead, KbArticleRead, MacroRead
from desk_app.server.notes.models import Mention, Note
from desk_app.server.notes.schemas import MentionRead, NoteRead
from desk_app.server.orders.models import Invoice, Order, OrderActionRequest, Shipment
from desk_app.server.orders.schemas import InvoiceRead, OrderRead, ShipmentRead
from desk_app.server.questions.models import Question
from desk_app.server.questions.schemas import QuestionRead
from desk_app.server.routing.models import AgentProfile
from desk_app.server.routing.schemas import AgentProfileRead, AgentStateRead
from desk_app.server.scripts.models import Script
from desk_app.server.scripts.service import to_read as script_to_read
from desk_app.server.shift_reports.models import ShiftReport
from desk_app.server.shift_reports.schemas import ShiftReportRead
from desk_app.server.shifts.models import Shift
from desk_app.server.shifts.schemas import ShiftRead
from desk_app.server.tickets.models import Ticket
from desk_app.server.tickets.schemas import TicketRead
from desk_app.server.updates.models import Acknowledgement, Announcement
from desk_app.server.updates.schemas import AcknowledgementRead, AnnouncementRead
from desk_app.server.users.models import AgentStateChange

Reader = Callable[[Session, Iterable[uuid.UUID]], dict[uuid.UUID, dict[str, Any]]]


def _reader(model: Any, to_read: Callable[[Any], BaseModel]) -> Reader:
    def read(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
        rows = session.scalars(select(model).where(model.id.in_(list(ids)))).all()
        return {row.id: to_read(row).model_dump(mode="json") for row in rows}

    return read


READERS: dict[str, Reader] = {
    "customer": _reader(Customer, CustomerRead.model_validate),
    "order": _reader(Order, OrderRead.model_validate),
    "shipment": _reader(Shipment, ShipmentRead.model_validate),
    "invoice": _reader(Invoice, InvoiceRead.model_validate),
    "order_action": _reader(OrderActionRequest, OrderActionRead.model_validate),
    "interaction": _reader(Interaction, InteractionRead.model_validate),
    "interaction_message": _reader(InteractionMessage, InteractionMessageRead.model_validate),
    "ticket": _reader(Ticket, TicketRead.model_validate),
    "follow_up": _reader(FollowUp, FollowUpRead.model_validate),
    "note": _reader(Note, NoteRead.model_validate),
    "mention": _reader(Mention, MentionRead.model_validate),
    "question": _reader(Question, QuestionRead.model_validate),
    "update": _reader(Announcement, AnnouncementRead.model_validate),
    "acknowledgement": _reader(Acknowledgement, AcknowledgementRead.model_validate),
    "script": _reader(Script, script_to_read),
    "kb_article": _reader(KbArticle, KbArticleRead.model_validate),
    "canned_answer": _reader(CannedAnswer, CannedAnswerRead.model_validate),
    "macro": _reader(Macro, MacroRead.model_validate),
    "shift": _reader(Shift, ShiftRead.model_validate),
    "handover_note": _reader(HandoverNote, HandoverNoteRead.model_validate),
    "handover_ack": _reader(HandoverAck, HandoverAckRead.model_validate),
    "agent_profile": _reader(AgentProfile, AgentProfileRead.model_validate),
    "agent_state": _reader(AgentStateChange, AgentStateRead.model_validate),
    "goal": _reader(Goal, GoalRead.model_validate),
    "shift_report": _reader(ShiftReport, ShiftReportRead.model_validate),
}
