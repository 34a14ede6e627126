"""Signing in: argon2id hashes, bearer tokens that expire and can be revoked, throttling."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk_app.domain.enums import Role
from desk_app.server.auth.models import AuthToken, LoginAttempt
from desk_app.server.core.db import utcnow
from desk_app.server.users.models import User
from tests.support.builders import PASSWORD, World, make_user


def _login(client: TestClient, username: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_login_answers_the_documented_token_shape(client: TestClient, world: World) -> None:
    response = _login(client, "rep")
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_at", "role"}
    assert body["token_type"] == "bearer"
    assert body["role"] == "rep"
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["username"] == "rep"
    assert me.json()["company_name"] == "Northwind Goods"  # DESK_COMPANY_NAME's default


def test_passwords_are_argon2id_and_tokens_are_stored_hashed(
    client: TestClient, world: World, db: Session
) -> None:
    token = _login(client, "rep").json()["access_token"]
    user = db.scalar(select(User).where(User.username == "rep"))
    assert user is not None
    assert user.password_hash.startswith("$argon2id$")
    stored = db.scalars(select(AuthToken.token_hash).where(AuthToken.user_id == user.id)).all()
    assert token not in stored
    assert all(len(digest) == 64 for digest in stored)


def test_wrong_password_and_unknown_user_look_the_same(client: TestClient, world: World) -> None:
    wrong = _login(client, "rep", "not the password")
    unknown = _login(client, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_expired_token_is_refused(client: TestClient, world: World, db: Session) -> None:
    token = _login(client, "rep").json()["access_token"]
    db.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_logout_revokes_the_token(client: TestClient, world: World) -> None:
    headers = {"Authorization": f"Bearer {_login(client, 'rep').json()['access_token']}"}
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_repeated_failures_lock_the_account_with_429(
    client: TestClient, world: World, settings
) -> None:
    for _ in range(settings.login_max_failures_per_account):
        assert _login(client, "rep", "guess").status_code == 401
    locked = _login(client, "rep")  # even the right password now waits
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert locked.json()["status"] == 429
    assert _login(client, "supervisor").status_code == 200  # other accounts are unaffected


def test_failures_from_one_address_across_accounts_are_throttled(
    client: TestClient, world: World, db: Session, settings
) -> None:
    db.add_all(
        LoginAttempt(username=f"user{i}", address="testclient", succeeded=False)
        for i in range(settings.login_max_failures_per_address)
    )
    db.commit()
    assert _login(client, "rep").status_code == 429


def test_deactivated_user_cannot_sign_in(client: TestClient, world: World, db: Session) -> None:
    world.rep.active = False
    db.commit()
    assert _login(client, "rep").status_code == 401


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nonsense", "Basic abc"])
def test_missing_or_bad_credentials_get_401_problem(
    client: TestClient, world: World, header: str
) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_role_change_is_audited_and_ends_old_sessions(
    client: TestClient, world: World, db: Session
) -> None:
    target = make_user(db, Role.REP, team=world.team, username="promote_me")
    db.commit()
    old = {"Authorization": f"Bearer {_login(client, 'promote_me').json()['access_token']}"}
    response = client.patch(
        f"/api/v1/users/{target.id}",
        json={"version": target.version, "role": "supervisor"},
        headers=world.as_("admin"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "supervisor"
    assert client.get("/api/v1/me", headers=old).status_code == 401
    rows = client.get(
        "/api/v1/audit", params={"action": "user.role_change"}, headers=world.as_("admin")
    ).json()["items"]
    assert [row["target_id"] for row in rows] == [str(target.id)]
    assert rows[0]["detail"]["after"] == {"role": "supervisor"}


def test_only_admins_manage_accounts(client: TestClient, world: World) -> None:
    body = {"username": "newbie", "display_name": "New", "password": "long enough", "role": "rep"}
    assert (
        client.post("/api/v1/users", json=body, headers=world.as_("supervisor")).status_code == 403
    )
    created = client.post("/api/v1/users", json=body, headers=world.as_("admin"))
    assert created.status_code == 201
    again = client.post("/api/v1/users", json=body, headers=world.as_("admin"))
    assert again.status_code == 409
