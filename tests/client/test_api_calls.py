"""The desk's calls to a real server on 127.0.0.1, and the requests the sync thread runs."""

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.credentials import CredentialStore
from desk_app.client.session import SignInError, sign_in
from desk_app.client.store import LocalStore
from desk_app.client.sync import SyncEngine
from desk_app.domain.enums import Role
from desk_app.server.routing.models import AgentProfile
from tests.client.test_credentials import MemoryKeyring
from tests.support.builders import PASSWORD, World, make_customer, make_user
from tests.support.served_app import ServedApp


def _token(world: World, who: str) -> str:
    return world.as_(who)["Authorization"].removeprefix("Bearer ")


@pytest.fixture
def api(served: ServedApp, world: World) -> Iterator[DeskApi]:
    desk_api = DeskApi(served.base, token=_token(world, "rep"))
    yield desk_api
    desk_api.close()


def _server(served: ServedApp) -> str:
    return served.base.removesuffix("/api/v1")


def test_me_and_customer_calls_answer_with_the_servers_records(
    api: DeskApi, world: World, db: Session
) -> None:
    customer = make_customer(db, name="Grace Hopper", phone="+12025550143")
    db.commit()
    assert api.me()["username"] == "rep"
    found = api.search_customers("(202) 555-0143")
    assert [c["id"] for c in found] == [str(customer.id)]
    assert api.get_customer(customer.id)["name"] == "Grace Hopper"
    new_id = uuid.uuid4()
    created = api.create_customer({"id": new_id, "name": "Katherine Johnson", "phones": []})
    assert created["id"] == str(new_id)
    assert {store["code"] for store in api.stores()} >= {"NYC", "LDN"}


def test_logout_revokes_the_token(api: DeskApi) -> None:
    api.logout()
    with pytest.raises(ApiError) as refused:
        api.me()
    assert refused.value.status == 401


def test_signing_in_learns_the_profile_and_remembers_only_when_asked(
    served: ServedApp, world: World, db: Session, tmp_path: Any
) -> None:
    london = make_user(db, Role.RETAIL, store=world.other_store, username="retail.ldn")
    db.commit()
    credentials = CredentialStore(tmp_path, MemoryKeyring())
    session = sign_in(
        _server(served), "retail.ldn", PASSWORD, remember=True, credentials=credentials
    )
    assert session.profile.user_id == london.id
    assert session.profile.region == "GB"  # the store's region reads national numbers
    assert session.profile.company_name == "Northwind Goods"  # for {company.name} in scripts
    assert credentials.token(session.server_url, "retail.ldn") == session.token
    assert DeskApi(session.api_url, token=session.token).me()["id"] == str(london.id)
    sign_in(_server(served), "retail.ldn", PASSWORD, remember=False, credentials=credentials)
    assert credentials.remembered() is None
    assert credentials.token(session.server_url, "retail.ldn") is None


def test_a_failed_sign_in_says_why(served: ServedApp, world: World, tmp_path: Any) -> None:
    credentials = CredentialStore(tmp_path, MemoryKeyring())

    def attempt(server: str, password: str) -> str:
        with pytest.raises(SignInError) as failed:
            sign_in(server, "rep", password, remember=True, credentials=credentials)
        return str(failed.value)

    assert attempt(_server(served), "wrong") == "Wrong user name or password."
    for _ in range(4):
        attempt(_server(served), "wrong")
    assert "too many failed sign-ins" in attempt(_server(served), PASSWORD)
    assert "could not be reached" in attempt("http://127.0.0.1:9", PASSWORD)
    assert credentials.remembered() is None


