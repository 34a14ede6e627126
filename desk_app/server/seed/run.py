"""The seeding run: check the database is empty, run every phase, tidy up."""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, func, select, text

from desk_app.server.auth.passwords import hash_password
from desk_app.server.customers import search_index
from desk_app.server.customers.models import Customer
from desk_app.server.followups.models import FollowUp
from desk_app.server.goals.models import Goal
from desk_app.server.handover.models import HandoverAck, HandoverNote
from desk_app.server.knowledge import search as kb_search
from desk_app.server.knowledge.models import CannedAnswer, KbArticle, Macro
from desk_app.server.notes.models import Mention
from desk_app.server.questions.models import Question
from desk_app.server.scripts.models import Script
from desk_app.server.seed.collaboration import seed_collaboration
from desk_app.server.seed.commerce import seed_commerce
from desk_app.server.seed.content import seed_content
from desk_app.server.seed.context import SeedContext
from desk_app.server.seed.customers import seed_customers
from desk_app.server.seed.followups import seed_follow_ups
from desk_app.server.seed.goals import seed_goals
from desk_app.server.seed.history import log_month
from desk_app.server.seed.staff import seed_board, seed_shifts, seed_staff
from desk_app.server.seed.work import seed_interactions, seed_tickets
from desk_app.server.seed.writer import BulkWriter
from desk_app.server.shifts.models import Shift
from desk_app.server.sync import changelog
from desk_app.server.tickets.models import Ticket
from desk_app.server.updates.models import Announcement
from desk_app.server.users.models import User

DEFAULT_PASSWORD = "desk-demo-password"  # noqa: S105 - the documented demo password
PHASES = (
    seed_staff,
    seed_shifts,
    seed_board,
    seed_goals,
    seed_content,
    seed_customers,
    seed_commerce,
    seed_tickets,
    seed_interactions,
    seed_follow_ups,
)

EVERY_DESKS_CONTENT = (
    Script,
    KbArticle,
    CannedAnswer,
    Macro,
    Announcement,
    HandoverNote,
    HandoverAck,
    Mention,
    Question,
    Ticket,
    FollowUp,
    Shift,
    Goal,
)
"""Seeded rows the feed carries to every desk (within its audience) from its first sync.

Tickets and follow-ups are a rep's own work list (the Tickets and Due pages),
which the desk reads from its cache, not on demand like customers; shifts
and goals are what the stats, the shift panel and the report measure
against. The reps' month of state history and handled contacts is logged
apart (:func:`~desk_app.server.seed.history.log_month`).
"""


DEMO_USERS_HELP = f"""\
Seeded sign-ins (password: $DESK_SEED_PASSWORD, default {DEFAULT_PASSWORD!r}):
  admin                      admin
  sup.atlantic               supervisor of Team Atlantic (also sup.meridian, sup.pacific)
  rep01 .. rep24             reps: 01-08 Atlantic, 09-16 Meridian, 17-24 Pacific
  retail.nyc1 .. retail.nyc3 retail staff of the New York store (likewise .ldn, .ber,
                             .par, .tyo, .sao)"""


class SeedError(Exception):
    """The database cannot be seeded (it already holds customers or seeded staff)."""


@dataclass(frozen=True)
class SeedSummary:
    """How many rows each table received, as ``(table, count)`` pairs in writing order."""

    counts: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, int]:
        return dict(self.counts)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)

    def __getitem__(self, table: str) -> int:
        """Rows written to ``table`` (0 for a table the seed does not fill)."""
        return self.as_dict().get(table, 0)

    def __str__(self) -> str:
        main = ("customer", "sales_order", "invoice", "ticket", "interaction")
        parts = ", ".join(f"{self[t]:,} {t}" for t in main)
        return f"{self.total:,} rows in {len(self.counts)} tables ({parts})"


def seed_password() -> str:
    """The password every seeded member of staff shares (``DESK_SEED_PASSWORD``)."""
    return os.environ.get("DESK_SEED_PASSWORD") or DEFAULT_PASSWORD


def seed_database(
    engine: Engine,
    *,
    customers: int,
    random_seed: int = 7,
    progress: Callable[[str, int, int], None] | None = None,
    today: date | None = None,
    batch_size: int = 10_000,
) -> SeedSummary:
    """Fill an empty, migrated database with a realistic, reproducible data set.

    The same ``random_seed``, ``customers`` and ``today`` (default: the current
    UTC date) give the same rows, ids included, on SQLite and PostgreSQL.
    ``progress(table, done, total)`` is called after every batch written to a
    table (``total`` is an estimate until the table's last call, where
    ``done == total``).
    """
    if customers < 0:
        raise ValueError("customers must be zero or more")
    today = today or datetime.now(UTC).date()
    with engine.connect() as connection:
        _refuse_non_empty(connection)
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.exec_driver_sql("SET TIME ZONE 'UTC'")  # see values.py
            if connection.scalar(
                text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            ):
                # pg_restore --disable-triggers' way: no per-row foreign-key triggers.
                connection.exec_driver_sql("SET session_replication_role = replica")
        else:
            # Outside a transaction, so the pragma takes effect. The rows are
            # consistent by construction (PostgreSQL, which keeps checking,
            # and the tests' foreign_key_check prove it); checking 20 million
            # parent look-ups here would cost a fifth of the run.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MiB for index builds
        writer = BulkWriter(connection, progress=progress, batch_size=batch_size)
        ctx = SeedContext(
            writer=writer,
            seed=random_seed,
            today=today,
            customers=customers,
            password_hash=hash_password(seed_password()),  # hashed once, shared by all
        )
        try:
            with writer:
                for phase in PHASES:
                    phase(ctx)
                writer.commit()
            # The bulk rows bypassed the ORM and so the index's hook: derive it in one go.
            writer.counts.update(search_index.rebuild(connection, progress=progress))
            for derived in (
                kb_search.rebuild(connection),
                seed_collaboration(connection, ctx),  # reads what the phases wrote
                _log_for_desks(connection, ctx),
            ):
                writer.counts.update(derived)
                for table, rows in derived.items():
                    if progress is not None:
                        progress(table, rows, rows)
            connection.commit()
        finally:
            connection.rollback()  # a no-op after the final commit; undoes a failed run
            if postgres:
                connection.exec_driver_sql("RESET TIME ZONE")
                connection.exec_driver_sql("RESET session_replication_role")
            else:  # back to what make_engine's connect hook and SQLite set
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.exec_driver_sql("PRAGMA cache_size=-2000")
            connection.commit()
        _analyze(connection, postgres=postgres)
    return SeedSummary(tuple(writer.counts.items()))


def _log_for_desks(connection: Connection, ctx: SeedContext) -> dict[str, int]:
    """The change log a desk's first sync reads: shared content, and each rep's month."""
    shared = changelog.log_existing(connection, EVERY_DESKS_CONTENT)["change_log"]
    return {"change_log": shared + log_month(connection, ctx)}


def _refuse_non_empty(connection: Connection) -> None:
    if connection.scalar(select(func.count()).select_from(Customer)):
        raise SeedError("the database already has customers; seed an empty database")
    if connection.scalar(select(func.count()).where(User.username == "admin")):
        raise SeedError("the database already has an 'admin' user; seed an empty database")
    connection.rollback()


def _analyze(connection: Connection, *, postgres: bool) -> None:
    """Fresh planner statistics, so the first queries after a big seed use the indexes."""
    if postgres:
        connection.exec_driver_sql("ANALYZE")
    else:
        connection.exec_driver_sql("PRAGMA analysis_limit=1000")
        connection.exec_driver_sql("ANALYZE")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.commit()
