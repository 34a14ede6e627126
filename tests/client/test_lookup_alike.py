"""The desk's look-up and the server's find the same customers, for the same reasons, in order.

The desk answers first from its cache and the server's answer is merged in
after: if the two disagreed, the list would jump under the rep's cursor.
Here the server's records reach the desk through the real change feed, and
every query is asked of both (SQLite and PostgreSQL servers).
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.client.store import LocalStore
from desk_app.domain.lookup import parse_query
from tests.support.builders import World, make_customer, make_invoice, make_order

QUERIES = [
    "ada",
    "ADA LOV",
    "lovelace a",
    "zoe ang",
    "ang",
    "strasse",
    "a",
    "(202) 555-0143",
    "+1 202 555",
    "202555",
    "0044 20 7946 0958",
    "020 7946",
    "+4930",
    "ada@",
    "ada.lovelace@ex",
    "lovelace@example",
    "zoe@",
    "O-1",
    "o-10001",
    "100012",
    "INV-700",
    "inv7001",
    "7002",
    "r2d2",
    "nobody",
    "'; DROP TABLE customer;--",
    "",
]


def _feed(client: TestClient, headers: dict[str, str], store: LocalStore) -> None:
    """Everything the admin may see, into the desk's cache, as the sync engine puts it."""
    after, more = 0, True
    while more:
        page = client.get("/api/v1/sync/changes", params={"after": after}, headers=headers)
        page.raise_for_status()
        body = page.json()
        store.replica.apply_changes(body["changes"], body["last_seq"])
        after, more = body["last_seq"], body["has_more"]


def _seen(hits: list[Any]) -> list[tuple[str, str, str]]:
    return [(str(h["customer"]["id"]), h["matched"], h["matched_text"]) for h in hits]


def test_the_desk_and_the_server_answer_every_query_alike(
    client: TestClient, db: Session, world: World, store: LocalStore
) -> None:
    ada = make_customer(db, "Ada Lovelace", email="Ada.Lovelace@Example.com")
    zoe = make_customer(db, "Zoë Ångström", phone="+442079460958", email="zoe@example.se")
    hans = make_customer(db, "Hans Straße", phone="+4930123456")
    make_customer(db, "Ada", phone="+12025550199", email="ada@example.org")
    make_customer(db, "Anna Maria Adams", phone=None)
    make_customer(db, "Unit R2D2", phone=None)  # a name word shaped like a document number
    for number, owner in enumerate((ada, ada, zoe, hans), start=100011):
        make_order(db, owner, number=f"O-{number}")
    make_invoice(db, zoe, number="INV-7001")
    make_invoice(db, hans, number="INV-7002")
    db.commit()
    admin = world.as_("admin")
    _feed(client, admin, store)

    differ, found_nothing = {}, []
    for text in QUERIES:
        answer = client.get(
            "/api/v1/customers/lookup", params={"q": text, "limit": 20}, headers=admin
        )
        answer.raise_for_status()
        server = _seen(answer.json()["items"])
        desk = store.lookup(parse_query(text, region="US"), 20)
        local = _seen([{**vars(h), "matched": h.matched.value} for h in desk])
        if local != server:
            differ[text] = {"desk": local, "server": server}
        found_nothing += [] if local else [text]
    assert differ == {}
    assert found_nothing == ["nobody", "'; DROP TABLE customer;--", ""]


@pytest.mark.parametrize("text", ["ada", "+1 202", "O-2"])
def test_a_limit_cuts_both_lists_alike(
    client: TestClient, db: Session, world: World, store: LocalStore, text: str
) -> None:
    for number in range(12):
        owner = make_customer(db, f"Ada Number{number:02d}", phone=f"+120255501{number:02d}")
        make_order(db, owner, number=f"O-2{number:02d}")
    db.commit()
    admin = world.as_("admin")
    _feed(client, admin, store)
    answer = client.get("/api/v1/customers/lookup", params={"q": text, "limit": 5}, headers=admin)
    answer.raise_for_status()
    desk = store.lookup(parse_query(text, region="US"), 5)
    local = _seen([{**vars(h), "matched": h.matched.value} for h in desk])
    assert local == _seen(answer.json()["items"])
    assert len(local) == 5
