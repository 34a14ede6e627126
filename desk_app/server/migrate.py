"""Schema upgrades: ``desk server migrate`` and the test fixtures both come through here."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import NameFilterParentNames, NameFilterType
from sqlalchemy import Engine

from desk_app.server.customers.search_models import BACKEND_OBJECTS
from desk_app.server.knowledge import search as kb_search

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def include_name(name: str | None, _type: NameFilterType, _parents: NameFilterParentNames) -> bool:
    """Whether autogenerate compares ``name``: not a table or index only one backend has."""
    return name not in BACKEND_OBJECTS and name not in kb_search.BACKEND_OBJECTS


def alembic_config(database_url: str) -> Config:
    """An Alembic config for ``database_url`` with no alembic.ini on disk."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` up to ``revision``."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
