"""One handler per operation kind: check the payload, then call the same service REST uses.

Kinds are ``noun.verb`` and cover everything a desk may do offline. A
handler returns the record as the REST API would show it; services raise
``Problem`` for what they refuse, which the op runner turns into ``conflict``
(409) or ``rejected`` (anything else).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import AwareDatetime, BaseModel
from sqlalchemy.orm import Session

from desk_app.domain.enums import InteractionStatus
from desk_app.server.core.config import Settings
from desk_app.server.core.problems import Problem
from desk_app.server.core.schemas import InputSchema
from desk_app.server.customers import service as customers
from desk_app.server.customers.schemas import CustomerRead, CustomerUpdate
from desk_app.server.customers.view_schemas import OrderActionRead
from desk_app.server.followups import service as followups
from desk_app.server.followups.schemas import FollowUpRead, FollowUpSet
from desk_app.server.handover import service as handover
from desk_app.server.handover.schemas import (
    HandoverAckRead,
    HandoverNoteCreate,
    HandoverNoteRead,
)
from desk_app.server.interactions import replies, wrapup
from desk_app.server.interactions import service as interactions
from desk_app.server.interactions.schemas import (
    InteractionAnnotate,
    InteractionRead,
    InteractionUpdate,
    ScriptTrail,
)
from desk_app.server.notes import mentions
from desk_app.server.notes import service as notes
from desk_app.server.notes.schemas import MentionRead, NoteCreate, NoteRead
from desk_app.server.orders import actions as order_actions
from desk_app.server.orders.schemas import OrderActionCreate
from desk_app.server.questions import service as questions
from desk_app.server.questions.schemas import QuestionAnswer, QuestionCreate, QuestionRead
from desk_app.server.routing import presence
from desk_app.server.routing.schemas import AgentProfileRead, StateChoice
from desk_app.server.shift_reports import service as shift_reports
from desk_app.server.shift_reports.schemas import ShiftReportRead, ShiftReportSubmit
from desk_app.server.tickets import service as tickets
from desk_app.server.tickets.schemas import (
    TicketCheck,
    TicketCreate,
    TicketEscalate,
    TicketRead,
    TicketUpdate,
)
from desk_app.server.updates import service as updates
from desk_app.server.updates.schemas import AcknowledgementRead
from desk_app.server.users.models import User

P = TypeVar("P", bound=BaseModel)
Record = dict[str, Any]


@dataclass(frozen=True)
class OpContext:
    session: Session
    user: User
    base_version: int | None
    settings: Settings

    def version(self, kind: str) -> int:
        """The version the op was made on; edits cannot be applied without it."""
        if self.base_version is None:
            raise Problem(422, f"{kind} needs the base_version of the record it edits")
        return self.base_version


@dataclass(frozen=True)
class Handler(Generic[P]):
    payload: type[P]
    apply: Callable[[OpContext, P], Record]


def _dump(schema: type[BaseModel], row: object) -> Record:
    return schema.model_validate(row).model_dump(mode="json")


def _changes(payload: BaseModel, *, drop: str) -> dict[str, Any]:
    return payload.model_dump(exclude_unset=True, exclude={drop, "version"})


class CustomerUpdateOp(CustomerUpdate):
    customer_id: uuid.UUID
    version: int | None = None  # type: ignore[assignment]  # the op's base_version


def _customer_update(ctx: OpContext, p: CustomerUpdateOp) -> Record:
    customer = customers.get(session=ctx.session, user=ctx.user, customer_id=p.customer_id)
    data = CustomerUpdate.model_validate(
        {**_changes(p, drop="customer_id"), "version": ctx.version("customer.update")}
    )
    customers.update(
        session=ctx.session, user=ctx.user, customer=customer, data=data, settings=ctx.settings
    )
    return _dump(CustomerRead, customer)


def _note_add(ctx: OpContext, p: NoteCreate) -> Record:
    note = notes.create(
        session=ctx.session, user=ctx.user, data=p, departments=ctx.settings.departments
    )
    return _dump(NoteRead, note)


class MentionReadOp(InputSchema):
    mention_id: uuid.UUID


def _mention_read(ctx: OpContext, p: MentionReadOp) -> Record:
    mention = mentions.mark_read(session=ctx.session, user=ctx.user, mention_id=p.mention_id)
    return _dump(MentionRead, mention)


class QuestionAskOp(QuestionCreate):
    id: uuid.UUID  # required: the desk already shows the question under this id


def _question_ask(ctx: OpContext, p: QuestionAskOp) -> Record:
    return _dump(QuestionRead, questions.ask(session=ctx.session, user=ctx.user, data=p))


class QuestionAnswerOp(QuestionAnswer):
    question_id: uuid.UUID


def _question_answer(ctx: OpContext, p: QuestionAnswerOp) -> Record:
    """Answered once: no base_version needed, a second answer is refused."""
    data = QuestionAnswer.model_validate(p.model_dump(exclude={"question_id"}))
    question = questions.answer(
        session=ctx.session, user=ctx.user, question_id=p.question_id, data=data, address="sync"
    )
    return _dump(QuestionRead, question)


class WrapUpOp(InputSchema):
    interaction_id: uuid.UUID
    disposition: str
    wrap_notes: str = ""
    satisfaction: int | None = None
    callback_at: AwareDatetime | None = None
    timed_out: bool = False


def _interaction_wrap_up(ctx: OpContext, p: WrapUpOp) -> Record:
    """Close the interaction with its disposition, and set what the code means in motion.

    The assigned agent's own wrap-up applies on the current version: what
    moved the version since they saw it is their call's events and their
    script trail, not a rival edit. A wrap-up by anyone else, or of an
    interaction already done, must name the version it read (else: conflict).
    """
    interaction = interactions.get(
        session=ctx.session, user=ctx.user, interaction_id=p.interaction_id
    )
    version = ctx.version("interaction.wrap_up")
    if (
        interaction.assigned_agent_id == ctx.user.id
        and interaction.status is not InteractionStatus.DONE
    ):
        version = interaction.version
    data = InteractionUpdate.model_validate(
        {
            **_changes(p, drop="interaction_id"),
            "status": InteractionStatus.DONE,
            "version": version,
        }
    )
    if interaction.status is InteractionStatus.DONE:
        interactions.update(
            session=ctx.session, user=ctx.user, interaction=interaction, data=data, address="sync"
        )
    else:
        wrapup.finish(
            session=ctx.session,
            user=ctx.user,
            interaction=interaction,
            data=data,
            address="sync",
            settings=ctx.settings,
        )
    return _dump(InteractionRead, interaction)


class FollowUpSetOp(FollowUpSet):
    id: uuid.UUID


def _followup_set(ctx: OpContext, p: FollowUpSetOp) -> Record:
    """Create or edit a follow-up: last writer wins, any base_version is ignored."""
    data = FollowUpSet.model_validate(p.model_dump(exclude={"id"}, exclude_unset=True))
    follow_up = followups.put(
        session=ctx.session, user=ctx.user, follow_up_id=p.id, data=data, settings=ctx.settings
    )
    return _dump(FollowUpRead, follow_up)


class ScriptOp(ScriptTrail):
    interaction_id: uuid.UUID


def _interaction_script(ctx: OpContext, p: ScriptOp) -> Record:
    interaction = interactions.get(
        session=ctx.session, user=ctx.user, interaction_id=p.interaction_id
    )
    interactions.record_script(session=ctx.session, user=ctx.user, interaction=interaction, data=p)
    return _dump(InteractionRead, interaction)


class AnnotateOp(InteractionAnnotate):
    interaction_id: uuid.UUID


def _interaction_update(ctx: OpContext, p: AnnotateOp) -> Record:
    """Category, tags: last writer wins, any base_version is ignored (see annotate)."""
    interaction = interactions.get(
        session=ctx.session, user=ctx.user, interaction_id=p.interaction_id
    )
    data = InteractionAnnotate.model_validate(_changes(p, drop="interaction_id"))
    interactions.annotate(session=ctx.session, user=ctx.user, interaction=interaction, data=data)
    return _dump(InteractionRead, interaction)


def _interaction_reply(ctx: OpContext, p: replies.ReplyCreate) -> Record:
    message = replies.reply(session=ctx.session, user=ctx.user, data=p)
    return _dump(replies.InteractionMessageRead, message)


class TicketCreateOp(TicketCreate):
    id: uuid.UUID  # required: the desk already shows the ticket under this id


def _ticket_create(ctx: OpContext, p: TicketCreateOp) -> Record:
    ticket = tickets.create(session=ctx.session, user=ctx.user, data=p, settings=ctx.settings)
    return _dump(TicketRead, ticket)


class TicketUpdateOp(TicketUpdate):
    ticket_id: uuid.UUID
    version: int | None = None  # type: ignore[assignment]


def _ticket_update(ctx: OpContext, p: TicketUpdateOp) -> Record:
    ticket = tickets.get(session=ctx.session, user=ctx.user, ticket_id=p.ticket_id)
    data = TicketUpdate.model_validate(
        {**_changes(p, drop="ticket_id"), "version": ctx.version("ticket.update")}
    )
    tickets.update(
        session=ctx.session,
        user=ctx.user,
        ticket=ticket,
        data=data,
        address="sync",
        settings=ctx.settings,
    )
    return _dump(TicketRead, ticket)


class TicketCheckOp(TicketCheck):
    ticket_id: uuid.UUID


def _ticket_check(ctx: OpContext, p: TicketCheckOp) -> Record:
    """Last writer wins per item: the op's base_version is not asked for."""
    ticket = tickets.get(session=ctx.session, user=ctx.user, ticket_id=p.ticket_id)
    data = TicketCheck.model_validate(p.model_dump(exclude={"ticket_id"}))
    return _dump(
        TicketRead, tickets.check(session=ctx.session, user=ctx.user, ticket=ticket, data=data)
    )


