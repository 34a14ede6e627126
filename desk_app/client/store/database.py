"""Opening the local SQLite file: where it lives, how it is tuned, and its schema upgrade.

WAL lets the window read while the sync thread writes. ``synchronous=NORMAL``
in WAL mode keeps every committed transaction through a crash of the desk
process (the WAL is in the OS page cache) at a fraction of FULL's cost; only
a power cut may lose the last few hundred milliseconds of commits, which is
the price of keystroke-by-keystroke drafts staying well under a millisecond.

pysqlite opens transactions lazily and lets a reader upgrade to a writer
later, which under WAL fails with SQLITE_BUSY regardless of the busy
timeout. So the driver's own transaction handling is switched off and every
transaction is begun here: writes with ``BEGIN IMMEDIATE`` (they queue for
the write lock up front, honouring the busy timeout), reads with ``BEGIN``.
"""

import re
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.environment import NameFilterParentNames, NameFilterType
from sqlalchemy import Connection, Engine, create_engine, event

from desk_app.client.store.schema import is_fts_table

APP_NAME = "desk"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
WRITE = {"desk_write": True}
BUSY_TIMEOUT_MS = 5000


def store_path(server_url: str, username: str, data_dir: Path | None = None) -> Path:
    """The store file of ``username`` on ``server_url``: one per user and server."""
    base = data_dir or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    server = re.sub(r"[^A-Za-z0-9.-]+", "_", server_url.split("://", 1)[-1]).strip("_")
    user = re.sub(r"[^A-Za-z0-9.-]+", "_", username)
    return base / "stores" / server / f"{user}.sqlite3"


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun in _on_begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("desk_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path) -> Engine:
    """An engine on the store file at ``path`` (created with its folder if missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def include_name(name: str | None, type_: NameFilterType, _parents: NameFilterParentNames) -> bool:
    """Whether autogenerate compares ``name``: not the look-up's FTS5 tables, which no model has."""
    return not (type_ == "table" and name is not None and is_fts_table(name))


def alembic_config(engine: Engine) -> Config:
    """An Alembic config for the store behind ``engine`` (no alembic.ini on disk)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string().replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store to ``revision``: a newer desk opens an older file without losing it."""
    config = alembic_config(engine)
    with engine.execution_options(**WRITE).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
