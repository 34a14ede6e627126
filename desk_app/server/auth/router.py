"""POST /auth/login and /auth/logout."""

from fastapi import APIRouter, status

from desk_app.server.auth import service
from desk_app.server.auth.schemas import LoginRequest, TokenResponse
from desk_app.server.dependencies import AddressDep, CurrentUser, SessionDep, SettingsDep, TokenDep
from desk_app.server.routing import presence

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=TokenResponse)
def login(
    body: LoginRequest, session: SessionDep, settings: SettingsDep, address: AddressDep
) -> TokenResponse:
    """Exchange a username and password for a bearer token."""
    user, token, expires_at = service.login(
        session,
        username=body.username,
        password=body.password,
        address=address,
        settings=settings,
    )
    return TokenResponse(access_token=token, expires_at=expires_at, role=user.role)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(user: CurrentUser, token: TokenDep, session: SessionDep) -> None:
    """Revoke the token this request was made with; the agent goes offline."""
    service.revoke(session, token)
    presence.sign_out(session=session, user=user)
