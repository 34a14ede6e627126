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
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Department(StrEnum):
    TECHNICAL_SUPPORT = "technical_support"
    LOGISTICS = "logistics"
    BILLING = "billing"
    MARKETING = "marketing"


class AgentState(StrEnum):
    READY = "ready"
    BUSY = "busy"
    WRAP_UP = "wrap_up"
    NOT_READY = "not_ready"
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
