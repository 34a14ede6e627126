"""The /api/v1 router: every domain's routes, mounted in one place."""

from fastapi import APIRouter

from desk_app.server.audit.router import router as audit_router
from desk_app.server.auth.router import router as auth_router
from desk_app.server.customers.router import router as customers_router
from desk_app.server.health import router as health_router
from desk_app.server.users.router import router as users_router

api_router = APIRouter()
for domain_router in (
    health_router,
    auth_router,
    users_router,
    customers_router,
    audit_router,
):
    api_router.include_router(domain_router)
