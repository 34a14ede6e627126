"""The sync engine against a real server on 127.0.0.1, on SQLite and on PostgreSQL."""

import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.backoff import Backoff
from desk_app.client.store import LocalChange, LocalStore
from desk_app.client.sync import SyncEngine
from desk_app.domain.ids import new_id
from desk_app.server.customers.models import Customer
from desk_app.server.notes.models import Note
from tests.support.builders import PASSWORD, World, make_customer
from tests.support.served_app import LosesAnswers, ServedApp


def _token(world: World, who: str) -> str:
    return world.as_(who)["Authorization"].removeprefix("Bearer ")


@pytest.fixture
def desk(served: ServedApp, world: World, store: LocalStore) -> Iterator[SyncEngine]:
    api = DeskApi(served.base, token=_token(world, "rep"))
    yield SyncEngine(store, api, follow_events=False, backoff=Backoff(base=0.01, cap=0.05))
    api.close()


@pytest.fixture
def customer_id(db: Session) -> uuid.UUID:
    customer = make_customer(db)
    db.commit()
    return customer.id


def _add_notes(store: LocalStore, customer_id: uuid.UUID, count: int) -> list[uuid.UUID]:
    ops = []
    for number in range(count):
        note_id = new_id()
        payload = {"id": note_id, "subject_type": "customer", "subject_id": customer_id}
        local = LocalChange("note", note_id, {"body": f"note {number}"})
        ops.append(store.record_op("note.add", {**payload, "body": f"note {number}"}, local=local))
    return ops


def _server_count(db: Session, model: type) -> int:
    db.rollback()  # a fresh snapshot
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_queued_ops_are_applied_once_and_the_cache_gets_the_server_records(
    desk: SyncEngine, store: LocalStore, db: Session, customer_id: uuid.UUID
) -> None:
    _add_notes(store, customer_id, 250)
    assert desk.step()
    assert desk.step()  # nothing left to send: sending again changes nothing
    assert _server_count(db, Note) == 250
    assert desk.status.ops_waiting == 0
    assert desk.status.online
    notes = store.records("note")
    assert len(notes) == 250
    assert all(note["author_id"] for note in notes)  # the server's copy, not only my overlay


def test_a_batch_whose_answer_was_lost_is_answered_after_a_restart(
    desk: SyncEngine,
    store: LocalStore,
    db: Session,
    customer_id: uuid.UUID,
    served: ServedApp,
    lossy: LosesAnswers,
) -> None:
    _add_notes(store, customer_id, 30)
    lossy.armed = True
    assert not desk.step()
    assert _server_count(db, Note) == 30  # applied on the server, answer lost on the way
    assert desk.status.ops_waiting == 30
    served.stop()
    lossy.armed = False
    served.start()
    assert desk.step()
    assert desk.status.ops_waiting == 0
    assert (desk.status.conflicts, desk.status.rejected) == (0, 0)
    assert _server_count(db, Note) == 30
    assert len(store.records("note")) == 30


def test_ops_queue_while_the_server_is_down_and_drain_when_it_returns(
    desk: SyncEngine, store: LocalStore, db: Session, customer_id: uuid.UUID, served: ServedApp
) -> None:
    assert desk.step()
    served.stop()
    _add_notes(store, customer_id, 20)
    assert not desk.step()
    down = desk.status
    assert not down.online
    assert down.offline_since is not None
    assert down.ops_waiting == 20
    assert "could not be reached" in (down.last_error or "")
    assert not desk.step()
    assert desk.status.offline_since == down.offline_since
    served.start()
    assert desk.step()
    assert desk.status.online
    assert desk.status.offline_since is None
    assert desk.status.last_error is None
    assert _server_count(db, Note) == 20


