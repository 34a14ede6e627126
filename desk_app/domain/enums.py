"""The vocabularies shared by the server, the desk and the simulator.

They are ``StrEnum`` so that their values are what travels in JSON and what
is stored in the database, and a typo in either place fails loudly.
"""

from enum import StrEnum


class Role(StrEnum):
    REP = "rep"
    RETAIL = "retail"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Channel(StrEnum):
    VOICE = "voice"
    CHAT = "chat"
    EMAIL = "email"
    TICKET = "ticket"
    WALK_IN = "walk_in"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class InteractionStatus(StrEnum):
    QUEUED = "queued"
    OFFERED = "offered"
    ACTIVE = "active"
    WRAP_UP = "wrap_up"
    DONE = "done"
    ABANDONED = "abandoned"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TicketStatus(StrEnum):
    """A ticket's life cycle; the moves allowed between them are in :mod:`desk_app.domain.tickets`.

    An escalation is not a status: it is a hand-off in the ticket's history,
    after which the ticket is open in the receiving queue.
    """

    NEW = "new"
    OPEN = "open"
    PENDING_CUSTOMER = "pending_customer"  # the SLA clock stands still
    PENDING_INTERNAL = "pending_internal"
    RESOLVED = "resolved"
    CLOSED = "closed"


class TicketEventKind(StrEnum):
    """One line of a ticket's history; ``detail`` (JSON) says what changed."""

    CREATED = "created"
    STATUS = "status"  # detail: {from, to}
    ASSIGNED = "assigned"  # detail: {from, to} owner ids
    ESCALATED = "escalated"  # detail: {escalation_id, from_department, to_department, ...}
    SLA_PAUSED = "sla_paused"  # detail: {reason}
    SLA_RESUMED = "sla_resumed"  # detail: {paused_seconds}
    CHECKLIST = "checklist"  # detail: {item, done}
    LINKED = "linked"  # detail: {interaction_id} or {order_id}
    FIRST_RESPONSE = "first_response"  # detail: {}


class Department(StrEnum):
    TECHNICAL_SUPPORT = "technical_support"
    LOGISTICS = "logistics"
    BILLING = "billing"
    MARKETING = "marketing"


class FollowUpKind(StrEnum):
    REMINDER = "reminder"  # a reminder on the owner's desk when due
    CALLBACK = "callback"  # when due, offered as outbound call work to the owner (or the team)


class AcwPolicy(StrEnum):
    """After-contact work (wrap-up) rules of a queue."""

    OPTIONAL = "optional"  # the rep may skip wrap-up; the interaction closes without a code
    MANDATORY = "mandatory"  # a code is required, no time limit
    MANDATORY_LIMITED = "mandatory_limited"  # a code is required; at the limit the default applies
    TIME_BOXED = "time_boxed"  # the full time is taken (no early exit); then the code applies


class AgentState(StrEnum):
    READY = "ready"
    BUSY = "busy"
    WRAP_UP = "wrap_up"
    NOT_READY = "not_ready"
    AWAY = "away"  # signed in, but the desk has been idle too long
    OFFLINE = "offline"


class OrderStatus(StrEnum):
    PLACED = "placed"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURNED = "returned"


class ShipmentStatus(StrEnum):
    LABEL_CREATED = "label_created"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    DELAYED = "delayed"
    LOST = "lost"
    RETURNED = "returned"


class OrderAction(StrEnum):
    """What a rep can ask for on an order; each is recorded and carried out by the back office."""

    RESEND_CONFIRMATION = "resend_confirmation"
    START_RETURN = "start_return"
    FLAG_DELAY = "flag_delay"
    REFUND_REQUEST = "refund_request"


class InvoiceStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    OVERDUE = "overdue"
    VOID = "void"


class UpdateKind(StrEnum):
    GUIDELINE = "guideline"
    PRODUCT = "product"
    PROMOTION = "promotion"
    OUTAGE = "outage"


class NoteSubject(StrEnum):
    CUSTOMER = "customer"
    INTERACTION = "interaction"
    TICKET = "ticket"
    ORDER = "order"


class Segment(StrEnum):
    CONSUMER = "consumer"
    SMALL_BUSINESS = "small_business"
    ENTERPRISE = "enterprise"


class CallState(StrEnum):
    """Where a call stands, as the PBX last reported it (never as the desk guesses)."""

    RINGING = "ringing"
    CONNECTED = "connected"
    ON_HOLD = "on_hold"
    TRANSFERRING = "transferring"
    CONFERENCE = "conference"
    ENDED = "ended"


class CallCommandKind(StrEnum):
    """What a desk may ask the telephony system to do with a call."""

    ANSWER = "answer"  # connect the offered call to the agent who accepted it
    HOLD = "hold"
    RESUME = "resume"
    MUTE = "mute"
    UNMUTE = "unmute"
    TRANSFER_BLIND = "transfer_blind"
    TRANSFER_WARM = "transfer_warm"
    CONFERENCE = "conference"
    HANGUP = "hangup"
    DIAL = "dial"


class CallCommandStatus(StrEnum):
    SENT = "sent"  # the adapter accepted it; the PBX's events will confirm it
    FAILED = "failed"  # the adapter refused or could not be reached
    CONFIRMED = "confirmed"  # a PBX event showed the result


class TransferTarget(StrEnum):
    AGENT = "agent"
    QUEUE = "queue"
    NUMBER = "number"


class NotReadyReason(StrEnum):
    """Why an agent is not taking work; the first five are the rep's to choose."""

    BREAK = "break"
    LUNCH = "lunch"
    TRAINING = "training"
    MEETING = "meeting"
    RECOVERY = "recovery"
    MISSED_OFFER = "missed_offer"  # set by the router, never chosen
    MUST_READ = "must_read"  # back from work with must-read updates unacknowledged


class StateCause(StrEnum):
    """Who or what changed an agent's state: every change is logged with one."""

    REP = "rep"
    TIMEOUT = "timeout"  # idle desk → away
    MISSED_OFFER = "missed_offer"
    SUPERVISOR = "supervisor"
    DISCONNECT = "disconnect"  # heartbeat stopped, sign-out
    ROUTING = "routing"  # offer accepted → busy, work finished → ready


class OfferOutcome(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    MISSED = "missed"  # timed out
    WITHDRAWN = "withdrawn"  # caller hung up, agent went offline
