"""Every route, called as every role: the role matrix holds on each endpoint.

The table below must name every route the app serves (a new route without a
rule fails the first test). Calls use random ids and empty bodies: a role
that passes the gate gets a 2xx, 404 or 422, never 401/403; a role that does
not gets 403; nobody gets a 5xx; and without a token everything but the
public routes is 401. Signed webhooks (``SIGNED``) answer every unsigned
caller 403, token or not.
"""

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.builders import World

PUBLIC = frozenset({"anonymous", "rep", "retail", "supervisor", "admin"})
SIGNED_IN = frozenset({"rep", "retail", "supervisor", "admin"})
MANAGERS = frozenset({"supervisor", "admin"})
ADMIN = frozenset({"admin"})
# Webhooks take no token: only a valid signature opens them, so every caller here gets 403.
SIGNED: frozenset[str] = frozenset()
ROLES = ("anonymous", "rep", "retail", "supervisor", "admin")

RULES: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/api/v1/health"): PUBLIC,
    ("POST", "/api/v1/auth/login"): PUBLIC,
    ("POST", "/api/v1/auth/logout"): SIGNED_IN,
    ("GET", "/api/v1/me"): SIGNED_IN,
    ("GET", "/api/v1/users"): SIGNED_IN,
    ("POST", "/api/v1/users"): ADMIN,
    ("GET", "/api/v1/users/directory"): SIGNED_IN,
    ("GET", "/api/v1/users/{user_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/users/{user_id}"): ADMIN,
    ("GET", "/api/v1/teams"): SIGNED_IN,
    ("GET", "/api/v1/stores"): SIGNED_IN,
    ("GET", "/api/v1/customers"): SIGNED_IN,
    ("POST", "/api/v1/customers"): SIGNED_IN,
    ("GET", "/api/v1/customers/export"): MANAGERS,
    ("GET", "/api/v1/customers/lookup"): SIGNED_IN,
    ("GET", "/api/v1/customers/{customer_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/customers/{customer_id}"): SIGNED_IN,
    ("DELETE", "/api/v1/customers/{customer_id}"): ADMIN,
    ("GET", "/api/v1/customers/{customer_id}/overview"): SIGNED_IN,
    ("POST", "/api/v1/customers/{customer_id}/merge"): MANAGERS,
    ("GET", "/api/v1/audit"): MANAGERS,
    ("GET", "/api/v1/notes"): SIGNED_IN,
    ("POST", "/api/v1/notes"): SIGNED_IN,
    ("GET", "/api/v1/mentions"): SIGNED_IN,
    ("POST", "/api/v1/mentions/{mention_id}/read"): SIGNED_IN,
    ("GET", "/api/v1/questions"): SIGNED_IN,
    ("POST", "/api/v1/questions"): SIGNED_IN,
    ("POST", "/api/v1/questions/{question_id}/answer"): MANAGERS,
    ("GET", "/api/v1/updates"): SIGNED_IN,
    ("POST", "/api/v1/updates"): MANAGERS,
    ("GET", "/api/v1/updates/{announcement_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/updates/{announcement_id}"): MANAGERS,
    ("POST", "/api/v1/updates/{announcement_id}/acknowledge"): SIGNED_IN,
    ("GET", "/api/v1/updates/{announcement_id}/acknowledgements"): MANAGERS,
    ("GET", "/api/v1/scripts"): SIGNED_IN,
    ("POST", "/api/v1/scripts"): MANAGERS,
    ("GET", "/api/v1/scripts/{script_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/scripts/{script_id}"): MANAGERS,
    ("GET", "/api/v1/scripts/{script_id}/revisions/{revision}"): SIGNED_IN,
    ("GET", "/api/v1/kb/articles"): SIGNED_IN,
    ("POST", "/api/v1/kb/articles"): MANAGERS,
    ("GET", "/api/v1/kb/articles/{article_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/kb/articles/{article_id}"): MANAGERS,
    ("GET", "/api/v1/canned-answers"): SIGNED_IN,
    ("POST", "/api/v1/canned-answers"): MANAGERS,
    ("GET", "/api/v1/canned-answers/{answer_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/canned-answers/{answer_id}"): MANAGERS,
    ("GET", "/api/v1/macros"): SIGNED_IN,
    ("POST", "/api/v1/macros"): MANAGERS,
    ("GET", "/api/v1/macros/{macro_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/macros/{macro_id}"): MANAGERS,
    ("GET", "/api/v1/shifts"): SIGNED_IN,
    ("POST", "/api/v1/shifts"): MANAGERS,
    ("GET", "/api/v1/shifts/{shift_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/shifts/{shift_id}"): MANAGERS,
    ("DELETE", "/api/v1/shifts/{shift_id}"): MANAGERS,
    ("GET", "/api/v1/handover-notes"): SIGNED_IN,
    ("POST", "/api/v1/handover-notes"): SIGNED_IN,
    ("GET", "/api/v1/handover-notes/{note_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/handover-notes/{note_id}"): SIGNED_IN,
    ("POST", "/api/v1/handover-notes/{note_id}/acknowledge"): SIGNED_IN,
    ("GET", "/api/v1/orders"): SIGNED_IN,
    ("POST", "/api/v1/orders"): MANAGERS,
    ("GET", "/api/v1/orders/{order_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/orders/{order_id}"): MANAGERS,
    ("POST", "/api/v1/orders/{order_id}/actions"): SIGNED_IN,
    ("GET", "/api/v1/shipments"): SIGNED_IN,
    ("GET", "/api/v1/shipments/{shipment_id}"): SIGNED_IN,
    ("GET", "/api/v1/invoices"): SIGNED_IN,
    ("GET", "/api/v1/invoices/{invoice_id}"): SIGNED_IN,
    ("GET", "/api/v1/interactions"): SIGNED_IN,
    ("GET", "/api/v1/queue/summary"): SIGNED_IN,
    ("POST", "/api/v1/interactions"): SIGNED_IN,
    ("GET", "/api/v1/interactions/{interaction_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/interactions/{interaction_id}"): SIGNED_IN,
    ("POST", "/api/v1/interactions/{interaction_id}/accept"): SIGNED_IN,
    ("POST", "/api/v1/interactions/{interaction_id}/decline"): SIGNED_IN,
    ("GET", "/api/v1/agents"): SIGNED_IN,
    ("PATCH", "/api/v1/agents/{user_id}"): MANAGERS,
    ("PUT", "/api/v1/agents/{user_id}/state"): MANAGERS,
    ("PUT", "/api/v1/presence/state"): SIGNED_IN,
    ("POST", "/api/v1/presence/heartbeat"): SIGNED_IN,
    ("POST", "/api/v1/interactions/{interaction_id}/sla/pause"): SIGNED_IN,
    ("POST", "/api/v1/interactions/{interaction_id}/sla/resume"): SIGNED_IN,
    ("GET", "/api/v1/tickets"): SIGNED_IN,
    ("POST", "/api/v1/tickets"): SIGNED_IN,
    ("GET", "/api/v1/tickets/{ticket_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/tickets/{ticket_id}"): SIGNED_IN,
    ("POST", "/api/v1/tickets/{ticket_id}/escalate"): SIGNED_IN,
    ("POST", "/api/v1/tickets/{ticket_id}/check"): SIGNED_IN,
    ("POST", "/api/v1/collisions"): SIGNED_IN,
    ("POST", "/api/v1/interactions/{interaction_id}/call"): SIGNED_IN,
    ("POST", "/api/v1/calls/dial"): SIGNED_IN,
    ("GET", "/api/v1/follow-ups"): SIGNED_IN,
    ("PUT", "/api/v1/follow-ups/{follow_up_id}"): SIGNED_IN,
    ("POST", "/api/v1/telephony/twilio/voice"): SIGNED,
    ("POST", "/api/v1/telephony/events"): SIGNED,
    ("POST", "/api/v1/intake/{channel}"): SIGNED,
    ("GET", "/api/v1/goals"): SIGNED_IN,
    ("PUT", "/api/v1/goals"): MANAGERS,
    ("DELETE", "/api/v1/goals/{goal_id}"): MANAGERS,
    ("GET", "/api/v1/stats/team"): frozenset({"rep", "supervisor", "admin"}),
    ("GET", "/api/v1/reports/day"): SIGNED_IN,
    ("GET", "/api/v1/shift-reports"): SIGNED_IN,
    ("GET", "/api/v1/shift-reports/{report_id}"): SIGNED_IN,
    ("POST", "/api/v1/shift-reports/{report_id}/review"): MANAGERS,
    ("POST", "/api/v1/surveys/csat"): SIGNED,
    ("POST", "/api/v1/sync/ops"): SIGNED_IN,
    ("GET", "/api/v1/sync/changes"): SIGNED_IN,
    ("GET", "/api/v1/events"): SIGNED_IN,
}