class TicketEscalateOp(TicketEscalate):
    ticket_id: uuid.UUID
    version: int | None = None  # type: ignore[assignment]


def _ticket_escalate(ctx: OpContext, p: TicketEscalateOp) -> Record:
    ticket = tickets.get(session=ctx.session, user=ctx.user, ticket_id=p.ticket_id)
    data = TicketEscalate.model_validate(
        {**_changes(p, drop="ticket_id"), "version": ctx.version("ticket.escalate")}
    )
    ticket = tickets.escalate(
        session=ctx.session, user=ctx.user, ticket=ticket, data=data, settings=ctx.settings
    )
    return _dump(TicketRead, ticket)


class AcknowledgeOp(InputSchema):
    update_id: uuid.UUID


def _update_acknowledge(ctx: OpContext, p: AcknowledgeOp) -> Record:
    announcement = updates.get(session=ctx.session, user=ctx.user, announcement_id=p.update_id)
    ack = updates.acknowledge(session=ctx.session, user=ctx.user, announcement=announcement)
    return _dump(AcknowledgementRead, ack)


def _handover_add(ctx: OpContext, p: HandoverNoteCreate) -> Record:
    return _dump(HandoverNoteRead, handover.create(session=ctx.session, user=ctx.user, data=p))


class HandoverAcknowledgeOp(InputSchema):
    handover_id: uuid.UUID


