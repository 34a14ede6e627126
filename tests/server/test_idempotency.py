"""Idempotency-Key on REST POSTs: a retry returns the first response, never a second record."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desk_app.server.core.db import utcnow
from desk_app.server.customers.models import Customer
from desk_app.server.sync.models import IdempotencyRecord
from tests.support.builders import World

URL = "/api/v1/customers"


def _post(client: TestClient, world: World, key: str, name: str = "Kim"):
    return client.post(
        URL, json={"name": name}, headers={**world.as_("rep"), "Idempotency-Key": key}
    )


def _customers(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Customer)) or 0


def test_a_retry_with_the_same_key_gets_the_first_response(
    client: TestClient, world: World, db: Session
) -> None:
    first = _post(client, world, "retry-1")
    again = _post(client, world, "retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert _customers(db) == 1


def test_the_same_key_with_another_body_is_a_422(
    client: TestClient, world: World, db: Session
) -> None:
    assert _post(client, world, "k").status_code == 201
    reused = _post(client, world, "k", name="Somebody else")
    assert reused.status_code == 422
    assert reused.headers["content-type"] == "application/problem+json"
    assert _customers(db) == 1


def test_keys_belong_to_the_caller(client: TestClient, world: World, db: Session) -> None:
    assert _post(client, world, "shared").status_code == 201
    other = client.post(
        URL, json={"name": "Kim"}, headers={**world.as_("supervisor"), "Idempotency-Key": "shared"}
    )
    assert other.status_code == 201
    assert _customers(db) == 2


def test_a_request_still_running_gets_409(client: TestClient, world: World, db: Session) -> None:
    first = _post(client, world, "slow")
    db.execute(update(IdempotencyRecord).values(response_status=None))  # as if still running
    db.commit()
    assert _post(client, world, "slow").status_code == 409
    assert first.status_code == 201


def test_keys_expire_after_a_day(client: TestClient, world: World, db: Session) -> None:
    assert _post(client, world, "old").status_code == 201
    db.execute(update(IdempotencyRecord).values(created_at=utcnow() - timedelta(hours=25)))
    db.commit()
    assert "idempotent-replayed" not in _post(client, world, "old").headers
    assert _customers(db) == 2


def test_client_errors_are_kept_and_requests_without_a_key_are_untouched(
    client: TestClient, world: World, db: Session
) -> None:
    bad = client.post(URL, json={}, headers={**world.as_("rep"), "Idempotency-Key": "bad"})
    again = client.post(URL, json={}, headers={**world.as_("rep"), "Idempotency-Key": "bad"})
    assert bad.status_code == again.status_code == 422
    assert again.headers["idempotent-replayed"] == "true"
    for _ in range(2):
        assert client.post(URL, json={"name": "Plain"}, headers=world.as_("rep")).status_code == 201
    assert _customers(db) == 2


def test_an_overlong_key_is_a_400(client: TestClient, world: World) -> None:
    assert _post(client, world, "x" * 256).status_code == 400
