"""Order actions: a rep asks for a resend, a return, a delay flag or a refund on an order.

One service for REST (``POST /orders/{id}/actions``) and for the desk's
``order.action`` op. Every role may ask for the first three; a refund
request is for the roles in ``Action.REFUND_REQUEST`` and is audited.
"""

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.access import Action, may
from desk_app.domain.commerce import order_action_problem
from desk_app.domain.enums import OrderAction
from desk_app.domain.pan import mask_pans
from desk_app.server.audit import service as audit
from desk_app.server.core.problems import Forbidden, Problem
from desk_app.server.orders import service as orders
from desk_app.server.orders.models import OrderActionRequest
from desk_app.server.orders.schemas import OrderActionCreate
from desk_app.server.users.models import User


def request(
    *,
    session: Session,
    user: User,
    order_id: uuid.UUID,
    data: OrderActionCreate,
    address: str | None,
) -> OrderActionRequest:
    """Record the action on a visible order, or refuse it with the reason."""
    order = orders.get_order(session=session, user=user, order_id=order_id)
    if data.action is OrderAction.REFUND_REQUEST and not may(user.role, Action.REFUND_REQUEST):
        raise Forbidden(f"a {user.role} may not request a refund; ask a supervisor")
    problem = order_action_problem(
        action=data.action, amount_cents=data.amount_cents, order_total_cents=order.total_cents
    )
    if problem is not None:
        raise Problem(422, problem, type_="/problems/validation")
    row = OrderActionRequest(
        order_id=order.id,
        action=data.action,
        note=mask_pans(data.note),
        amount_cents=data.amount_cents,
        requested_by=user.id,
    )
    if data.id is not None:
        row.id = data.id
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Problem(409, "an order action with this id already exists") from None
    if data.action is OrderAction.REFUND_REQUEST:
        audit.record(
            session,
            actor=user,
            action="order.refund_request",
            target_type="order",
            target_id=order.id,
            address=address,
            number=order.number,
            amount_cents=data.amount_cents,
            order_action_id=str(row.id),
        )
    session.commit()
    return row
