"""The desk's look-up index: customers found by name, phone, email and order number, in step."""

import json
import re
import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from desk_app.client.store import LocalChange, LocalHit, LocalStore, lookup_index
from desk_app.client.store.database import make_engine, upgrade
from desk_app.client.store.schema import FTS_TABLES
from desk_app.domain.lookup import MatchField, parse_query

ZOE = uuid.UUID("01940000-0000-7000-8000-000000000001")
HANS = uuid.UUID("01940000-0000-7000-8000-000000000002")
ANN = uuid.UUID("01940000-0000-7000-8000-000000000003")
ANN_MARIE = uuid.UUID("01940000-0000-7000-8000-000000000004")
ORDER = uuid.UUID("01940000-0000-7000-8000-0000000000a1")
SECOND_ORDER = uuid.UUID("01940000-0000-7000-8000-0000000000a2")
INVOICE = uuid.UUID("01940000-0000-7000-8000-0000000000b1")

TRICKY = [
    "",
    "   ",
    "!!! ??? ...",
    "@",
    "-",
    "x" * 10_000,
    "'; DROP TABLE cached_record;--",
    '"a* OR b',
    "NEAR(",
    "NEAR(zoe ang, 2)",
    "col:val",
    "name:zoe",
    "zoe*",
    "^zoe",
    "a\x00@b",
    "\x00",
    "\ud800@x",
    "ann@\t.com",
    "(((",
    "+",
    "00",
    "0000000",
    "🙂 ann",
    "山田",
    "ᦰᦱ",  # New Tai Lue vowels: word characters to Python, marks to SQLite's tables
    "\u200b@\u200b",
]


def _customer(
    customer_id: uuid.UUID,
    name: str,
    phones: tuple[str, ...] = (),
    emails: tuple[str, ...] = (),
    version: int = 1,
) -> dict[str, Any]:
    return {
        "id": str(customer_id),
        "name": name,
        "phones": [{"number": number, "label": "mobile"} for number in phones],
        "emails": list(emails),
        "vip": False,
        "version": version,
    }


def _document(record_id: uuid.UUID, number: str, customer_id: uuid.UUID) -> dict[str, Any]:
    return {"id": str(record_id), "number": number, "customer_id": str(customer_id), "version": 1}


def _put(store: LocalStore, entity: str, *records: dict[str, Any]) -> None:
    last = store.replica.position().last_seq
    changes = [
        {"seq": last + n, "entity": entity, "id": r["id"], "action": "upsert", "record": r}
        for n, r in enumerate(records, start=1)
    ]
    store.replica.apply_changes(changes, last + len(records))


def _drop(store: LocalStore, entity: str, record_id: uuid.UUID) -> None:
    seq = store.replica.position().last_seq + 1
    change = {"seq": seq, "entity": entity, "id": str(record_id), "action": "delete"}
    store.replica.apply_changes([change], seq)


def _find(store: LocalStore, text: str, limit: int = 20) -> list[LocalHit]:
    return store.lookup(parse_query(text, region="US"), limit)


def _names(hits: list[LocalHit]) -> list[str]:
    return [hit.customer["name"] for hit in hits]


def _matched(hits: list[LocalHit]) -> list[MatchField]:
    return [hit.matched for hit in hits]


@pytest.fixture
def people(store: LocalStore) -> LocalStore:
    _put(
        store,
        "customer",
        _customer(ZOE, "Zoë Ångström", ("+15550102030",), ("Zoe.Angstrom@Example.com",)),
        _customer(HANS, "Hans Straße", ("+442079460958", "+4930123456"), ("hans@example.de",)),
    )
    _put(store, "order", _document(ORDER, "O-1000123", HANS))
    _put(store, "invoice", _document(INVOICE, "INV-1000777", ZOE))
    return store


# --- each way of finding a customer ---------------------------------------------------


