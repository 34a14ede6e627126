"""Builders for test data, in one place: teams, stores, staff and their tokens."""

import itertools
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy.orm import Session

from desk_app.domain.enums import (
    AgentState,
    Channel,
    Department,
    InteractionStatus,
    Role,
    ShipmentStatus,
)
from desk_app.server.auth.models import AuthToken
from desk_app.server.auth.passwords import hash_password
from desk_app.server.auth.tokens import new_token, token_digest
from desk_app.server.core.db import utcnow
from desk_app.server.customers.models import Customer, CustomerEmail, CustomerPhone
from desk_app.server.interactions.models import Interaction
from desk_app.server.orders.models import (
    Invoice,
    Order,
    OrderLine,
    Payment,
    Shipment,
    ShipmentEvent,
)
from desk_app.server.routing.models import AgentProfile
from desk_app.server.shifts.models import Shift
from desk_app.server.tickets.models import Ticket
from desk_app.server.users.models import Store, Team, User

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    """One argon2id hash of :data:`PASSWORD`, computed once per test process."""
    return hash_password(PASSWORD)


def make_team(session: Session, name: str | None = None) -> Team:
    team = Team(name=name or f"Team {next(_counter)}")
    session.add(team)
    session.flush()
    return team


def make_store(session: Session, code: str | None = None, region: str = "US") -> Store:
    code = code or f"S{next(_counter):03d}"
    store = Store(code=code, name=f"Store {code}", region=region)
    session.add(store)
    session.flush()
    return store


def make_user(
    session: Session,
    role: Role,
    *,
    team: Team | None = None,
    store: Store | None = None,
    username: str | None = None,
) -> User:
    user = User(
        username=username or f"{role}{next(_counter)}",
        display_name=f"{role.title()} {next(_counter)}",
        password_hash=password_hash(),
        role=role,
        team_id=team.id if team else None,
        store_id=store.id if store else None,
    )
    session.add(user)
    session.flush()
    return user


def make_customer(
    session: Session,
    name: str = "Ada Lovelace",
    *,
    store: Store | None = None,
    phone: str | None = "+12025550143",
    email: str | None = None,
) -> Customer:
    customer = Customer(
        name=name,
        store_id=store.id if store else None,
        phones=[CustomerPhone(e164=phone)] if phone else [],
        emails=[CustomerEmail(email=email)] if email else [],
    )
    session.add(customer)
    session.flush()
    return customer


def token_for(session: Session, user: User) -> dict[str, str]:
    """Authorization headers for ``user``, minted directly (no login round trip)."""
    token = new_token()
    session.add(
        AuthToken(
            user_id=user.id,
            token_hash=token_digest(token),
            expires_at=utcnow() + timedelta(hours=1),
        )
    )
    session.flush()
    return {"Authorization": f"Bearer {token}"}


@dataclass
class World:
    """Two teams, two stores and one person of each role, with their auth headers."""

    team: Team
    other_team: Team
    store: Store
    other_store: Store
    rep: User
    other_rep: User
    retail: User
    supervisor: User
    admin: User
    headers: dict[str, dict[str, str]]

    def as_(self, name: str) -> dict[str, str]:
        return self.headers[name]


def build_world(session: Session) -> World:
    team, other_team = make_team(session, "Alpha"), make_team(session, "Bravo")
    store, other_store = make_store(session, "NYC"), make_store(session, "LDN", region="GB")
    people = {
        "rep": make_user(session, Role.REP, team=team, username="rep"),
        "other_rep": make_user(session, Role.REP, team=other_team, username="other_rep"),
        "retail": make_user(session, Role.RETAIL, store=store, username="retail"),
        "supervisor": make_user(session, Role.SUPERVISOR, team=team, username="supervisor"),
        "admin": make_user(session, Role.ADMIN, username="admin"),
    }
    headers = {name: token_for(session, user) for name, user in people.items()}
    session.commit()
    return World(
        team=team,
        other_team=other_team,
        store=store,
        other_store=other_store,
        headers=headers,
        **people,
    )


