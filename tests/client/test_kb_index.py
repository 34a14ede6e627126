"""The desk KB index: cached articles found offline by word prefixes, ranked as the server does."""

import sqlite3
import uuid
from pathlib import Path
from typing import Any

from desk_app.client.store import LocalStore, kb_index
from desk_app.client.store.database import make_engine, upgrade

ROUTER = uuid.UUID("01940000-0000-7000-8000-00000000000a")
REFUND = uuid.UUID("01940000-0000-7000-8000-00000000000b")
LATE = uuid.UUID("01940000-0000-7000-8000-00000000000c")
TEAM = uuid.UUID("01940000-0000-7000-8000-0000000000aa")
OTHER_TEAM = uuid.UUID("01940000-0000-7000-8000-0000000000bb")


def _article(article_id: uuid.UUID, slug: str, title: str, body: str, tags=(), version=1):
    return {
        "id": str(article_id),
        "slug": slug,
        "title": title,
        "body": body,
        "tags": list(tags),
        "version": version,
    }


def _put(store: LocalStore, entity: str, *records: dict[str, Any]) -> None:
    last = store.replica.position().last_seq
    changes = [
        {"seq": last + n, "entity": entity, "id": r["id"], "action": "upsert", "record": r}
        for n, r in enumerate(records, start=1)
    ]
    store.replica.apply_changes(changes, last + len(records))


def _slugs(store: LocalStore, text: str, limit: int = 20) -> list[str]:
    return [article["slug"] for article in store.search_articles(text, limit)]


ARTICLES = (
    _article(
        ROUTER, "reset-router", "Resetting the Router", "Hold the button for ten seconds.", ["WiFi"]
    ),
    _article(REFUND, "refunds", "Refund by card", "Within 30 days of the café order.", ["billing"]),
    _article(LATE, "late-parcel", "Late parcels", "Offer a refund when the router is late", []),
)


def test_a_cached_article_is_found_offline_by_a_title_prefix_and_a_body_word(
    store: LocalStore,
) -> None:
    _put(store, "kb_article", *ARTICLES)
    assert _slugs(store, "Reset") == ["reset-router"]
    assert _slugs(store, "seconds") == ["reset-router"]
    assert _slugs(store, "rout butt") == ["reset-router"]
    assert _slugs(store, "CAFE") == ["refunds"]  # folded both ways
    assert _slugs(store, "wifi") == ["reset-router"]  # by a tag
    assert _slugs(store, "outer") == []  # a prefix of a word, not any part of one
    assert _slugs(store, "%") == []


def test_title_words_rank_first_then_tags_then_body(store: LocalStore) -> None:
    _put(store, "kb_article", *ARTICLES)
    assert _slugs(store, "router") == ["reset-router", "late-parcel"]
    assert _slugs(store, "refund") == ["refunds", "late-parcel"]
    assert _slugs(store, "refund", limit=1) == ["refunds"]


def test_an_edit_and_a_removal_change_what_is_found(store: LocalStore) -> None:
    _put(store, "kb_article", *ARTICLES)
    _put(
        store, "kb_article", _article(ROUTER, "reset-router", "Modem lights", "Blinking", version=2)
    )
    assert _slugs(store, "resetting") == []
    assert _slugs(store, "modem blink") == ["reset-router"]
    seq = store.replica.position().last_seq + 1
    gone = {"seq": seq, "entity": "kb_article", "id": str(ROUTER), "action": "delete"}
    store.replica.apply_changes([gone], seq)
    assert _slugs(store, "modem") == []


def test_fts_syntax_is_read_as_words(store: LocalStore) -> None:
    _put(store, "kb_article", *ARTICLES)
    for text in ('"router', "NEAR(router", "words:router", "router' OR 1=1 --", "r*", "title : x"):
        assert set(_slugs(store, text)) <= {"reset-router", "late-parcel", "refunds"}, text
    assert _slugs(store, "NEAR(router") == []  # "near" begins no word of an article here


def test_remembered_server_answers_and_links_by_slug(store: LocalStore) -> None:
    changes = store.remember_articles([ARTICLES[1]])
    assert [change.entity for change in changes] == ["kb_article"]
    assert _slugs(store, "refund") == ["refunds"]
    assert store.article_by_slug("refunds") == ARTICLES[1]
    assert store.article_by_slug("nope") is None
    assert store.remember_articles([{**ARTICLES[1], "version": 0}]) == []  # older: kept


def test_the_migration_indexes_the_articles_already_cached(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    upgrade(engine, "0004")
    engine.dispose()
    with sqlite3.connect(path) as old:
        old.execute(
            "INSERT INTO cached_record (entity, id, version, seq, data, updated_at)"
            " VALUES ('kb_article', ?, 1, 1, ?, '2026-01-02 03:04:05')",
            (
                REFUND.hex,
                '{"slug": "refunds", "title": "Refund by card", "body": "Café", "tags": []}',
            ),
        )
    old.close()
    store = LocalStore.open(path)
    assert _slugs(store, "cafe ref") == ["refunds"]
    store.close()


def test_the_migration_makes_the_table_the_module_reads(store: LocalStore) -> None:
    with store._engine.connect() as connection:
        made = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = ?", (kb_index.TABLE,)
        ).scalar_one()
    assert kb_index.TOKENIZE in made
    assert f"prefix='{kb_index.PREFIX}'" in made