@pytest.mark.parametrize("text", ["zoe ang", "ang zoe", "ZOË", "Ångström", "zo", "angs zo"])
def test_a_name_is_found_by_word_prefixes_in_any_order_with_accents_folded(
    people: LocalStore, text: str
) -> None:
    (hit,) = _find(people, text)
    assert hit.customer["id"] == str(ZOE)
    assert hit.matched is MatchField.NAME
    assert hit.matched_text == "Zoë Ångström"


def test_a_sharp_s_is_found_by_ss_and_a_word_must_begin_a_name_word(people: LocalStore) -> None:
    assert _names(_find(people, "strasse")) == ["Hans Straße"]
    assert _names(_find(people, "hans str")) == ["Hans Straße"]
    assert _find(people, "trasse") == []
    assert _find(people, "zoe x") == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("(555) 010-2030", "+15550102030"),
        ("+1 555 010 2030", "+15550102030"),
        ("555010", "+15550102030"),
        ("15550", "+15550102030"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+44 20 7946", "+442079460958"),
        ("020 7946 0958", "+442079460958"),
        ("30123", "+4930123456"),
    ],
)
def test_a_phone_is_found_in_any_format_or_partly(
    people: LocalStore, text: str, number: str
) -> None:
    (hit,) = _find(people, text)
    assert hit.matched is MatchField.PHONE
    assert hit.matched_text == number


def test_an_email_is_found_whole_by_its_beginning_or_by_its_words(people: LocalStore) -> None:
    for text in ("zoe.angstrom@example.com", "Zoe.Angstrom@Exa", "angstrom@ex", "zoe@example"):
        (hit,) = _find(people, text)
        assert hit.customer["id"] == str(ZOE), text
        assert hit.matched is MatchField.EMAIL
        assert hit.matched_text == "Zoe.Angstrom@Example.com"
    assert _find(people, "ngstrom@ex") == []  # a fragment must begin a word of the address


@pytest.mark.parametrize(
    ("text", "matched", "number", "customer"),
    [
        ("O-1000123", MatchField.ORDER, "O-1000123", HANS),
        ("o-10001", MatchField.ORDER, "O-1000123", HANS),
        ("O1000123", MatchField.ORDER, "O-1000123", HANS),
        ("INV-1000777", MatchField.INVOICE, "INV-1000777", ZOE),
        ("inv-10007", MatchField.INVOICE, "INV-1000777", ZOE),
        ("1000777", MatchField.INVOICE, "INV-1000777", ZOE),
    ],
)
def test_an_order_or_invoice_number_finds_its_customer(
    people: LocalStore, text: str, matched: MatchField, number: str, customer: uuid.UUID
) -> None:
    (hit,) = _find(people, text)
    assert hit.customer["id"] == str(customer)
    assert (hit.matched, hit.matched_text) == (matched, number)


def test_a_number_both_documents_share_finds_both_customers_in_key_order(
    people: LocalStore,
) -> None:
    hits = _find(people, "1000")
    assert [(h.matched_text, h.matched) for h in hits] == [
        ("O-1000123", MatchField.ORDER),
        ("INV-1000777", MatchField.INVOICE),
    ]


# --- ranking: the server's order ------------------------------------------------------


def test_an_exact_key_comes_before_prefixes_and_prefixes_come_in_key_order(
    store: LocalStore,
) -> None:
    _put(
        store,
        "customer",
        _customer(ZOE, "Zoë", ("+12025550149",)),
        _customer(HANS, "Hans", ("+12025550143",)),
        _customer(ANN, "Ann", ("+1202555014",)),  # short, but a key that equals the query
    )
    hits = _find(store, "202555014")
    assert [h.matched_text for h in hits] == ["+1202555014", "+12025550143", "+12025550149"]


