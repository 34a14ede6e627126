"""The server's customer look-up: every reading of a query, ranked, scoped, kept in step.

Names (any order, accents folded, prefixes), phones in any format, email
fragments, order and invoice numbers; one hit per customer; the index follows
every write; no input makes it fail.
"""

import random
import re
import string
import threading
import uuid
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.domain.lookup import parse_query
from desk_app.server.customers import search_index
from desk_app.server.customers.lookup import lookup
from desk_app.server.customers.models import Customer, CustomerEmail, CustomerPhone
from desk_app.server.customers.search_models import CustomerSearch, CustomerSearchKey
from desk_app.server.migrate import alembic_config, upgrade
from desk_app.server.orders.models import Order
from desk_app.server.seed import DEFAULT_PASSWORD, seed_database
from tests.support.builders import World, make_customer, make_invoice, make_order

URL = "/api/v1/customers/lookup"

LETTERS = string.ascii_lowercase
BIG_TABLES = re.compile(r"Seq Scan on (customer|customer_search|customer_search_key|sales_order)\b")


def _lookup(client: TestClient, world: World, q: str, who: str = "rep", **params: Any) -> Any:
    response = client.get(URL, params={"q": q, **params}, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _names(client: TestClient, world: World, q: str, who: str = "rep") -> list[str]:
    return [hit["customer"]["name"] for hit in _lookup(client, world, q, who)]


def test_names_match_in_any_order_with_accents_folded_and_prefixes(
    client: TestClient, world: World, db: Session
) -> None:
    make_customer(db, "Zoë Ångström", phone=None)
    make_customer(db, "Zoey Ng", phone=None)
    make_customer(db, "Bob Angstrom-Smith", phone=None)
    db.commit()
    assert _names(client, world, "zoe ang") == ["Zoë Ångström"]
    assert _names(client, world, "ÅNG ZO") == ["Zoë Ångström"]
    assert _names(client, world, "zoey") == ["Zoey Ng"]
    # fewer extra words first, then by folded name
    assert _names(client, world, "ang") == ["Zoë Ångström", "Bob Angstrom-Smith"]
    assert _names(client, world, "zo") == ["Zoë Ångström", "Zoey Ng"]  # "zoe " < "zoey"
    hit = _lookup(client, world, "zoe ang")[0]
    assert (hit["matched"], hit["matched_text"]) == ("name", "Zoë Ångström")
    assert _names(client, world, "zoe angx") == []


def test_phones_match_in_any_format_and_by_partial_number(
    client: TestClient, world: World, db: Session
) -> None:
    make_customer(db, "Ada US", phone="+15550102030")
    make_customer(db, "Alan GB", phone="+442079460958")
    make_customer(db, "Close Number", phone="+15550102099")
    db.commit()
    for typed in ("(555) 010-2030", "+1 555 010 2030", "555-010-2030", "15550102030"):
        hits = _lookup(client, world, typed)
        assert [h["customer"]["name"] for h in hits] == ["Ada US"], typed
        assert (hits[0]["matched"], hits[0]["matched_text"]) == ("phone", "+15550102030")
    for typed in ("0044 20 7946 0958", "+44 20 7946 0958", "0044 (0)20 7946 0958"):
        assert _names(client, world, typed) == ["Alan GB"], typed
    # partial numbers: in number order, the exact number first
    assert _names(client, world, "555 010 20") == ["Ada US", "Close Number"]
    assert _names(client, world, "+44 20 79") == ["Alan GB"]
    assert _names(client, world, "20 7946 09") == ["Alan GB"]  # too short to be a US number
    assert _names(client, world, "555 011") == []


def test_email_fragments_match(client: TestClient, world: World, db: Session) -> None:
    make_customer(db, "Ada Lovelace", email="ada.lovelace@example.com", phone=None)
    make_customer(db, "Ada Byron", email="countess@analytical.example", phone=None)
    db.commit()
    exact = _lookup(client, world, "Ada.Lovelace@example.com")
    assert [(h["matched"], h["matched_text"]) for h in exact] == [
        ("email", "ada.lovelace@example.com")
    ]
    for fragment in ("ada.love", "lovelace@exa", "@example.com", "ada.lovelace@"):
        hits = _lookup(client, world, fragment)
        assert [h["customer"]["name"] for h in hits][:1] == ["Ada Lovelace"], fragment
        assert hits[0]["matched"] in {"email", "name"}, fragment
    assert _names(client, world, "countess@") == ["Ada Byron"]
    assert _names(client, world, "nobody@example.org") == []


def test_order_and_invoice_numbers_match_whole_partial_and_as_digits(
    client: TestClient, world: World, db: Session
) -> None:
    ada, alan = make_customer(db, "Ada"), make_customer(db, "Alan", phone="+12025550199")
    make_order(db, ada, number="O-1000123")
    make_order(db, ada, number="O-1000124")
    make_order(db, alan, number="O-1000200")
    make_invoice(db, alan, number="INV-2000456")
    db.commit()
    hits = _lookup(client, world, "O-1000123")
    assert [(h["customer"]["name"], h["matched"], h["matched_text"]) for h in hits] == [
        ("Ada", "order", "O-1000123")
    ]
    assert _names(client, world, "1000123") == ["Ada"]
    assert _names(client, world, "o1000") == ["Ada", "Alan"]  # one hit each, in number order
    hits = _lookup(client, world, "inv-2000")
    assert [(h["customer"]["name"], h["matched"]) for h in hits] == [("Alan", "invoice")]
    assert _names(client, world, "2000456") == ["Alan"]
    assert _names(client, world, "O-2000456") == []


def test_each_customer_once_for_its_best_reason(
    client: TestClient, world: World, db: Session
) -> None:
    ada = make_customer(db, "Ada 2030", phone="+15550102030", email="ada2030@example.com")
    make_order(db, ada, number="2030")
    db.commit()
    hits = _lookup(client, world, "2030")
    assert [(h["customer"]["name"], h["matched"]) for h in hits] == [("Ada 2030", "order")]


def test_retail_staff_find_their_store_customers_only(
    client: TestClient, world: World, db: Session
) -> None:
    make_customer(db, "Grace Hopper", store=world.store, phone="+12025550143")
    make_customer(db, "Grace Kelly", store=world.other_store, phone="+12025550144")
    make_customer(db, "Grace Jones", phone="+12025550145")
    db.commit()
    assert _names(client, world, "grace", who="retail") == ["Grace Hopper"]
    assert _names(client, world, "202555014", who="retail") == ["Grace Hopper"]
    assert _names(client, world, "grace", who="rep") == [
        "Grace Hopper",
        "Grace Jones",
        "Grace Kelly",
    ]


def test_the_index_follows_edits_and_deletes(client: TestClient, world: World, db: Session) -> None:
    created = client.post(
        "/api/v1/customers",
        json={"name": "Margaret Hamilton", "phones": ["(202) 555-0143"]},
        headers=world.as_("rep"),
    ).json()
    assert _names(client, world, "marg ham") == ["Margaret Hamilton"]
    renamed = client.patch(
        f"/api/v1/customers/{created['id']}",
        json={
            "version": created["version"],
            "name": "Peggy Hamilton",
            "phones": ["+1 202 555 0177"],
        },
        headers=world.as_("rep"),
    )
    assert renamed.status_code == 200, renamed.text
    assert _names(client, world, "marg") == []
    assert _names(client, world, "peggy ham") == ["Peggy Hamilton"]
    assert _names(client, world, "202 555 0143") == []
    assert _names(client, world, "202 555 0177") == ["Peggy Hamilton"]
    deleted = client.delete(f"/api/v1/customers/{created['id']}", headers=world.as_("admin"))
    assert deleted.status_code == 204, deleted.text
    assert _names(client, world, "peggy") == []
    for table in (CustomerSearch, CustomerSearchKey):
        assert db.scalar(sa.select(sa.func.count()).select_from(table)) == 0
    if db.get_bind().dialect.name == "sqlite":  # the FTS5 index let go of the rows too
        stale = "SELECT rowid FROM customer_search_fts WHERE customer_search_fts MATCH 'peggy'"
        assert db.execute(sa.text(stale)).all() == []


def test_a_rolled_back_write_leaves_the_index_as_it_was(
    client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db, "Katherine Johnson", phone=None)
    db.commit()
    customer.name = "Dorothy Vaughan"
    db.flush()
    db.rollback()
    assert _names(client, world, "katherine") == ["Katherine Johnson"]
    assert _names(client, world, "dorothy") == []


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "!!! ??? ***",
        "@",
        "+",
        "00",
        "%",
        "_",
        "\\",
        "'; DROP TABLE customer;--",
        '"foo* OR bar',
        "NEAR(",
        "name : x",
        "a' & 'b",
        "ab-",
        "x" * 10_000,
        ("Ada Lovelace (202) 555-0143 ada@example.com O-1 " * 250)[:10_240],
        "\u0000\ud7ff\U0010ffff",
        "a\u0000@b",
        "O-1\u0000",
    ],
)
def test_tricky_input_gives_sensible_answers_never_an_error(
    client: TestClient, world: World, db: Session, q: str
) -> None:
    make_customer(db, "Ada Lovelace", email="ada@example.com")
    db.commit()
    names = _names(client, world, q)
    assert names in ([], ["Ada Lovelace"])
    assert _names(client, world, "ada") == ["Ada Lovelace"]  # the tables are all still there


