"""Signing in and out, and finding the user behind a bearer token."""

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from desk_app.server.auth.models import AuthToken, LoginAttempt
from desk_app.server.auth.passwords import hash_password, needs_rehash, verify_password
from desk_app.server.auth.tokens import new_token, token_digest
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Problem
from desk_app.server.users.models import User


class LoginThrottled(Problem):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            429,
            f"too many failed sign-ins; try again in {max(1, retry_after // 60)} minute(s)",
            headers={"Retry-After": str(retry_after)},
        )


def _recent_failures(
    session: Session, *, column: InstrumentedAttribute[str], value: str, since: datetime
) -> int:
    """Failures for one username or address since ``since`` and its last success."""
    last_success = session.scalar(
        select(func.max(LoginAttempt.attempted_at)).where(
            column == value,
            LoginAttempt.succeeded.is_(True),
        )
    )
    floor = max(since, last_success) if last_success else since
    return (
        session.scalar(
            select(func.count()).where(
                column == value,
                LoginAttempt.succeeded.is_(False),
                LoginAttempt.attempted_at > floor,
            )
        )
        or 0
    )


def check_throttle(session: Session, *, username: str, address: str, settings: Settings) -> None:
    """Raise 429 when this account or address has failed too often lately."""
    since = utcnow() - timedelta(seconds=settings.login_window_seconds)
    by_account = _recent_failures(
        session, column=LoginAttempt.username, value=username, since=since
    )
    by_address = _recent_failures(session, column=LoginAttempt.address, value=address, since=since)
    if (
        by_account >= settings.login_max_failures_per_account
        or by_address >= settings.login_max_failures_per_address
    ):
        raise LoginThrottled(settings.login_window_seconds)


def login(
    session: Session, *, username: str, password: str, address: str, settings: Settings
) -> tuple[User, str, datetime]:
    """Check the password and issue a token; returns the user, the token and its expiry."""
    check_throttle(session, username=username, address=address, settings=settings)
    user = session.scalar(select(User).where(User.username == username))
    usable = user is not None and user.active
    ok = verify_password(user.password_hash if usable and user else None, password)
    session.add(LoginAttempt(username=username, address=address, succeeded=ok))
    if not ok or user is None:
        session.commit()
        raise Problem(401, "wrong username or password", headers={"WWW-Authenticate": "Bearer"})
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    token = new_token()
    expires_at = utcnow() + timedelta(minutes=settings.token_lifetime_minutes)
    session.add(AuthToken(user_id=user.id, token_hash=token_digest(token), expires_at=expires_at))
    session.commit()
    return user, token, expires_at


def user_for_token(session: Session, token: str) -> User | None:
    """The active user a live token belongs to, or None."""
    return session.scalar(
        select(User)
        .join(AuthToken, AuthToken.user_id == User.id)
        .where(
            AuthToken.token_hash == token_digest(token),
            AuthToken.revoked_at.is_(None),
            AuthToken.expires_at > utcnow(),
            User.active.is_(True),
        )
    )


def revoke(session: Session, token: str) -> None:
    """End a token's life now."""
    session.execute(
        update(AuthToken)
        .where(AuthToken.token_hash == token_digest(token), AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    session.commit()


def revoke_all_for(session: Session, user: User) -> None:
    """End every token of ``user`` (after a role change or deactivation)."""
    session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
