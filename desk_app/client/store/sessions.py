"""Short sessions on the store, one per call: never shared between threads."""

import contextlib
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
