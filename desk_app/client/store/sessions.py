"""Short sessions on the store, one per call: never shared between threads."""

import contextlib
import sqlite3
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desk_app.client.store.database import WRITE


@contextlib.contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Session]:
    """One transaction, committed at the end of the block or rolled back on error."""
    bind = engine.execution_options(**WRITE) if write else engine
    with Session(bind, expire_on_commit=False) as session, session.begin():
        yield session


@contextlib.contextmanager
def reading(engine: Engine) -> Iterator[sqlite3.Connection]:
    """One read transaction on a pooled connection, as plain ``sqlite3``: for keystroke paths.

    A look-up runs on every key typed; an ORM session's bookkeeping would cost
    more than the query. Like :func:`transaction`, the connection is this
    call's alone and goes back to the pool at the end of the block.
    """
    pooled = engine.raw_connection()
    try:
        connection: sqlite3.Connection = pooled.driver_connection  # type: ignore[assignment]
        connection.execute("BEGIN")  # one snapshot for every statement of the block
        try:
            yield connection
        finally:
            connection.execute("ROLLBACK")  # nothing was written
    finally:
        pooled.close()
