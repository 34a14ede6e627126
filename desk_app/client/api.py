"""The desk's REST client: one requests session, a bearer token, a timeout on every call.

It never retries by itself: whether and when to try again is the sync
engine's decision (it knows about backoff and the outbox). Every failure,
from a refused connection to an RFC 9457 problem, becomes :class:`ApiError`.
"""

import contextlib
import json
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import requests

CONNECT_TIMEOUT = 3.05
READ_TIMEOUT = 30.0
# The server pings idle event streams every 15 s; three missed pings mean the link is dead.
EVENTS_READ_TIMEOUT = 45.0
LOOKUP_READ_TIMEOUT = 5.0


class ApiError(Exception):
    """A call that did not succeed: ``status`` is None when no HTTP answer arrived."""

    def __init__(self, status: int | None, detail: str, problem: dict[str, Any] | None = None):
        super().__init__(detail if status is None else f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.problem = problem or {}

    @property
    def transient(self) -> bool:
        """Worth trying again later unchanged: no answer, a server error, or "slow down"."""
        return self.status is None or self.status >= 500 or self.status in (408, 429)


class EventStream(Protocol):
    """An open server-sent-events response, read line by line."""

    def lines(self) -> Iterator[str]: ...

    def close(self) -> None: ...


class _OpenStream:
    """A streaming response that another thread can close while it is being read.

    ``Response.close()`` waits for the lock a blocked read holds (up to the
    read timeout); shutting the socket down first wakes that read at once.
    """

    def __init__(self, response: requests.Response) -> None:
        self._response = response
        self._closed = False

    def lines(self) -> Iterator[str]:
        try:
            for line in self._response.iter_lines(decode_unicode=True):
                yield line if isinstance(line, str) else line.decode()
        except AttributeError:
            # http.client drops its file when closed under a blocked read: the end, not a bug
            if not self._closed:
                raise

    def close(self) -> None:
        self._closed = True
        connection = getattr(self._response.raw, "connection", None)
        sock = getattr(connection, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._response.close()


@dataclass(frozen=True)
class SignIn:
    access_token: str
    role: str
    expires_at: str


def _error_from(response: requests.Response) -> ApiError:
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    detail = problem.get("detail") or problem.get("title") or response.reason or "error"
    return ApiError(response.status_code, str(detail), problem)


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    """``value`` with ids and dates as strings, so requests can encode it."""
    return json.loads(json.dumps(value, default=str))  # type: ignore[no-any-return]


class DeskApi:
    """The server's REST API under ``base_url`` (``http://host:port/api/v1``)."""

    def __init__(self, base_url: str, *, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._session = requests.Session()
        self._session.headers["Accept"] = "application/json"

    def clone(self) -> "DeskApi":
        """The same server and token on a new session, for another thread."""
        return DeskApi(self.base_url, token=self.token)

    def close(self) -> None:
        self._session.close()

    def _request(
        self, method: str, path: str, *, timeout: tuple[float, float] | None = None, **kwargs: Any
    ) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._session.request(
                method,
                f"{self.base_url}{path}",
                headers=headers,
                timeout=timeout or (CONNECT_TIMEOUT, READ_TIMEOUT),
                **kwargs,
            )
        except requests.RequestException as exc:
            raise ApiError(None, f"the server could not be reached ({type(exc).__name__})") from exc
        if response.status_code >= 400:
            error = _error_from(response)
            response.close()
            raise error
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise ApiError(response.status_code, "the server sent an unreadable answer") from exc

    def _record(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """A call answered with one record (a JSON object)."""
        body = self._json(method, path, **kwargs)
        if not isinstance(body, dict):
            raise ApiError(None, "the server sent an unexpected answer")
        return body

    def _no_content(self, method: str, path: str, **kwargs: Any) -> None:
        self._request(method, path, **kwargs).close()

    def login(self, username: str, password: str) -> SignIn:
        """Sign in; the token is kept for every later call."""
        body = self._json("POST", "/auth/login", json={"username": username, "password": password})
        self.token = body["access_token"]
        return SignIn(body["access_token"], body["role"], body["expires_at"])

    def logout(self) -> None:
        """Revoke this token on the server; the desk forgets it either way."""
        self._no_content("POST", "/auth/logout")

    def me(self) -> dict[str, Any]:
        """The signed-in user (id, username, display name, role, team, store)."""
        return self._record("GET", "/me")

    def stores(self) -> list[dict[str, Any]]:
        """Every store with its code, name, phone region and time zone."""
        return self._json("GET", "/stores")  # type: ignore[no-any-return]

    # --- scripts (publishing from the command line) --------------------------

    def scripts(self) -> list[dict[str, Any]]:
        """Every script on the server, each with its current revision's definition."""
        found: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 100, **({"cursor": cursor} if cursor else {})}
            page = self._record("GET", "/scripts", params=params)
            found += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return found

    def create_script(self, body: dict[str, Any]) -> dict[str, Any]:
        """Add a script (``key``, ``title``, ``category``, ``definition``): revision 1."""
        return self._record("POST", "/scripts", json=body)

    def update_script(self, script_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Edit a script at ``body["version"]``; a changed definition becomes a revision."""
        return self._record("PATCH", f"/scripts/{script_id}", json=body)

    # --- presence and work (the sync thread runs these between steps) -------

    def heartbeat(self, idle_seconds: float) -> dict[str, Any]:
        """Tell the server this desk is alive and how long its user has been idle."""
        return self._record(
            "POST", "/presence/heartbeat", json={"idle_seconds": max(0.0, idle_seconds)}
        )

    def accept(self, interaction_id: uuid.UUID) -> dict[str, Any]:
        """Take the interaction offered to me; the server answers with it, now mine."""
        return self._record("POST", f"/interactions/{interaction_id}/accept")

    def decline(self, interaction_id: uuid.UUID) -> None:
        """Refuse an offer; the router offers it to someone else."""
        self._no_content("POST", f"/interactions/{interaction_id}/decline")

    def call_command(
        self,
        interaction_id: uuid.UUID,
        command: str,
        target_type: str | None = None,
        target: str | None = None,
    ) -> dict[str, Any]:
        """Ask the telephony system to act on a call; the command as sent.

        Sent is not done: the PBX's events change the call's record, and only
        they move what the desk shows.
        """
        body: dict[str, Any] = {"command": command}
        if target_type is not None:
            body["target_type"] = target_type
        if target is not None:
            body["target"] = target
        return self._record("POST", f"/interactions/{interaction_id}/call", json=body)

    def dial(
        self,
        number: str,
        customer_id: uuid.UUID | None = None,
        *,
        interaction_id: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        """Place an outbound call; the server answers with its interaction.

        ``interaction_id``: a callback I accepted, dialled as that interaction
        rather than a new one.
        """
        body: dict[str, Any] = {"number": number}
        if customer_id is not None:
            body["customer_id"] = str(customer_id)
        if interaction_id is not None:
            body["interaction_id"] = str(interaction_id)
        return self._record("POST", "/calls/dial", json=body)

    # --- customers ----------------------------------------------------------

    def search_customers(self, q: str, limit: int = 20) -> list[dict[str, Any]]:
        """Customers in my scope matching a name, phone (any format), email or number."""
        page = self._record("GET", "/customers", params={"q": q, "limit": limit})
        return list(page["items"])

    def get_customer(self, customer_id: uuid.UUID) -> dict[str, Any]:
        return self._record("GET", f"/customers/{customer_id}")

    def create_customer(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Create a customer (phones in any format; the server stores E.164)."""
        return self._record("POST", "/customers", json=_jsonable(payload))

    def lookup_customers(self, q: str, limit: int = 20) -> list[dict[str, Any]]:
        """As-you-type look-up: hits (``customer``, ``matched``, ``matched_text``), best first.

        A short read timeout: an answer later than this is one the rep has
        typed past anyway.
        """
        page = self._record(
            "GET",
            "/customers/lookup",
            params={"q": q, "limit": limit},
            timeout=(CONNECT_TIMEOUT, LOOKUP_READ_TIMEOUT),
        )
        return list(page["items"])

    # --- knowledge base -----------------------------------------------------

    def search_articles(self, q: str, limit: int = 20) -> list[dict[str, Any]]:
        """KB articles with every word of ``q`` beginning one of theirs, best first.

        The look-up's short read timeout: the rep is typing.
        """
        page = self._record(
            "GET",
            "/kb/articles",
            params={"q": q, "limit": limit},
            timeout=(CONNECT_TIMEOUT, LOOKUP_READ_TIMEOUT),
        )
        return list(page["items"])

    def article_by_slug(self, slug: str) -> dict[str, Any] | None:
        """The article a link names, or ``None`` if the server has none by that slug."""
        page = self._record("GET", "/kb/articles", params={"slug": slug, "limit": 1})
        items = list(page["items"])
        return dict(items[0]) if items else None

    def customer_overview(self, customer_id: uuid.UUID) -> dict[str, Any]:
        """The 360° view in one answer: contact, orders, invoices, order actions, timeline."""
        return self._record("GET", f"/customers/{customer_id}/overview")

    def merge_customers(
        self,
        survivor_id: uuid.UUID,
        duplicate_id: uuid.UUID,
        version: int,
        duplicate_version: int,
    ) -> dict[str, Any]:
        """Fold the duplicate into the survivor, both as last seen; the survivor after."""
        body = {
            "duplicate_id": str(duplicate_id),
            "version": version,
            "duplicate_version": duplicate_version,
        }
        return self._record("POST", f"/customers/{survivor_id}/merge", json=body)

    # --- figures ----------------------------------------------------------------

    def team_stats(self, first: date, last: date, bucket: str, tz: str) -> dict[str, Any]:
        """The team's average KPIs per ``bucket`` ("hour" or "day") over the local days
        ``first``..``last`` (both included) in zone ``tz`` (an IANA name): ``{"team_id",
        "buckets": [{"start", "end", "values": {metric: float | None}, "agents"}]}``."""
        params = {"start": first.isoformat(), "end": last.isoformat(), "bucket": bucket, "tz": tz}
        return self._record("GET", "/stats/team", params=params)

    def report_day(self, day: date, tz: str, user_id: uuid.UUID | None = None) -> dict[str, Any]:
        """What a rep's end-of-shift report is made from, the local ``day`` cut in zone ``tz``
        (default: the caller's own day): ``user``, ``interactions``, ``state_changes``,
        ``shifts``, ``goals``, open ``follow_ups_open`` / ``tickets_open``, ``team_average``
        and the stored ``report`` or null."""
        params = {"date": day.isoformat(), "tz": tz}
        if user_id is not None:
            params["user_id"] = str(user_id)
        return self._record("GET", "/reports/day", params=params)

    # --- colleagues -----------------------------------------------------------

    def users_directory(self) -> list[dict[str, Any]]:
        """Every staff member (id, username, display name, team, department): for @mentions."""
        return list(self._json("GET", "/users/directory"))

    def collisions(
        self, customer_ids: list[uuid.UUID], ticket_ids: list[uuid.UUID]
    ) -> list[dict[str, Any]]:
        """Say what I have open; who else has the same customers or tickets open, or is on
        the phone with those customers (``user_id``, ``display_name``, ``subject_type``,
        ``subject_id``, ``activity``)."""
        body = {
            "customer_ids": [str(i) for i in customer_ids],
            "ticket_ids": [str(i) for i in ticket_ids],
        }
        return list(self._record("POST", "/collisions", json=body)["others"])

    def queue_summary(self) -> dict[str, Any]:
        """What waits in my queue per channel: ``generated_at`` and ``channels``
        (``channel``, ``waiting``, ``oldest_queued_at`` or null), every channel listed."""
        return self._record("GET", "/queue/summary")

    # --- sync ---------------------------------------------------------------

    def post_ops(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send a batch of ops; one answer each, in order."""
        return self._json("POST", "/sync/ops", json={"ops": ops})["results"]  # type: ignore[no-any-return]

    def changes(self, after: int, limit: int = 500) -> dict[str, Any]:
        """One page of the change feed after ``after``: ``changes``, ``last_seq``, ``has_more``."""
        return self._json(  # type: ignore[no-any-return]
            "GET", "/sync/changes", params={"after": after, "limit": limit}
        )

    def open_events(self, last_event_id: int) -> EventStream:
        """Open the event stream after sequence ``last_event_id``."""
        response = self._request(
            "GET",
            "/events",
            headers={"Accept": "text/event-stream", "Last-Event-ID": str(last_event_id)},
            timeout=(CONNECT_TIMEOUT, EVENTS_READ_TIMEOUT),
            stream=True,
        )
        return _OpenStream(response)
