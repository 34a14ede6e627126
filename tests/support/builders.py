"""Builders for test data, in one place: teams, stores, staff and their tokens."""

import itertools
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy.orm import Session

from desk_app.domain.enums import Role
from desk_app.server.auth.models import AuthToken
from desk_app.server.auth.passwords import hash_password
from desk_app.server.auth.tokens import new_token, token_digest
from desk_app.server.core.db import utcnow
from desk_app.server.customers.models import Customer, CustomerEmail, CustomerPhone
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