class Answers:
    """Collects ``done`` calls with the thread each came on."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ApiError | None, int]] = []
        self.event = threading.Event()

    def done(self, result: Any, error: ApiError | None) -> None:
        self.calls.append((result, error, threading.get_ident()))
        self.event.set()


def _running(engine: SyncEngine) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    worker = threading.Thread(target=engine.run, args=(stop,), daemon=True)
    worker.start()
    return worker, stop


def test_requests_run_on_the_engines_thread_and_are_answered_once(
    served: ServedApp, world: World, store: LocalStore
) -> None:
    api = DeskApi(served.base, token=_token(world, "rep"))
    engine = SyncEngine(store, api, follow_events=False, poll_seconds=60)
    worker, stop = _running(engine)
    good, bad = Answers(), Answers()
    try:
        engine.submit(lambda desk: desk.me()["username"], good.done)
        engine.submit(lambda desk: desk.get_customer(uuid.uuid4()), bad.done)
        assert good.event.wait(10)
        assert bad.event.wait(10)
    finally:
        stop.set()
        worker.join(10)
    assert good.calls == [("rep", None, worker.ident)]
    ((result, error, thread),) = bad.calls
    assert result is None
    assert error is not None
    assert error.status == 404
    assert thread == worker.ident


def test_a_request_that_can_no_longer_run_is_still_answered(
    served: ServedApp, world: World, store: LocalStore
) -> None:
    api = DeskApi(served.base, token=_token(world, "rep"))
    engine = SyncEngine(store, api, follow_events=False, poll_seconds=60)
    worker, stop = _running(engine)
    stop.set()
    worker.join(10)
    late = Answers()
    engine.submit(lambda desk: desk.me(), late.done)
    ((result, error, _thread),) = late.calls
    assert result is None
    assert error is not None
    assert error.status is None


def test_a_request_that_raises_a_bug_is_answered_and_the_engine_goes_on(
    served: ServedApp, world: World, store: LocalStore
) -> None:
    api = DeskApi(served.base, token=_token(world, "rep"))
    engine = SyncEngine(store, api, follow_events=False, poll_seconds=60)
    worker, stop = _running(engine)
    broken, after = Answers(), Answers()

    def bug(_api: DeskApi) -> None:
        raise KeyError("oops")

    try:
        engine.submit(bug, broken.done)
        engine.submit(lambda desk: desk.me()["username"], after.done)
        assert after.event.wait(10)
    finally:
        stop.set()
        worker.join(10)
    assert broken.calls[0][1] is not None
    assert "oops" in broken.calls[0][1].detail
    assert after.calls[0][0] == "rep"


def _wait(condition: Callable[[], object], timeout: float = 10) -> None:
    event = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        event.wait(0.05)
    raise AssertionError("timed out")


def test_a_running_engine_sends_heartbeats_with_the_idle_time(
    served: ServedApp, world: World, store: LocalStore, db: Session
) -> None:
    api = DeskApi(served.base, token=_token(world, "rep"))
    engine = SyncEngine(
        store,
        api,
        follow_events=False,
        poll_seconds=60,
        idle_seconds=lambda: 42.0,
        heartbeat_seconds=0.1,
    )

    def heartbeats() -> tuple[object, object]:
        db.rollback()  # a fresh snapshot
        profile = db.scalar(select(AgentProfile).where(AgentProfile.user_id == world.rep.id))
        return (None, None) if profile is None else (profile.heartbeat_at, profile.activity_at)

    worker, stop = _running(engine)
    try:
        _wait(lambda: heartbeats()[0] is not None)
        first, activity = heartbeats()
        _wait(lambda: heartbeats()[0] != first)  # and again, every heartbeat_seconds
    finally:
        stop.set()
        worker.join(10)
    assert first is not None
    assert activity is not None
    assert (first - activity).total_seconds() == pytest.approx(42.0, abs=1.0)


def test_click_to_dial_answers_with_my_new_outbound_call(api: DeskApi, world: World) -> None:
    call = api.dial("(202) 555-0143")
    assert call["direction"] == "outbound"
    assert call["assigned_agent_id"] == str(world.rep.id)
    assert call["to_address"] == "+12025550143"
