"""GET /health: for load balancers and the desk's connectivity check (no sign-in)."""

from fastapi import APIRouter
from sqlalchemy import text

from desk_app import __version__
from desk_app.server.dependencies import SessionDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(session: SessionDep) -> dict[str, str]:
    """Up, and the database answers."""
    session.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}