def test_an_address_begun_hides_address_words_and_fewer_name_words_come_first(
    store: LocalStore,
) -> None:
    _put(
        store,
        "customer",
        _customer(ANN_MARIE, "Ann Marie Lee", emails=("lee.ann@example.com",)),
        _customer(ANN, "Ann Lee"),
        _customer(ZOE, "Zoë Lee", emails=("ann.lee@example.com",)),
    )
    hits = _find(store, "ann.lee@example")  # an address begins so: not its words then
    assert [(h.customer["name"], h.matched_text) for h in hits] == [
        ("Zoë Lee", "ann.lee@example.com")
    ]
    hits = _find(store, "lee@example")  # none begins so: by the words, fewer name words first
    assert [(h.customer["name"], h.matched_text) for h in hits] == [
        ("Zoë Lee", "ann.lee@example.com"),
        ("Ann Marie Lee", "lee.ann@example.com"),
    ]
    assert _names(_find(store, "ann lee")) == ["Ann Lee", "Ann Marie Lee"]


def test_a_customer_is_listed_once_for_the_best_reason(people: LocalStore) -> None:
    _put(people, "order", _document(SECOND_ORDER, "O-1000124", HANS))
    (hit,) = _find(people, "o-10001")
    assert hit.matched_text == "O-1000123"
    _put(people, "customer", _customer(ANN, "Ann 1000", ("+15550100999",)))
    hits = _find(people, "1000")  # a number: not read as a name
    assert [(h.customer["name"], h.matched) for h in hits] == [
        ("Hans Straße", MatchField.ORDER),
        ("Zoë Ångström", MatchField.INVOICE),
    ]
    _put(people, "customer", _customer(uuid.uuid4(), "Marta Twin826061"))
    hits = _find(people, "twin826061")  # shaped like a document number, but a name's word
    assert [(h.customer["name"], h.matched) for h in hits] == [
        ("Marta Twin826061", MatchField.NAME)
    ]
    hits = _find(people, "555010")
    assert [h.matched_text for h in hits] == ["+15550100999", "+15550102030"]  # key order


def test_a_short_prefix_gives_at_most_limit_customers_each_once(store: LocalStore) -> None:
    many = [
        _customer(uuid.UUID(int=ANN.int + n), f"Ann Number{n:02d}", (f"+1202555{n:04d}",))
        for n in range(1, 40)
    ]
    _put(store, "customer", *many)
    hits = _find(store, "a", limit=7)
    assert len(hits) == 7
    assert len({h.customer["id"] for h in hits}) == 7
    assert _names(hits) == sorted(_names(hits))  # ranked: same word count, then name
    assert len(_find(store, "1202555", limit=30)) == 30
    assert _find(store, "a", limit=0) == []


# --- in step with the cache -----------------------------------------------------------


def test_a_local_edit_is_found_by_the_new_name_at_once_and_not_the_old(
    people: LocalStore,
) -> None:
    op_id = people.record_op(
        "customer.update",
        {"customer_id": ZOE, "name": "Zoë Lovelace"},
        base_version=1,
        local=LocalChange("customer", ZOE, {"name": "Zoë Lovelace"}),
    )
    (hit,) = _find(people, "lovel")
    assert hit.customer["name"] == "Zoë Lovelace"
    assert _find(people, "angstrom") == []
    assert _names(_find(people, "555010")) == ["Zoë Lovelace"]  # the rest is unchanged

    people.replica.refuse(op_id, "no")
    assert _find(people, "lovel") == []
    assert _names(_find(people, "angstrom")) == ["Zoë Ångström"]


def test_a_local_edit_of_phones_and_emails_is_found_at_once(people: LocalStore) -> None:
    fields = {"phones": [{"number": "+12025550143", "label": "home"}], "emails": ["z@new.example"]}
    people.record_op(
        "customer.update",
        {"customer_id": ZOE, **fields},
        base_version=1,
        local=LocalChange("customer", ZOE, fields),
    )
    assert _names(_find(people, "(202) 555-0143")) == ["Zoë Ångström"]
    assert _names(_find(people, "z@new")) == ["Zoë Ångström"]
    assert _find(people, "555010") == []
    assert _find(people, "zoe.angstrom@") == []  # an address query is not read as a name


def test_removed_records_are_no_longer_found(people: LocalStore) -> None:
    _drop(people, "order", ORDER)
    assert _find(people, "O-1000123") == []
    assert _names(_find(people, "hans")) == ["Hans Straße"]
    _drop(people, "customer", ZOE)
    assert _find(people, "zoe") == []
    assert _find(people, "INV-1000777") == []  # its invoice has no customer to show