def test_input_longer_than_any_look_up_and_bad_limits_are_refused(
    client: TestClient, world: World
) -> None:
    for params in ({"q": "x" * 20_000}, {"q": "ada", "limit": 0}, {"q": "ada", "limit": 51}):
        response = client.get(URL, params=params, headers=world.as_("rep"))
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


def test_limit_keeps_the_best(client: TestClient, world: World, db: Session) -> None:
    for name in ("Ann Lee", "Ann Marie Lee", "Anna Bell", "Ann Ash", "Ann Zed"):
        make_customer(db, name, phone=None)
    db.commit()
    hits = _lookup(client, world, "ann", limit=3)
    assert [h["customer"]["name"] for h in hits] == ["Ann Ash", "Ann Lee", "Ann Zed"]


def test_the_seed_fills_the_index(app: FastAPI, client: TestClient) -> None:
    seed_database(app.state.engine, customers=40, today=date(2026, 3, 2), random_seed=3)
    login = client.post(
        "/api/v1/auth/login", json={"username": "admin", "password": DEFAULT_PASSWORD}
    )
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    with app.state.engine.connect() as connection:
        name, phone, number = connection.execute(
            sa.text(
                "SELECT c.name, p.e164, o.number FROM customer c"
                " JOIN customer_phone p ON p.customer_id = c.id"
                " JOIN sales_order o ON o.customer_id = c.id ORDER BY o.number LIMIT 1"
            )
        ).one()
        indexed = connection.scalar(sa.text("SELECT count(*) FROM customer_search"))
    assert indexed == 40

    def hits(q: str) -> list[tuple[str, str, str]]:
        response = client.get(URL, params={"q": q, "limit": 50}, headers=headers)
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        return [(i["customer"]["name"], i["matched"], i["matched_text"]) for i in items]

    found = hits(name), hits(phone), hits(number)
    assert (name, "name", name) in found[0]
    assert (name, "phone", phone) in found[1]
    assert found[2][0] == (name, "order", number)
    with app.state.engine.begin() as connection:  # again, over a full index
        counts = search_index.rebuild(connection)
    assert counts["customer_search"] == 40
    assert (hits(name), hits(phone), hits(number)) == found


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgres_answers_from_indexes_without_scanning_a_table(
    app: FastAPI, world: World, db: Session
) -> None:
    engine = app.state.engine
    rng = random.Random(6)
    people = [
        {
            "id": uuid.uuid4(),
            "name": f"{('Ann', 'Bob', 'Cy')[i % 3]} {''.join(rng.choices(LETTERS, k=9))}",
            "store_id": world.store.id if i % 10 == 0 else None,
        }
        for i in range(30_000)
    ]
    with engine.begin() as connection:
        connection.execute(sa.insert(Customer), people)
        connection.execute(
            sa.insert(CustomerPhone),
            [{"customer_id": p["id"], "e164": f"+1202{i:07d}"} for i, p in enumerate(people)],
        )
        connection.execute(
            sa.insert(Order),
            [{"customer_id": p["id"], "number": f"O-{i:07d}"} for i, p in enumerate(people)],
        )
        search_index.rebuild(connection)
        connection.exec_driver_sql("ANALYZE")
    rare = people[12_345]["name"].split()[1][:6]
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        for text, user in [
            ("ann", world.admin),  # a common prefix: the walk along the rank index
            (f"{rare} cy", world.admin),  # a rare word: the GIN index
            ("ann", world.retail),
            ("(202) 000-12", world.admin),
            ("O-00012", world.admin),
            ("12345", world.admin),
        ]:
            query = parse_query(text, region="US")
            assert lookup(session=db, user=user, query=query, limit=20) is not None
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    assert any("customer_search_key" in s for s, _ in statements)
    assert any("tsquery" in s.lower() for s, _ in statements)
    plans = []
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in statements:
            if statement.startswith("SET "):  # the planner settings the look-up runs with
                cursor.execute(statement)
                continue
            cursor.execute(f"EXPLAIN {statement}", parameters)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert not BIG_TABLES.search(plan), f"{statement}\n{plan}"
            plans.append(plan)
    finally:
        raw.close()
    used = "\n".join(plans)
    for index in (
        "ix_customer_search_rank",  # the walk for a common prefix
        "ix_customer_search_store_rank",  # the same in one store
        "ix_customer_search_name_key_gin",  # a rare name
        "pk_customer_search_key",  # numbers
    ):
        assert index in used, index


