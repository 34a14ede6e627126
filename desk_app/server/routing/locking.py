"""Taking the write lock first, so what a routing transaction reads is what it changes.

Routing reads, decides, then writes (count an agent's work, then offer one
more). Two writers doing that at once must not both act on the same reading:

- SQLite has one writer at a time, but pysqlite runs reads outside any
  transaction until the first write, so a decision could rest on a reading
  another process has since changed. ``BEGIN IMMEDIATE`` takes the write lock
  before the reading (the sync op runner does the same).
- PostgreSQL locks rows (``FOR UPDATE``, ``SKIP LOCKED`` in the router); the
  change log's lock is taken before them, so that every writer takes its
  locks in one order and none can deadlock with another.
"""

from sqlalchemy.orm import Session

from desk_app.server.sync import changelog


def write_lock(session: Session) -> None:
    """Serialise the rest of this transaction with other writers; safe to call twice."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    changelog.lock(session)
