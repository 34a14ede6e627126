"""The migrations and the ORM models describe the same schema, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi import FastAPI
from sqlalchemy import inspect

from desk_app.server.migrate import include_name, upgrade
from desk_app.server.models import Base


def test_autogenerate_finds_no_difference_after_upgrade(app: FastAPI) -> None:
    engine = app.state.engine
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": True, "include_name": include_name},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_is_idempotent_and_creates_every_table(app: FastAPI) -> None:
    engine = app.state.engine
    upgrade(engine)  # already at head: nothing to do, nothing breaks
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
