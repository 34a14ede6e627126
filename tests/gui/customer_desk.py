"""A seeded server for the look-up and 360° tests, an admin's hand on it, and a desk signed in.

The seed writes its rows straight into the database, past the change log:
its customers (with orders, shipments, invoices, interactions and tickets)
are on the server only, and a desk finds them by asking the server, the way
a desk finds a customer its cache has never seen. Customers created through
the API reach the desk's cache through the change feed.
"""

import contextlib
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import requests
from pytestqt.qtbot import QtBot

from desk_app.client.credentials import CredentialStore
from desk_app.client.session import sign_in
from desk_app.gui.app import DeskApp
from desk_app.gui.customer.view import CustomerView
from desk_app.gui.main_window import MainWindow
from desk_app.server.seed import DEFAULT_PASSWORD
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.live_desk import REP_PASSWORD, SERVER_ENV, TIMEOUT, LiveDesk
from tests.support.live_server import DESK, live_server, new_database, prepare

SEED_CUSTOMERS = 12
SEED_PASSWORD = DEFAULT_PASSWORD  # the seeded staff's (DESK_SEED_PASSWORD is unset below)


@contextlib.contextmanager
def seeded_server(tmp_path: Path) -> Iterator[LiveDesk]:
    """``desk server`` on a SQLite database seeded with :data:`SEED_CUSTOMERS` customers."""
    env = prepare(new_database("sqlite", tmp_path=tmp_path, cluster=None), **SERVER_ENV)
    env.pop("DESK_SEED_PASSWORD", None)
    subprocess.run(
        [*DESK, "server", "seed", "--customers", str(SEED_CUSTOMERS)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with live_server(env) as server:
        yield LiveDesk(server)


class Admin:
    """The server's REST API as its admin."""

    def __init__(self, live: LiveDesk) -> None:
        self._base = live.server.base
        self._headers = live.server.login()

    def call(self, method: str, path: str, *, ok: bool = True, **kwargs: Any) -> requests.Response:
        response = requests.request(
            method, self._base + path, headers=self._headers, timeout=TIMEOUT, **kwargs
        )
        if ok:
            assert response.ok, response.text
        return response

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, params=params).json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.call("POST", path, json=body).json()

    def user(self, role: str) -> str:
        """A new user of ``role`` (password :data:`REP_PASSWORD`); the username."""
        username = f"{role}.{uuid.uuid4().hex[:8]}"
        body = {"username": username, "display_name": username.title(), "password": REP_PASSWORD}
        self.post("/users", {**body, "role": role})
        return username

    def customer(self, name: str, phone: str, **fields: Any) -> dict[str, Any]:
        return dict(self.post("/customers", {"name": name, "phones": [phone], **fields}))

    def overview(self, customer_id: Any) -> dict[str, Any]:
        return dict(self.get(f"/customers/{customer_id}/overview"))

    def seeded(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The overview of the first seeded customer for which ``wanted(overview)`` holds."""
        for customer in self.get("/customers", limit=100)["items"]:
            overview = self.overview(customer["id"])
            if wanted(overview):
                return overview
        raise AssertionError("no seeded customer fits")


def open_desk(
    qtbot: QtBot,
    desk: DeskApp,
    live: LiveDesk,
    credentials: CredentialStore,
    username: str,
    password: str = REP_PASSWORD,
) -> MainWindow:
    """Sign ``username`` in, open the window and wait until it is online.

    The seed's must-read updates are acknowledged first: their dialog would
    take the keyboard focus these tests drive, and they are tested elsewhere.
    """
    session = sign_in(live.url, username, password, remember=True, credentials=credentials)
    _acknowledge_must_reads(session.api_url, session.token)
    with qtbot.waitSignal(desk.windowOpened, timeout=LONG_WAIT_MS) as opened:
        desk.start()
    window: MainWindow = opened.args[0]
    qtbot.waitUntil(
        lambda: window.status_bar.connection_label.text().startswith("Online"),
        timeout=LONG_WAIT_MS,
    )
    return window


def _acknowledge_must_reads(api_url: str, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    updates = requests.get(f"{api_url}/updates", headers=headers, timeout=TIMEOUT)
    assert updates.ok, updates.text
    for update in updates.json()["items"]:
        if update["requires_ack"] and not update["acknowledged"]:
            url = f"{api_url}/updates/{update['id']}/acknowledge"
            answer = requests.post(url, headers=headers, timeout=TIMEOUT)
            assert answer.ok, answer.text


def cached(qtbot: QtBot, window: MainWindow, customer: dict[str, Any]) -> None:
    """Wait until the change feed has brought ``customer`` to the desk's cache."""
    qtbot.waitUntil(
        lambda: window.store.record("customer", uuid.UUID(customer["id"])) is not None,
        timeout=LONG_WAIT_MS,
    )


def loaded(qtbot: QtBot, view: CustomerView) -> None:
    """Wait until the view shows the server's overview."""
    qtbot.waitUntil(lambda: view.overview is not None, timeout=LONG_WAIT_MS)
    assert not view.busy.isVisible()
