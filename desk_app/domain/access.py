"""Who may see and do what: the role matrix, in one table.

The server turns a :class:`Scope` into a query filter; keeping the table here
(plain data, no SQL) lets the rules be read, reviewed and tested in one place.
"""

from enum import StrEnum

from desk_app.domain.enums import Role


class Scope(StrEnum):
    """How much of a kind of record a role sees."""

    NONE = "none"
    OWN = "own"  # records assigned to or written by the user
    STORE = "store"  # records of the user's store
    TEAM = "team"  # records of the user's team
    ALL = "all"


class Resource(StrEnum):
    CUSTOMER = "customer"  # customers, their orders, shipments and invoices
    WORK = "work"  # interactions and tickets
    SHIFT = "shift"
    HANDOVER = "handover"
    USER = "user"
    AUDIT = "audit"


VISIBILITY: dict[Resource, dict[Role, Scope]] = {
    Resource.CUSTOMER: {
        Role.REP: Scope.ALL,
        Role.RETAIL: Scope.STORE,
        Role.SUPERVISOR: Scope.ALL,
        Role.ADMIN: Scope.ALL,
    },
    Resource.WORK: {
        Role.REP: Scope.OWN,
        Role.RETAIL: Scope.STORE,
        Role.SUPERVISOR: Scope.TEAM,
        Role.ADMIN: Scope.ALL,
    },
    Resource.SHIFT: {
        Role.REP: Scope.OWN,
        Role.RETAIL: Scope.OWN,
        Role.SUPERVISOR: Scope.TEAM,
        Role.ADMIN: Scope.ALL,
    },
    Resource.HANDOVER: {
        Role.REP: Scope.TEAM,
        Role.RETAIL: Scope.STORE,
        Role.SUPERVISOR: Scope.TEAM,
        Role.ADMIN: Scope.ALL,
    },
    Resource.USER: {
        Role.REP: Scope.OWN,
        Role.RETAIL: Scope.OWN,
        Role.SUPERVISOR: Scope.TEAM,
        Role.ADMIN: Scope.ALL,
    },
    Resource.AUDIT: {
        Role.REP: Scope.NONE,
        Role.RETAIL: Scope.NONE,
        Role.SUPERVISOR: Scope.TEAM,
        Role.ADMIN: Scope.ALL,
    },
}


class Action(StrEnum):
    """Things only some roles may do, whatever they can see."""

    CUSTOMER_DELETE = "customer.delete"
    CUSTOMER_EXPORT = "customer.export"
    CUSTOMER_MERGE = "customer.merge"
    REFUND_REQUEST = "order.refund_request"  # the other order actions are every role's
    ORDER_WRITE = "order.write"  # create orders (shop integrations) and change their status
    WORK_REASSIGN = "work.reassign"
    QUESTION_ANSWER = "question.answer"  # a rep's "ask my supervisor" question
    UPDATE_PUBLISH = "update.publish"
    CONTENT_EDIT = "content.edit"  # scripts, knowledge base, canned answers
    SHIFT_EDIT = "shift.edit"
    USER_MANAGE = "user.manage"
    AUDIT_READ = "audit.read"


_MANAGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.CUSTOMER_DELETE: frozenset({Role.ADMIN}),
    Action.CUSTOMER_EXPORT: _MANAGERS,
    Action.CUSTOMER_MERGE: _MANAGERS,
    Action.REFUND_REQUEST: frozenset({Role.REP, Role.SUPERVISOR, Role.ADMIN}),
    Action.ORDER_WRITE: _MANAGERS,
    Action.WORK_REASSIGN: _MANAGERS,
    Action.QUESTION_ANSWER: _MANAGERS,
    Action.UPDATE_PUBLISH: _MANAGERS,
    Action.CONTENT_EDIT: _MANAGERS,
    Action.SHIFT_EDIT: _MANAGERS,
    Action.USER_MANAGE: frozenset({Role.ADMIN}),
    Action.AUDIT_READ: _MANAGERS,
}


def scope_of(role: Role, resource: Resource) -> Scope:
    """The part of ``resource`` that ``role`` sees."""
    return VISIBILITY[resource][role]


def may(role: Role, action: Action) -> bool:
    """True when ``role`` may perform ``action``."""
    return role in PERMISSIONS[action]
