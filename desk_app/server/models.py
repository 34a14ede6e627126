"""Every server table, imported in one place so metadata is complete for Alembic."""

from desk_app.server.audit.models import AuditEntry
from desk_app.server.auth.models import AuthToken, LoginAttempt
from desk_app.server.collisions.models import Viewing
from desk_app.server.core.db import Base
from desk_app.server.customers.models import (
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerPhone,
)
from desk_app.server.customers.search_models import CustomerSearch, CustomerSearchKey
from desk_app.server.followups.models import FollowUp
from desk_app.server.goals.models import Goal
from desk_app.server.handover.models import HandoverAck, HandoverNote
from desk_app.server.interactions.messages import InteractionMessage
from desk_app.server.interactions.models import Interaction
from desk_app.server.knowledge.models import CannedAnswer, KbArticle, Macro
from desk_app.server.knowledge.search import KbSearch
from desk_app.server.notes.models import Mention, Note
from desk_app.server.orders.models import (
    Invoice,
    Order,
    OrderActionRequest,
    OrderLine,
    Payment,
    Shipment,
    ShipmentEvent,
)
from desk_app.server.questions.models import Question
from desk_app.server.routing.models import AgentProfile, Offer
from desk_app.server.scripts.models import Script, ScriptRevision
from desk_app.server.shift_reports.models import ShiftReport
from desk_app.server.shifts.models import Shift, ShiftBreak
from desk_app.server.sla.models import SlaPause
from desk_app.server.sync.models import AppliedOp, ChangeLogEntry, IdempotencyRecord
from desk_app.server.telephony.models import CallCommand, WebhookReceipt
from desk_app.server.tickets.models import Ticket, TicketEscalation, TicketEvent
from desk_app.server.updates.models import Acknowledgement, Announcement
from desk_app.server.users.models import AgentStateChange, Store, Team, User

__all__ = [
    "Acknowledgement",
    "AgentProfile",
    "AgentStateChange",
    "Announcement",
    "AppliedOp",
    "AuditEntry",
    "AuthToken",
    "Base",
    "CallCommand",
    "CannedAnswer",
    "ChangeLogEntry",
    "Customer",
    "CustomerAddress",
    "CustomerEmail",
    "CustomerPhone",
    "CustomerSearch",
    "CustomerSearchKey",
    "FollowUp",
    "Goal",
    "HandoverAck",
    "HandoverNote",
    "IdempotencyRecord",
    "Interaction",
    "InteractionMessage",
    "Invoice",
    "KbArticle",
    "KbSearch",
    "LoginAttempt",
    "Macro",
    "Mention",
    "Note",
    "Offer",
    "Order",
    "OrderActionRequest",
    "OrderLine",
    "Payment",
    "Question",
    "Script",
    "ScriptRevision",
    "Shift",
    "ShiftBreak",
    "ShiftReport",
    "Shipment",
    "ShipmentEvent",
    "SlaPause",
    "Store",
    "Team",
    "Ticket",
    "TicketEscalation",
    "TicketEvent",
    "User",
    "Viewing",
    "WebhookReceipt",
]