def make_shift(session: Session, user: User, *, starts_in_hours: int = 1, hours: int = 8):
    """A shift for ``user`` (in their team) starting ``starts_in_hours`` from now."""
    starts_at = utcnow().replace(microsecond=0) + timedelta(hours=starts_in_hours)
    shift = Shift(
        user_id=user.id,
        team_id=user.team_id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
    )
    session.add(shift)
    session.flush()
    return shift


def make_order(session: Session, customer: Customer, *, store: Store | None = None, **fields):
    """An order of ``customer`` with one line and one shipment with a tracking event."""

    number = next(_counter)
    order = Order(
        number=fields.pop("number", f"O-{number:06d}"),
        customer_id=customer.id,
        store_id=store.id if store else None,
        total_cents=2500,
        lines=[OrderLine(sku="SKU-1", description="Kettle", quantity=1, unit_price_cents=2500)],
        shipments=[
            Shipment(
                carrier="UPS",
                tracking_number=fields.pop("tracking_number", f"1Z{number:010d}"),
                status=ShipmentStatus.IN_TRANSIT,
                shipped_at=utcnow(),
                events=[ShipmentEvent(at=utcnow(), status=ShipmentStatus.IN_TRANSIT)],
            )
        ],
        **fields,
    )
    session.add(order)
    session.flush()
    return order


def make_invoice(session: Session, customer: Customer, *, store: Store | None = None, **fields):
    """An invoice of ``customer`` with one card payment (last four digits only)."""

    today = utcnow().date()
    invoice = Invoice(
        number=fields.pop("number", f"I-{next(_counter):06d}"),
        customer_id=customer.id,
        store_id=store.id if store else None,
        issued_on=today,
        due_on=today + timedelta(days=30),
        amount_cents=2500,
        payments=[Payment(paid_at=utcnow(), amount_cents=2500, method="card", card_last4="4242")],
        **fields,
    )
    session.add(invoice)
    session.flush()
    return invoice


def make_interaction(session: Session, *, agent: User | None = None, **fields):
    """A voice interaction; assigned to ``agent`` (in their team and store) when given."""

    fields.setdefault("channel", Channel.VOICE)
    fields.setdefault("status", InteractionStatus.ACTIVE if agent else InteractionStatus.QUEUED)
    if agent is not None:
        fields.setdefault("team_id", agent.team_id)
        fields.setdefault("store_id", agent.store_id)
        fields.setdefault("answered_at", utcnow())
    interaction = Interaction(assigned_agent_id=agent.id if agent else None, **fields)
    session.add(interaction)
    session.flush()
    return interaction


def make_ticket(session: Session, *, owner: User | None = None, **fields):
    """A technical-support ticket owned by ``owner`` (in their team and store) when given."""

    fields.setdefault("number", f"X-{next(_counter):06d}")
    fields.setdefault("subject", "Kettle does not boil")
    fields.setdefault("department", Department.TECHNICAL_SUPPORT)
    if owner is not None:
        fields.setdefault("team_id", owner.team_id)
        fields.setdefault("store_id", owner.store_id)
    ticket = Ticket(owner_id=owner.id if owner else None, **fields)
    session.add(ticket)
    session.flush()
    return ticket


def make_agent(session: Session, user: User, *, idle_minutes: float = 1, **fields) -> AgentProfile:
    """``user``'s routing profile: ready, heard from just now, idle for ``idle_minutes``."""

    now = utcnow()
    fields.setdefault("state", AgentState.READY)
    fields.setdefault("state_since", now - timedelta(minutes=idle_minutes))
    fields.setdefault("idle_since", now - timedelta(minutes=idle_minutes))
    fields.setdefault("heartbeat_at", now)
    fields.setdefault("activity_at", now)
    profile = AgentProfile(user_id=user.id, team_id=user.team_id, **fields)
    session.add(profile)
    session.flush()
    return profile