def test_a_newer_server_copy_replaces_what_a_customer_is_found_by(people: LocalStore) -> None:
    _put(people, "customer", _customer(HANS, "Hans Meier", ("+4930999999",), version=2))
    assert _find(people, "strasse") == []
    assert _matched(_find(people, "hans@example")) == []
    assert _names(_find(people, "meier")) == ["Hans Meier"]
    assert _names(_find(people, "+49 30 999")) == ["Hans Meier"]
    assert _names(_find(people, "O-1000123")) == ["Hans Meier"]  # its order shows the new name


def test_an_order_moved_to_another_customer_finds_that_customer(people: LocalStore) -> None:
    _put(people, "order", {**_document(ORDER, "O-1000123", ZOE), "version": 2})
    assert _names(_find(people, "O-1000123")) == ["Zoë Ångström"]


def test_a_write_that_changes_nothing_searchable_leaves_the_index_alone(
    people: LocalStore,
) -> None:
    written: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT INTO LOOKUP", "DELETE FROM LOOKUP")):
            written.append(statement)

    event.listen(people._engine, "before_cursor_execute", remember)
    zoe = _customer(ZOE, "Zoë Ångström", ("+15550102030",), ("Zoe.Angstrom@Example.com",))
    _put(people, "customer", {**zoe, "vip": True, "version": 2})
    assert written == []
    _put(people, "customer", {**zoe, "emails": [], "version": 3})
    assert written != []
    assert _matched(_find(people, "zoe.angstrom@example.com")) == []


def test_server_copies_remembered_from_a_look_up_are_found_locally(store: LocalStore) -> None:
    changes = store.remember_customers(
        [_customer(ANN, "Ann Lee", ("+12025550143",)), _customer(HANS, "Hans", version=3)]
    )
    assert {c.id for c in changes} == {ANN, HANS}
    assert _names(_find(store, "ann")) == ["Ann Lee"]
    assert store.remember_customers([_customer(HANS, "Hans Older", version=2)]) == []
    assert _names(_find(store, "hans")) == ["Hans"]


def test_look_ups_run_on_pool_threads_while_the_sync_thread_writes(store: LocalStore) -> None:
    _put(store, "customer", *[_customer(uuid.UUID(int=ANN.int + n), f"Ann {n}") for n in range(50)])

    def sync() -> None:  # one writer, as the desk's sync thread is
        for n in range(20):
            _put(store, "customer", _customer(uuid.UUID(int=ZOE.int + n), f"Zoë {n}"))

    def look(_: int) -> int:
        return len(_find(store, "ann"))

    with ThreadPoolExecutor(max_workers=4) as pool:
        writing = pool.submit(sync)
        looks = list(pool.map(look, range(40)))
        writing.result()
    assert looks == [20] * 40
    assert len(_find(store, "zoe", limit=50)) == 20


# --- never an error -------------------------------------------------------------------


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tricky_input_gives_sensible_results_or_none_never_an_error(
    people: LocalStore, text: str
) -> None:
    hits = _find(people, text)
    assert all(hit.customer["id"] in {str(ZOE), str(HANS)} for hit in hits)
    assert len(people.records("customer")) == 2  # and nothing was changed by it


QUOTED = re.compile(r'"(?:[^"]|"")*"\*(?: AND "(?:[^"]|"")*"\*)*')


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_every_fts_query_is_quoted_prefixes_only(text: str) -> None:
    always, unless_addressed = lookup_index.fts_queries(parse_query(text, region="US"))
    for table, match in always + unless_addressed:
        assert table in FTS_TABLES
        assert QUOTED.fullmatch(match), match


def test_sql_and_fts_syntax_find_nothing_in_a_cache_that_holds_their_words(
    store: LocalStore,
) -> None:
    _put(store, "customer", _customer(ANN, "Drop Table"), _customer(HANS, "Near Col"))
    assert _find(store, "'; DROP TABLE cached_record;--") == []
    assert _names(_find(store, "drop tab")) == ["Drop Table"]
    assert _names(_find(store, "NEAR(")) == ["Near Col"]  # read as the word "near"
    assert _find(store, "col:val") == []
    assert len(store.records("customer")) == 2