def _served_routes(app: FastAPI) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, operations in app.openapi()["paths"].items()
        for method, operation in operations.items()
    }


def _concrete_path(path: str, operation: dict[str, Any]) -> str:
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        value = "1" if parameter["schema"].get("type") == "integer" else str(uuid.uuid4())
        path = path.replace("{" + parameter["name"] + "}", value)
    return path


def test_every_route_has_a_rule(app: FastAPI) -> None:
    assert set(_served_routes(app)) == set(RULES)


def test_every_route_as_every_role(client: TestClient, app: FastAPI, world: World) -> None:
    wrong: list[str] = []
    # logout ends the caller's token, so it goes last
    routes = sorted(_served_routes(app).items(), key=lambda item: item[0][1].endswith("/logout"))
    for (method, path), operation in routes:
        url = _concrete_path(path, operation)
        allowed = RULES[(method, path)]
        for role in ROLES:
            # A bad Last-Event-ID ends GET /events with 400 right after the role
            # check, instead of an endless stream; other routes ignore it.
            headers = {"Last-Event-ID": "not-a-seq"}
            if role != "anonymous":
                headers.update(world.as_(role))
            body = {} if method in {"POST", "PATCH"} else None
            status = client.request(method, url, headers=headers, json=body).status_code
            if status >= 500:
                ok = False
            elif not allowed:  # a signed webhook
                ok = status == 403
            elif role in allowed:
                ok = status not in (401, 403)
            elif role == "anonymous":
                ok = status == 401
            else:
                ok = status == 403
            if not ok:
                wrong.append(f"{method} {path} as {role}: {status}")
    assert wrong == []


@pytest.mark.parametrize("role", ["rep", "retail"])
def test_staff_reading_the_audit_log_get_403(client: TestClient, world: World, role: str) -> None:
    assert client.get("/api/v1/audit", headers=world.as_(role)).status_code == 403