def test_the_migration_indexes_the_customers_already_stored(
    app: FastAPI, client: TestClient, world: World
) -> None:
    engine = app.state.engine
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")  # as before the index existed
    customer_id = uuid.uuid4()
    with engine.begin() as connection:  # Core inserts: no session, so no hook
        connection.execute(sa.insert(Customer), [{"id": customer_id, "name": "Édith Piaf"}])
        phones_then = sa.table(  # the table as it was at 0004 (the model has grown since)
            "customer_phone",
            *(sa.column(name, sa.Uuid()) for name in ("id", "customer_id")),
            *(sa.column(name) for name in ("e164", "label", "position")),
        )
        connection.execute(
            sa.insert(phones_then),
            [
                {
                    "id": uuid.uuid4(),
                    "customer_id": customer_id,
                    "e164": "+33142685300",
                    "label": "mobile",
                    "position": 0,
                }
            ],
        )
        connection.execute(
            sa.insert(CustomerEmail), [{"customer_id": customer_id, "email": "edith@piaf.example"}]
        )
        connection.execute(sa.insert(Order), [{"customer_id": customer_id, "number": "O-7777"}])
    upgrade(engine)
    for q, matched in [
        ("edith pia", "name"),
        ("+33 1 42 68 53 00", "phone"),
        ("edith@piaf", "email"),
        ("o-7777", "order"),
    ]:
        hits = _lookup(client, world, q)
        assert [(h["customer"]["id"], h["matched"]) for h in hits] == [(str(customer_id), matched)]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_writers_of_one_customer_take_turns_on_its_index_rows(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    customer = make_customer(db, "Ada Lovelace", phone=None)
    db.commit()
    # A phone and an email written directly: no change-log lock makes these two wait
    first, second = app.state.session_factory(), app.state.session_factory()
    first.add(CustomerPhone(customer_id=customer.id, e164="+12025550111"))
    first.flush()  # holds the customer's index lock until it commits
    errors: list[BaseException] = []

    def add_email() -> None:
        try:
            second.add(CustomerEmail(customer_id=customer.id, email="ada@engine.example"))
            second.commit()  # waits for the lock, then reads what the first committed
        except BaseException as error:  # reported to the test's thread
            errors.append(error)

    thread = threading.Thread(target=add_email)
    thread.start()
    waiting = sa.text("SELECT count(*) FROM pg_locks WHERE NOT granted")
    with app.state.engine.connect() as watcher:  # until the second waits on the first
        while thread.is_alive() and not watcher.scalar(waiting):
            thread.join(0.01)
    first.commit()
    thread.join()
    first.close()
    second.close()
    assert errors == []
    assert [h["matched"] for h in _lookup(client, world, "202 555 0111")] == ["phone"]
    assert [h["matched"] for h in _lookup(client, world, "ada@engine.example")] == ["email"]
