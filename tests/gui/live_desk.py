"""A real server process for the window's tests, and what a PBX, a gateway and an admin do to it."""

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from typing import Any

import requests

from tests.support.live_server import LiveServer

CTI_SECRET = "cti-secret-for-the-window-tests"
INTAKE_SECRET = "intake-secret-for-the-window-tests"
REP_PASSWORD = "rep password for the window"
SERVER_ENV = {
    "DESK_CTI_SECRET": CTI_SECRET,
    "DESK_INTAKE_SECRET": INTAKE_SECRET,
    "DESK_EVENTS_POLL_SECONDS": "0.5",
    "DESK_ROUTER_INTERVAL_SECONDS": "0.5",
    # an offer must not time out while a slow machine paints the window
    "DESK_OFFER_TIMEOUT_SECONDS": "300",
}
TIMEOUT = 10


def _signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class LiveDesk:
    """The server a desk signs in to, with an admin's hand on it."""

    server: LiveServer

    @property
    def url(self) -> str:
        """The address a rep types into the sign-in dialog."""
        return self.server.base.removesuffix("/api/v1")

    def _admin(self, method: str, path: str, **kwargs: Any) -> Any:
        response = requests.request(
            method, self.server.base + path, headers=self.server.login(), timeout=TIMEOUT, **kwargs
        )
        assert response.ok, response.text
        return response.json() if response.content else None

    def create_rep(self, username: str) -> dict[str, Any]:
        """A rep with no team: the router may offer them work of any team."""
        body = {"username": username, "display_name": username.title(), "password": REP_PASSWORD}
        return dict(self._admin("POST", "/users", json={**body, "role": "rep"}))

    def send_offline(self, user_id: str) -> None:
        """A supervisor sends the agent offline: no later test's work is offered to them."""
        self._admin("PUT", f"/agents/{user_id}/state", json={"state": "offline"})

    def create_customer(self, name: str, phone: str) -> dict[str, Any]:
        return dict(self._admin("POST", "/customers", json={"name": name, "phones": [phone]}))

    def give_extension(self, user_id: str) -> str:
        """A phone extension of the agent's own: calls to it are offered to them only."""
        extension = str(uuid.uuid4().int % 10**8)
        agent = self.agent(user_id)
        assert agent is not None, "the desk creates the profile with its first heartbeat"
        body = {"extension": extension, "version": agent["version"]}
        self._admin("PATCH", f"/agents/{user_id}", json=body)
        return extension

    def search_customers(self, query: str) -> list[dict[str, Any]]:
        return list(self._admin("GET", "/customers", params={"q": query})["items"])

    def agent(self, user_id: str) -> dict[str, Any] | None:
        """The agent's profile as the server has it now."""
        page = self._admin("GET", "/agents", params={"limit": 500})
        return next((a for a in page["items"] if a["user_id"] == user_id), None)

    def interaction(self, interaction_id: uuid.UUID) -> dict[str, Any]:
        return dict(self._admin("GET", f"/interactions/{interaction_id}"))

    def _signed(self, path: str, secret: str, payload: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(payload).encode()
        response = requests.post(
            self.server.base + path,
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-Desk-Signature": _signature(secret, body),
            },
            timeout=TIMEOUT,
        )
        assert response.ok, response.text
        return dict(response.json())

    def ring(self, caller: str, *, extension: str | None = None) -> uuid.UUID:
        """A PBX reports a new inbound call; the id of the interaction it queued."""
        event = {
            "event_id": uuid.uuid4().hex,
            "call_id": uuid.uuid4().hex,
            "event": "ringing",
            "from": caller,
            "to": "+12025550100",
        }
        if extension is not None:
            event["extension"] = extension
        answer = self._signed("/telephony/events", CTI_SECRET, event)
        return uuid.UUID(answer["interaction_id"])

    def chat(self, sender: str, subject: str) -> uuid.UUID:
        """A chat gateway opens a chat; the id of the interaction it queued."""
        message = {"message_id": uuid.uuid4().hex, "from": sender, "subject": subject}
        answer = self._signed("/intake/chat", INTAKE_SECRET, message)
        return uuid.UUID(answer["interaction_id"])