def _handover_acknowledge(ctx: OpContext, p: HandoverAcknowledgeOp) -> Record:
    note = handover.get(session=ctx.session, user=ctx.user, note_id=p.handover_id)
    ack = handover.acknowledge(session=ctx.session, user=ctx.user, note=note)
    return _dump(HandoverAckRead, ack)


def _agent_state(ctx: OpContext, p: StateChoice) -> Record:
    profile = presence.choose(
        session=ctx.session, user=ctx.user, state=p.state, reason=p.reason, settings=ctx.settings
    )
    # the profile itself: the desk replaces its shown state with the server's at once
    return _dump(AgentProfileRead, profile)


class OrderActionOp(OrderActionCreate):
    id: uuid.UUID  # required: the desk already shows the action under this id
    order_id: uuid.UUID


def _order_action(ctx: OpContext, p: OrderActionOp) -> Record:
    data = OrderActionCreate.model_validate(p.model_dump(exclude={"order_id"}))
    row = order_actions.request(
        session=ctx.session, user=ctx.user, order_id=p.order_id, data=data, address="sync"
    )
    return _dump(OrderActionRead, row)


def _shift_report_submit(ctx: OpContext, p: ShiftReportSubmit) -> Record:
    """The caller's own report of the day: the first submit creates it, a later one replaces it."""
    report = shift_reports.submit(ctx.session, user=ctx.user, data=p)
    return _dump(ShiftReportRead, report)


HANDLERS: dict[str, Handler[Any]] = {
    "customer.update": Handler(CustomerUpdateOp, _customer_update),
    "note.add": Handler(NoteCreate, _note_add),
    "mention.read": Handler(MentionReadOp, _mention_read),
    "question.ask": Handler(QuestionAskOp, _question_ask),
    "question.answer": Handler(QuestionAnswerOp, _question_answer),
    "interaction.wrap_up": Handler(WrapUpOp, _interaction_wrap_up),
    "followup.set": Handler(FollowUpSetOp, _followup_set),
    "interaction.script": Handler(ScriptOp, _interaction_script),
    "interaction.update": Handler(AnnotateOp, _interaction_update),
    "interaction.reply": Handler(replies.ReplyCreate, _interaction_reply),
    "ticket.create": Handler(TicketCreateOp, _ticket_create),
    "ticket.update": Handler(TicketUpdateOp, _ticket_update),
    "ticket.escalate": Handler(TicketEscalateOp, _ticket_escalate),
    "ticket.check": Handler(TicketCheckOp, _ticket_check),
    "update.acknowledge": Handler(AcknowledgeOp, _update_acknowledge),
    "handover.add": Handler(HandoverNoteCreate, _handover_add),
    "handover.acknowledge": Handler(HandoverAcknowledgeOp, _handover_acknowledge),
    "agent.state": Handler(StateChoice, _agent_state),
    "order.action": Handler(OrderActionOp, _order_action),
    "shift_report.submit": Handler(ShiftReportSubmit, _shift_report_submit),
}
