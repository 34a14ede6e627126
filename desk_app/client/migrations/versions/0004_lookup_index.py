"""look-up index of cached customers, orders and invoices, filled from what is cached

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 09:00:00

Five FTS5 tables hold what a customer is found by (see
``desk_app/client/store/lookup_index.py``, which keeps them in step from
here on), numbered ``lookup_record.key << 8 | slot``. The backfill derives
the rows in Python, as that module does, from the domain's one folding of
text; it is a copy of the module's derivation as of this revision (a later
change to it comes with a migration that rebuilds), and a test checks the
two agree.
"""

import hashlib
import json
import re
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from desk_app.domain.lookup import fold, phone_keys, words
from desk_app.domain.phones import InvalidPhoneError, to_e164

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("lookup_name", "lookup_email_words", "lookup_phone", "lookup_email", "lookup_document")
FTS_OPTIONS = (
    "tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'\", "
    "detail=full, columnsize=0, prefix='1 2 3 4 5 6 7 8'"
)
SLOT_BITS = 8
BATCH = 5000
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")

Row = tuple[str, int, str, str | None]


def upgrade() -> None:
    op.create_table(
        "lookup_record",
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("digest", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_lookup_record")),
        sa.UniqueConstraint("entity", "record_id", name=op.f("uq_lookup_record_entity_record_id")),
    )
    for table in TABLES:
        op.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(terms, text UNINDEXED, {FTS_OPTIONS})")
    connection = op.get_bind()
    connection.exec_driver_sql("PRAGMA cache_size=-65536")  # 64 MiB while the index is built
    try:
        _backfill(connection)
        for table in TABLES:  # one segment per index: what incremental writes start from
            op.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608
    finally:
        connection.exec_driver_sql("PRAGMA cache_size=-2000")  # SQLite's default again


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TABLE {table}")
    op.drop_table("lookup_record")


# --- the backfill: the rows of every cached customer, order and invoice ------------


def _backfill(connection: sa.Connection) -> None:
    """Page through the cache by rowid, writing each page's rows in one ``executemany`` a table.

    Plain ``sqlite3`` parameters: at a million customers SQLAlchemy's
    per-row parameter handling would cost more than the inserts.
    """
    last, key = 0, 0
    while True:
        # An order's or invoice's two fields are read by SQLite: most of the cache, and its
        # bulk. NOT INDEXED: a page is a rowid range, never every customer sorted again.
        page = connection.exec_driver_sql(
            "SELECT rowid, entity, id, CASE entity WHEN 'customer' THEN data END,"
            " json_extract(data, '$.number'), json_extract(data, '$.customer_id')"
            " FROM cached_record NOT INDEXED"
            " WHERE rowid > ? AND entity IN ('customer', 'order', 'invoice')"
            " ORDER BY rowid LIMIT ?",
            (last, BATCH),
        ).all()
        if not page:
            return
        last = page[-1][0]
        records: list[tuple[Any, ...]] = []
        rows: dict[str, list[tuple[int, str, str | None]]] = {table: [] for table in TABLES}
        for _rowid, entity, record_id, data, number, customer in page:
            fields = json.loads(data) if data else {"number": number, "customer_id": customer}
            owner, found = _rows(entity, fields)
            if not found:
                continue
            key += 1
            customer_id = None if owner is None else owner.hex
            records.append((key, entity, record_id, customer_id, _digest(owner, found)))
            for table, slot, terms, text in found:
                rows[table].append((key << SLOT_BITS | slot, terms, text))
        if records:
            connection.exec_driver_sql(
                "INSERT INTO lookup_record (key, entity, record_id, customer_id, digest)"
                " VALUES (?, ?, ?, ?, ?)",
                records,
            )
        for table, table_rows in rows.items():  # table: one of TABLES, never input
            insert = f"INSERT INTO {table} (rowid, terms, text) VALUES (?, ?, ?)"  # noqa: S608
            if table_rows:
                connection.exec_driver_sql(insert, table_rows)


def _rows(entity: str, data: dict[str, Any]) -> tuple[uuid.UUID | None, list[Row]]:
    if entity == "customer":
        return None, list(_customer_rows(data))
    number, owner = data.get("number"), data.get("customer_id")
    if not isinstance(number, str) or not isinstance(owner, str):
        return None, []
    try:
        customer_id = uuid.UUID(owner)
    except ValueError:
        return None, []
    compact = "".join(char for char in fold(number) if char.isalnum())
    first_digit = next((at for at, char in enumerate(compact) if char.isdigit()), None)
    if first_digit is None:
        return None, []
    key, letters = compact[first_digit:], compact[:first_digit]
    terms = " ".join(dict.fromkeys((letters + key, key)))
    return customer_id, [("lookup_document", 0, terms, number)]


def _customer_rows(data: dict[str, Any]) -> Iterator[Row]:
    name = data.get("name")
    if isinstance(name, str) and (name_words := words(name)):
        yield "lookup_name", 0, " ".join(name_words), None
    for slot, number in enumerate(sorted(_numbers(data))[: 1 << SLOT_BITS]):
        yield "lookup_phone", slot, " ".join(phone_keys(number)), number
    listed = data.get("emails")
    emails = [e for e in listed if isinstance(e, str)] if isinstance(listed, list) else []
    for slot, email in enumerate(list(dict.fromkeys(emails))[: 1 << SLOT_BITS]):
        if folded := fold(email):
            yield "lookup_email", slot, folded, email
        if email_words := words(email):
            yield "lookup_email_words", slot, " ".join(email_words), email


def _numbers(data: dict[str, Any]) -> set[str]:
    found = set()
    for phone in data.get("phones") or []:
        raw = phone.get("number") if isinstance(phone, dict) else phone
        if not isinstance(raw, str):
            continue
        if _E164.fullmatch(raw):
            found.add(raw)
            continue
        try:
            found.add(to_e164(raw, region="ZZ"))
        except InvalidPhoneError:
            continue
    return found


def _digest(owner: uuid.UUID | None, rows: list[Row]) -> int:
    blob = repr((owner, rows)).encode()
    return int.from_bytes(hashlib.blake2b(blob, digest_size=8).digest(), "big", signed=True)
