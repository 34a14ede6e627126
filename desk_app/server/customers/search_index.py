"""Keeps the customer search index in step with the rows it is derived from.

A session hook, like the change log's: when a flush writes a customer, one of
its phones or emails, or an order or invoice, the hook re-derives that
customer's index rows on the flush's own connection. The index therefore
commits or rolls back with the change, and no write path (REST, sync ops, a
merge, test builders) can forget it. A bulk load that bypasses the ORM (the
seed's) calls :func:`rebuild` after it.

On PostgreSQL a per-customer advisory lock serialises two transactions
re-deriving the same customer, so the second reads what the first committed
instead of clashing with its rows.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, groupby, islice
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnClause,
    ColumnElement,
    Connection,
    TableClause,
    Uuid,
    bindparam,
    column,
    delete,
    event,
    func,
    inspect,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session, UOWTransaction

from desk_app.server.customers.models import Customer, CustomerEmail, CustomerPhone
from desk_app.server.customers.search_keys import email_words, key_rows, name_key
from desk_app.server.customers.search_models import CustomerSearch, CustomerSearchKey
from desk_app.server.orders.models import Invoice, Order

Progress = Callable[[str, int, int], None]
Row = tuple[Any, ...]
Stored = tuple[Any, str, Any, dict[str, list[str]]]
"""``(customer_id, name, store_id, values)``; ``values`` are the arguments of ``key_rows``."""
Owned = Callable[[ColumnClause[Any]], ColumnElement[bool]]
"""Which customers a statement is about, given the column holding their id."""


def _raw(name: str, *columns: str) -> TableClause:
    """A table as bare names: no types, so ids come and go exactly as the driver has them."""
    return table(name, *(column(c) for c in columns))


_SEARCH_COLUMNS = ("customer_id", "store_id", "name_key", "name_words", "email_words")
_KEY_COLUMNS = ("field", "key", "letters", "customer_id", "store_id", "text")
_SEARCH = _raw(CustomerSearch.__tablename__, *_SEARCH_COLUMNS)
_KEYS = _raw(CustomerSearchKey.__tablename__, *_KEY_COLUMNS)
_CUSTOMER = _raw("customer", "id", "name", "store_id")
_SOURCES = {
    "phones": (_raw("customer_phone", "customer_id", "e164", "position"), "e164", "position"),
    "emails": (_raw("customer_email", "customer_id", "email", "position"), "email", "position"),
    "orders": (_raw("sales_order", "customer_id", "number"), "number", "number"),
    "invoices": (_raw("invoice", "customer_id", "number"), "number", "number"),
}
"""Where :func:`.search_keys.key_rows`' arguments are stored: table, value, order."""
_LOCK_SPACE = 0x7365_6172  # "sear": the first key of pg_advisory_xact_lock(int, int)
_BATCH = 5_000
_WATCHED: dict[type, frozenset[str]] = {
    Customer: frozenset({"name", "store_id"}),
    CustomerPhone: frozenset({"e164", "customer_id"}),
    CustomerEmail: frozenset({"email", "customer_id"}),
    Order: frozenset({"number", "customer_id"}),
    Invoice: frozenset({"number", "customer_id"}),
}
"""Each source of index rows and the attributes whose change changes them."""


def rebuild(connection: Connection, *, progress: Progress | None = None) -> dict[str, int]:
    """Derive the whole index again from every customer; rows written per table.

    For a bulk load nobody else is using the database during (the seed): the
    indexes of the search tables are set aside meanwhile. ``progress(table,
    done, total)`` as the seed reports it; ``done == total`` on each table's last call.
    """
    total = connection.scalar(select(func.count()).select_from(_CUSTOMER)) or 0
    counts = {_SEARCH.name: 0, _KEYS.name: 0}
    with _indexes_set_aside(connection):
        connection.execute(delete(_KEYS))
        connection.execute(delete(_SEARCH))
        everyone = _everyone(connection)
        while batch := list(islice(everyone, _BATCH)):
            customers, keys = _index_rows(batch)
            _insert(connection, _SEARCH, customers)
            _insert(connection, _KEYS, keys)
            counts[_SEARCH.name] += len(customers)
            counts[_KEYS.name] += len(keys)
            if progress is not None:
                done = counts[_SEARCH.name]
                progress(_SEARCH.name, done, max(total, done + 1))
    if progress is not None:
        for name, count in counts.items():
            progress(name, count, count)
    return counts


def _everyone(connection: Connection) -> Iterator[Stored]:
    """Every customer with its stored values, merged from one ordered read of each table."""
    options = {"yield_per": _BATCH}  # server-side cursors on PostgreSQL: a table at a time
    people = connection.execute(
        select(_CUSTOMER).order_by(_CUSTOMER.c.id), execution_options=options
    )
    groups = {
        argument: groupby(
            connection.execute(
                select(source.c.customer_id, source.c[value]).order_by(
                    source.c.customer_id, source.c[order]
                ),
                execution_options=options,
            ),
            key=itemgetter(0),
        )
        for argument, (source, value, order) in _SOURCES.items()
    }
    heads = {argument: next(group, None) for argument, group in groups.items()}
    for customer_id, name, store_id in people:
        values: dict[str, list[str]] = {}
        for argument, head in heads.items():
            # every child row has its customer (foreign keys), in the same order
            if head is not None and head[0] == customer_id:
                values[argument] = [stored for _, stored in head[1]]
                heads[argument] = next(groups[argument], None)
            else:
                values[argument] = []
        yield customer_id, name, store_id, values