def test_ten_kilobytes_of_a_name_find_it_by_the_first_words(people: LocalStore) -> None:
    assert _names(_find(people, "Zoë Ångström " * 800)) == ["Zoë Ångström"]


# --- the index's own guarantees -------------------------------------------------------


def test_the_migration_makes_the_tables_the_module_reads(store: LocalStore) -> None:
    engine = store._engine
    with engine.connect() as connection:
        made = dict(
            connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
                " AND name LIKE 'lookup%'"
            ).all()
        )
    assert set(made) == set(FTS_TABLES)
    for sql in made.values():
        assert lookup_index.TOKENIZE in sql
        assert f"prefix='{lookup_index.PREFIX}'" in sql


def _index_contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the look-up tables, by record rather than by key (keys may differ)."""
    with sqlite3.connect(path) as db:
        records = {
            key: (entity, record_id, customer_id, digest)
            for key, entity, record_id, customer_id, digest in db.execute(
                "SELECT key, entity, record_id, customer_id, digest FROM lookup_record"
            )
        }
        contents: dict[str, list[tuple[Any, ...]]] = {"lookup_record": sorted(records.values())}
        for table in FTS_TABLES:
            rows = db.execute(f"SELECT rowid, terms, text FROM {table}")  # noqa: S608
            contents[table] = sorted(
                (records[rowid >> 8][:2], rowid & 0xFF, terms, text) for rowid, terms, text in rows
            )
    db.close()
    return contents


VARIED = [
    ("customer", _customer(ZOE, "Zoë Ångström", ("+15550102030",), ("Zoe.Angstrom@Example.com",))),
    (
        "customer",
        {
            **_customer(HANS, "Hans  Straße-Öz", emails=("h@x.de", "h@x.de", "Other@Y.fr")),
            "phones": ["+44 20 7946 0958", {"number": "+4930123456"}, "(202) 555-0143", 7, {}],
        },
    ),
    ("customer", {"id": str(ANN), "name": 42, "emails": "not a list", "version": 1}),
    ("customer", {"id": str(ANN_MARIE), "name": "山田 太郎", "version": 1}),
    ("order", _document(ORDER, "O-1000123", HANS)),
    ("order", {"id": str(SECOND_ORDER), "number": "O-9", "version": 1}),  # no customer
    ("invoice", _document(INVOICE, "INV 1000/777", ZOE)),
    ("note", {"id": str(uuid.uuid4()), "number": "O-1", "customer_id": str(ZOE), "version": 1}),
]


def test_a_cache_from_before_the_index_is_backfilled_as_writes_would_index_it(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.sqlite3"
    engine = make_engine(old)
    upgrade(engine, "0003")
    engine.dispose()
    with sqlite3.connect(old) as db:
        db.executemany(
            "INSERT INTO cached_record (entity, id, version, server_data, data, updated_at)"
            " VALUES (?, ?, 1, ?, ?, '2026-01-02')",
            [
                (entity, uuid.UUID(r["id"]).hex, json.dumps(r), json.dumps(r))
                for entity, r in VARIED
            ],
        )
    db.close()
    backfilled = LocalStore.open(old)  # upgrades to head, backfilling the index
    assert _names(_find(backfilled, "zoe ang")) == ["Zoë Ångström"]
    assert _names(_find(backfilled, "020 7946 0958")) == ["Hans  Straße-Öz"]
    assert _names(_find(backfilled, "1000777")) == ["Zoë Ångström"]
    assert _names(_find(backfilled, "other@y")) == ["Hans  Straße-Öz"]
    backfilled.close()

    written = LocalStore.open(tmp_path / "new.sqlite3")
    for entity, record in VARIED:
        _put(written, entity, record)
    written.close()
    assert _index_contents(old) == _index_contents(tmp_path / "new.sqlite3")
