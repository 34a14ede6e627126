"""Dependency aliases every router uses: the session, the settings, the caller."""

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from desk_app.domain.access import Action, may
from desk_app.server.auth.service import user_for_token
from desk_app.server.core.config import Settings
from desk_app.server.core.pagination import PageParams, page_params
from desk_app.server.core.problems import Forbidden, Problem
from desk_app.server.users.models import User

_bearer = HTTPBearer(auto_error=False, description="token from POST /api/v1/auth/login")


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; services commit what they change."""
    with request.app.state.session_factory() as session:
        yield session


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PageDep = Annotated[PageParams, Depends(page_params)]


def get_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Problem(401, "sign in first", headers={"WWW-Authenticate": "Bearer"})
    return credentials.credentials


TokenDep = Annotated[str, Depends(get_token)]


def get_current_user(session: SessionDep, token: TokenDep) -> User:
    user = user_for_token(session, token)
    if user is None:
        raise Problem(
            401,
            "your session has expired or was ended; sign in again",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


AddressDep = Annotated[str, Depends(client_address)]


def require(action: Action) -> Callable[[User], User]:
    """A dependency that lets through only roles allowed to perform ``action``."""

    def check(user: CurrentUser) -> User:
        if not may(user.role, action):
            raise Forbidden(f"a {user.role} may not {action.value.replace('.', ' ')}")
        return user

    return check
