"""The local store's migrations: they match the models, and upgrade old files without loss."""

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desk_app.client.store import LocalStore
from desk_app.client.store.database import include_name, make_engine, upgrade
from desk_app.client.store.schema import Base

OP_ID = "0194a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
RECORD_ID = "0194a1b2-c3d4-7e5f-8a9b-000000000001"


def test_models_and_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "store.sqlite3")
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": True, "include_name": include_name},
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_a_store_at_the_first_revision_is_upgraded_without_losing_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    upgrade(engine, "0001")
    engine.dispose()
    with sqlite3.connect(path) as old:
        old.execute(
            "INSERT INTO outbox_op (op_id, kind, payload, base_version, created_at, attempts)"
            " VALUES (?, 'note.add', '{\"body\": \"hi\"}', NULL, '2026-01-02 03:04:05', 2)",
            (OP_ID.replace("-", ""),),
        )
        old.execute(
            "INSERT INTO cached_record (entity, id, version, seq, data, updated_at)"
            " VALUES ('customer', ?, 3, 7, '{\"name\": \"Ada\"}', '2026-01-02 03:04:05')",
            (RECORD_ID.replace("-", ""),),
        )
        old.execute("INSERT INTO draft VALUES ('note:1', 'half typed', '2026-01-02 03:04:05')")
    old.close()

    store = LocalStore.open(path)  # upgrades to head
    (pending,) = store.replica.pending(10)
    assert str(pending.op_id) == OP_ID
    assert pending.payload == {"body": "hi"}
    assert store.records("customer") == [{"name": "Ada"}]
    assert store.draft("note:1") == "half typed"
    assert store.conflicts() == []
    store.close()
