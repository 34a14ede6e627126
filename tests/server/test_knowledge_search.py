"""The knowledge-base search: folded word prefixes through the index, ranked, on both databases."""

import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desk_app.domain.knowledge import query_words
from desk_app.server.core.db import make_engine
from desk_app.server.knowledge.models import KbArticle
from desk_app.server.knowledge.search import FTS_TOKENIZE, KbSearch, ranked_ids, rebuild
from desk_app.server.migrate import upgrade
from tests.support.builders import World

KB = "/api/v1/kb/articles"


def _article(client: TestClient, world: World, slug: str, title: str, body: str, tags=()):
    response = client.post(
        KB,
        json={"slug": slug, "title": title, "body": body, "tags": list(tags)},
        headers=world.as_("supervisor"),
    )
    assert response.status_code == 201, response.text
    return response.json()


def _slugs(client: TestClient, world: World, q: str, **params: object) -> list[str]:
    response = client.get(KB, params={"q": q, **params}, headers=world.as_("rep"))
    assert response.status_code == 200, response.text
    assert response.json()["next_cursor"] is None  # a search is one page
    return [a["slug"] for a in response.json()["items"]]


def test_title_words_rank_before_tags_before_body(client: TestClient, world: World) -> None:
    _article(client, world, "body", "Late parcels", "When the refund is slow, apologise.")
    _article(client, world, "tag", "Card disputes", "Open a case.", ["refund"])
    _article(client, world, "title", "Refund by card", "Within 30 days.")
    _article(client, world, "prefix", "Refundable fares", "Tickets.")
    # an exact title word beats a title word it only begins; then tags, then the body
    assert _slugs(client, world, "refund") == ["title", "prefix", "tag", "body"]
    # both words in the title beat one in the title and one in the tags
    assert _slugs(client, world, "card refund")[:2] == ["title", "tag"]


def test_accents_and_case_are_folded_both_ways(client: TestClient, world: World) -> None:
    _article(client, world, "cafe", "Café Crème orders", "Straße delivery")
    assert _slugs(client, world, "CAFE creme") == ["cafe"]
    assert _slugs(client, world, "STRASSE") == ["cafe"]  # casefolded: ß is ss
    assert _slugs(client, world, "straße") == ["cafe"]
    assert _slugs(client, world, "café") == ["cafe"]


def test_ties_go_by_title_and_the_limit_keeps_the_best(client: TestClient, world: World) -> None:
    for slug, title in (("c", "Gamma router"), ("a", "Alpha router"), ("b", "Beta router")):
        _article(client, world, slug, title, "Text.")
    assert _slugs(client, world, "router") == ["a", "b", "c"]
    assert _slugs(client, world, "router", limit=2) == ["a", "b"]
    with_cursor = client.get(KB, params={"q": "router", "cursor": "AAAA"}, headers=world.as_("rep"))
    assert with_cursor.status_code == 400


def test_search_with_a_tag_and_query_syntax_is_just_words(client: TestClient, world: World) -> None:
    _article(client, world, "wifi", "Router lights", "Near the door", ["wifi"])
    _article(client, world, "other", "Router boxes", "Near the door", ["shipping"])
    assert _slugs(client, world, "router", tag="WIFI") == ["wifi"]
    for tricky in ('"near', "NEAR(door", "title_words:router", "router' OR 1=1 --", "r*"):
        assert set(_slugs(client, world, tricky)) <= {"wifi", "other"}, tricky
    assert _slugs(client, world, "title_words:router") == []  # one word, in no article


def test_an_edit_is_searched_by_its_new_words_only(client: TestClient, world: World) -> None:
    article = _article(client, world, "a", "Printer jams", "Open the tray.")
    edited = client.patch(
        f"{KB}/{article['id']}",
        json={"version": 1, "title": "Scanner jams", "tags": ["hardware"]},
        headers=world.as_("admin"),
    )
    assert edited.status_code == 200, edited.text
    assert _slugs(client, world, "printer") == []
    assert _slugs(client, world, "scan hard tray") == ["a"]


def test_rebuild_derives_the_index_of_rows_written_past_the_orm(
    client: TestClient, world: World, db: Session
) -> None:
    _article(client, world, "a", "Printer jams", "Open the tray.")
    connection = db.connection()
    connection.execute(KbSearch.__table__.delete())
    assert _slugs_after_commit(client, world, db, "printer") == []
    assert rebuild(db.connection()) == {"kb_search": 1}
    assert _slugs_after_commit(client, world, db, "printer") == ["a"]
    assert db.scalar(select(KbSearch.title_words)) == "printer jams"
    assert db.scalar(select(KbArticle.slug)) == "a"


def _slugs_after_commit(client: TestClient, world: World, db: Session, q: str) -> list[str]:
    db.commit()
    return _slugs(client, world, q)


def test_the_migration_indexes_the_articles_stored_before_it(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0005")
    article_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO kb_article (id, slug, title, body, tags, version, created_at,"
                " updated_at) VALUES (:id, 'old', 'Café opening hours', 'Nine to five',"
                " '[\"Stores\"]', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            ),
            {"id": article_id.hex},
        )
    upgrade(engine)
    with Session(engine) as session:
        assert ranked_ids(session, query_words("cafe nine stor"), limit=5) == [article_id]
        made = session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'kb_search_fts'"))
        assert FTS_TOKENIZE in made  # terms are split where the module says, at spaces only
    engine.dispose()
