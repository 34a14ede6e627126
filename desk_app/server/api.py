"""The /api/v1 router: every domain's routes, mounted in one place."""

from fastapi import APIRouter

from desk_app.server.audit.router import router as audit_router
from desk_app.server.auth.router import router as auth_router
from desk_app.server.collisions.router import router as collisions_router
from desk_app.server.customers.router import router as customers_router
from desk_app.server.followups.router import router as followups_router
from desk_app.server.goals.router import router as goals_router
from desk_app.server.handover.router import router as handover_router
from desk_app.server.health import router as health_router
from desk_app.server.interactions.queue_router import router as queue_router
from desk_app.server.interactions.router import router as interactions_router
from desk_app.server.knowledge.router import router as knowledge_router
from desk_app.server.notes.router import mentions_router
from desk_app.server.notes.router import router as notes_router
from desk_app.server.orders.router import router as orders_router
from desk_app.server.questions.router import router as questions_router
from desk_app.server.routing.endpoints import router as routing_router
from desk_app.server.scripts.router import router as scripts_router
from desk_app.server.shift_reports.router import router as shift_reports_router
from desk_app.server.shifts.router import router as shifts_router
from desk_app.server.sla.router import router as sla_router
from desk_app.server.stats.router import router as stats_router
from desk_app.server.surveys.router import router as surveys_router
from desk_app.server.sync.router import router as sync_router
from desk_app.server.sync.stream import router as events_router
from desk_app.server.telephony.router import router as telephony_router
from desk_app.server.tickets.router import router as tickets_router
from desk_app.server.updates.router import router as updates_router
from desk_app.server.users.router import router as users_router

api_router = APIRouter()
for domain_router in (
    health_router,
    auth_router,
    users_router,
    customers_router,
    audit_router,
    notes_router,
    mentions_router,
    questions_router,
    updates_router,
    scripts_router,
    knowledge_router,
    shifts_router,
    handover_router,
    orders_router,
    interactions_router,
    queue_router,
    routing_router,
    sla_router,
    tickets_router,
    collisions_router,
    followups_router,
    sync_router,
    events_router,
    telephony_router,
    goals_router,
    stats_router,
    shift_reports_router,
    surveys_router,
):
    api_router.include_router(domain_router)
