"""Who is calling or writing: a customer is matched only when exactly one has the number or address.

Two customers sharing a household phone are not guessed between: the desk's
screen pop then offers the choice instead.
"""

import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desk_app.domain.phones import InvalidPhoneError, to_e164
from desk_app.server.customers.models import CustomerEmail, CustomerPhone
from desk_app.server.routing.models import AgentProfile


def normalised_phone(raw: str, *, region: str) -> str | None:
    """``raw`` in E.164, or None for what is not a phone number (``anonymous``, ``client:…``)."""
    try:
        return to_e164(raw, region=region)
    except InvalidPhoneError:
        return None


def _only(session: Session, statement: Select[uuid.UUID]) -> uuid.UUID | None:
    found = session.scalars(statement.distinct().limit(2)).all()
    return found[0] if len(found) == 1 else None


def customer_by_phone(session: Session, e164: str | None) -> uuid.UUID | None:
    """The one customer with this E.164 number, if exactly one has it."""
    if e164 is None:
        return None
    return _only(session, select(CustomerPhone.customer_id).where(CustomerPhone.e164 == e164))


def customer_by_email(session: Session, email: str | None) -> uuid.UUID | None:
    """The one customer with this address (case-insensitive), if exactly one has it."""
    if not email or "@" not in email:
        return None
    wanted = email.strip().lower()  # stored lower-cased, so the index serves the look-up
    return _only(session, select(CustomerEmail.customer_id).where(CustomerEmail.email == wanted))


def agent_at(session: Session, extension: str | None) -> uuid.UUID | None:
    """The user whose desk has ``extension``, if any."""
    if not extension:
        return None
    return session.scalar(select(AgentProfile.user_id).where(AgentProfile.extension == extension))