@contextmanager
def _indexes_set_aside(connection: Connection) -> Iterator[None]:
    """Drop the search tables' indexes and SQLite's FTS5 triggers for a bulk load; rebuild after.

    One sort per index at the end instead of millions of scattered index
    updates: the way PostgreSQL's and SQLite's manuals say to populate a
    table. On PostgreSQL that includes the key table's primary key (its rows
    arrive in customer order, not key order); SQLite's is the table itself.
    The catalog writes both statements, so no definition is repeated here.
    """
    if connection.dialect.name == "postgresql":
        catalog = text(
            "SELECT format('DROP INDEX %I', indexname), indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename IN :tables"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            " UNION ALL SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass,"
            " conname), format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass,"
            " conname, pg_get_constraintdef(oid)) FROM pg_constraint"
            " WHERE contype = 'p' AND conrelid = CAST(:keys AS regclass)"
        ).bindparams(keys=_KEYS.name)
    else:
        catalog = text(
            "SELECT 'DROP ' || type || ' \"' || name || '\"', sql FROM sqlite_master"
            " WHERE tbl_name IN :tables AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        )
    tables: BindParameter[list[str]] = bindparam(
        "tables", [_SEARCH.name, _KEYS.name], expanding=True
    )
    aside = connection.execute(catalog.bindparams(tables)).all()
    for drop, _ in aside:
        connection.exec_driver_sql(drop)
    yield
    for _, restore in aside:
        connection.exec_driver_sql(restore)
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            "INSERT INTO customer_search_fts (customer_search_fts) VALUES ('rebuild')"
        )


def _reindex(connection: Connection, customer_ids: set[uuid.UUID]) -> None:
    ids = sorted(customer_ids)
    if connection.dialect.name == "postgresql":
        for customer_id in ids:  # in one order, so two writers cannot each wait on the other
            connection.execute(
                select(func.pg_advisory_xact_lock(_LOCK_SPACE, _lock_key(customer_id)))
            )
    for start in range(0, len(ids), 500):
        chunk = bindparam("ids", ids[start : start + 500], expanding=True, type_=Uuid())

        def owned(
            owner: ColumnClause[Any], chunk: BindParameter[Any] = chunk
        ) -> ColumnElement[bool]:
            return owner.in_(chunk)

        connection.execute(delete(_KEYS).where(owned(_KEYS.c.customer_id)))
        connection.execute(delete(_SEARCH).where(owned(_SEARCH.c.customer_id)))
        customers, keys = _index_rows(_derive(connection, owned))
        _insert(connection, _SEARCH, customers)
        _insert(connection, _KEYS, keys)


def _lock_key(customer_id: uuid.UUID) -> int:
    """A signed 32-bit number from the id (a shared number only makes two customers wait)."""
    return (customer_id.int & 0xFFFF_FFFF) - 0x8000_0000


def _derive(connection: Connection, owned: Owned) -> list[Stored]:
    """The customers ``owned`` names, with their stored values."""
    people = connection.execute(select(_CUSTOMER).where(owned(_CUSTOMER.c.id))).all()
    values: dict[str, defaultdict[Any, list[str]]] = {}
    for argument, (source, value, order) in _SOURCES.items():
        grouped = values[argument] = defaultdict(list)
        statement = (
            select(source.c.customer_id, source.c[value])
            .where(owned(source.c.customer_id))
            .order_by(source.c[order])
        )
        for owner, stored in connection.execute(statement):
            grouped[owner].append(stored)
    return [
        (
            customer_id,
            name,
            store_id,
            {argument: values[argument][customer_id] for argument in values},
        )
        for customer_id, name, store_id in people
    ]


def _index_rows(stored: Iterable[Stored]) -> tuple[list[Row], list[Row]]:
    """The ``customer_search`` and ``customer_search_key`` rows of some customers.

    Ids stay as the driver handed them over (SQLite: hex text; PostgreSQL:
    UUID) and are written back the same way: a rebuild of a million
    customers converts none of them. Keys come in key order, so an index
    fills in runs.
    """
    customers: list[Row] = []
    keys: list[Row] = []
    for customer_id, name, store_id, values in stored:
        key, count = name_key(name)
        customers.append((customer_id, store_id, key, count, email_words(values["emails"])))
        keys.extend(
            (field.value, key, letters, customer_id, store_id, shown)
            for field, key, letters, shown in key_rows(**values)
        )
    keys.sort(key=itemgetter(0, 1))
    return customers, keys


def _insert(connection: Connection, target: TableClause, rows: list[Row]) -> None:
    """``COPY`` on PostgreSQL (several times faster than INSERTs), ``executemany`` on SQLite.

    The driver's own calls: values go in exactly as they were read.
    """
    if not rows:
        return
    names = ", ".join(f'"{c.name}"' for c in target.c)
    if connection.dialect.name != "postgresql":
        marks = ", ".join("?" * len(target.c))
        connection.exec_driver_sql(
            f"INSERT INTO {target.name} ({names}) VALUES ({marks})",  # noqa: S608 - our names
            rows,
        )
        return
    raw = connection.connection.driver_connection
    with (
        raw.cursor() as cursor,  # type: ignore[union-attr]
        cursor.copy(f"COPY {target.name} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _customers_touched(session: Session) -> set[uuid.UUID]:
    """Customers whose index rows the pending flush changes (before and after a move)."""
    touched: set[uuid.UUID] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        watched = _WATCHED.get(type(obj))
        if watched is None:
            continue
        state = inspect(obj)
        owner = "id" if isinstance(obj, Customer) else "customer_id"
        if obj in session.dirty and not any(
            state.attrs[name].history.has_changes() for name in watched
        ):
            continue
        current = state.dict.get(owner)
        if current is not None:
            touched.add(current)
        touched.update(value for value in state.attrs[owner].history.deleted if value)
    return touched


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    touched = _customers_touched(session)
    if touched:
        _reindex(session.connection(), touched)


def install() -> None:
    """Register the hook on every session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