def test_a_stale_edit_becomes_a_conflict_and_keep_mine_then_wins(
    desk: SyncEngine, store: LocalStore, served: ServedApp, world: World, db: Session
) -> None:
    customer = make_customer(db, name="Ada Lovelace")
    db.commit()
    assert desk.step()
    assert store.record("customer", customer.id)["version"] == 1
    theirs = requests.patch(
        f"{served.base}/customers/{customer.id}",
        json={"name": "Ada King", "version": 1},
        headers=world.as_("supervisor"),
        timeout=10,
    )
    assert theirs.status_code == 200, theirs.text
    op_id = store.record_op(
        "customer.update",
        {"customer_id": customer.id, "name": "Augusta Ada"},
        base_version=1,
        local=LocalChange("customer", customer.id, {"name": "Augusta Ada"}),
    )
    assert desk.step()
    (conflict,) = store.conflicts()
    assert conflict.op_id == op_id
    assert conflict.server_record["name"] == "Ada King"
    assert conflict.text_fields() == {"name": ("Augusta Ada", "Ada King")}
    assert desk.status.conflicts == 1
    assert store.record("customer", customer.id)["name"] == "Augusta Ada"

    store.keep_mine(op_id)
    assert desk.step()
    assert store.conflicts() == []
    assert store.rejected() == []
    db.expire_all()
    assert db.get(Customer, customer.id).name == "Augusta Ada"
    assert store.record("customer", customer.id)["version"] == 3


def test_a_desk_that_was_away_catches_up_with_every_change_in_order(
    served: ServedApp, world: World, store: LocalStore, customer_id: uuid.UUID
) -> None:
    api = DeskApi(served.base)
    api.login("rep", PASSWORD)
    desk = SyncEngine(store, api, follow_events=False, page_size=3)
    assert desk.step()
    names = [f"Caller {number}" for number in range(10)]
    for name in names:  # another user works while this desk is away
        created = requests.post(
            f"{served.base}/customers",
            json={"name": name},
            headers=world.as_("supervisor"),
            timeout=10,
        )
        assert created.status_code == 201
    seen: list[str] = []
    desk = SyncEngine(
        store,
        api,
        follow_events=False,
        page_size=3,
        on_records=lambda changes: seen.extend(
            store.record(c.entity, c.id)["name"] for c in changes if c.entity == "customer"
        ),
    )
    assert desk.step()
    assert seen == names
    assert {c["name"] for c in store.records("customer")} == {"Ada Lovelace", *names}


def _wait_for(condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_live_events_bring_another_users_change_without_polling(
    served: ServedApp, world: World, store: LocalStore
) -> None:
    api = DeskApi(served.base, token=_token(world, "rep"))
    desk = SyncEngine(store, api, poll_seconds=60)
    stop = threading.Event()
    worker = threading.Thread(target=desk.run, args=(stop,), daemon=True)
    worker.start()
    try:
        _wait_for(lambda: desk.status.streaming and desk.status.online)
        created = requests.post(
            f"{served.base}/customers",
            json={"name": "Pushed"},
            headers=world.as_("supervisor"),
            timeout=10,
        )
        customer_id = uuid.UUID(created.json()["id"])
        _wait_for(lambda: store.record("customer", customer_id) is not None, timeout=5)
    finally:
        stop.set()
        worker.join(10)
    assert not worker.is_alive()


def test_problems_become_one_error_with_the_servers_detail(served: ServedApp) -> None:
    api = DeskApi(served.base, token="not-a-token")
    with pytest.raises(ApiError) as refused:
        api.changes(0)
    assert refused.value.status == 401
    assert not refused.value.transient
    assert "sign in" in refused.value.detail
    served.stop()
    with pytest.raises(ApiError) as down:
        api.changes(0)
    assert down.value.status is None
    assert down.value.transient


def test_two_edits_of_one_record_made_offline_both_apply_in_order(
    desk: SyncEngine, store: LocalStore, db: Session
) -> None:
    customer = make_customer(db, name="Ada Lovelace")
    db.commit()
    assert desk.step()
    version = store.record("customer", customer.id)["version"]
    for name in ("Augusta Ada", "Augusta Ada King"):  # both on the version the desk has
        store.record_op(
            "customer.update",
            {"customer_id": customer.id, "name": name},
            base_version=version,
            local=LocalChange("customer", customer.id, {"name": name}),
        )
    assert desk.step()
    assert store.conflicts() == []
    assert store.rejected() == []
    assert desk.status.ops_waiting == 0
    db.expire_all()
    assert db.get(Customer, customer.id).name == "Augusta Ada King"
    assert store.record("customer", customer.id)["version"] == version + 2
