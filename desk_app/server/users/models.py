"""Staff, their teams and stores, and the history of their agent states."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.enums import AgentState, Role, StateCause
from desk_app.server.core.db import Base, EnumText, IdMixin, VersionedMixin, utcnow


class Team(IdMixin, Base):
    """A supervisor's group of reps; the unit of the team panel and of TEAM scope."""

    __tablename__ = "team"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    # the department whose @mentions and hand-offs reach this team, if it is one
    department: Mapped[str | None] = mapped_column(String(40))


class Store(IdMixin, Base):
    """A shop whose terminals serve walk-in customers; the unit of STORE scope."""

    __tablename__ = "store"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(2), default="US")  # default phone region
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")


class User(IdMixin, VersionedMixin, Base):
    """A member of staff who signs in; ``role`` decides what they see and do."""

    __tablename__ = "user_account"

    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(160))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(EnumText(Role))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("store.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)


class AgentStateChange(IdMixin, Base):
    """One stretch of time an agent spent in one state (open while ``ended_at`` is null)."""

    __tablename__ = "agent_state_change"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    state: Mapped[AgentState] = mapped_column(EnumText(AgentState))
    reason: Mapped[str | None] = mapped_column(String(120))
    cause: Mapped[StateCause] = mapped_column(
        EnumText(StateCause), default=StateCause.REP, server_default=StateCause.REP.value
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
