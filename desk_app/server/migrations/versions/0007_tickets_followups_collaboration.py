"""ticket life cycle, SLA, checklists and history; hand-off notes; follow-ups and callbacks;
@mentions; supervisor questions; collision heartbeats; handover acknowledgements;
do-not-contact numbers; first-contact resolution and after-contact-work deadlines

The two old follow-up dates (``ticket.follow_up_on``, ``interaction.follow_up_at``)
become follow-up records owned by the ticket's owner or the interaction's agent
(a date becomes 09:00 UTC that day); the old statuses ``pending`` and ``escalated``
become ``pending_customer`` and ``open`` (an escalation is now a hand-off in the
history, not a status).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 02:30:00.000000
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from alembic import op

from desk_app.domain.ids import new_id

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TS = sa.DateTime(timezone=True)


def _versioned() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "supervisor_question",
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("asked_by_id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("asked_at", UTC_TS, nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Uuid(), nullable=True),
        sa.Column("answered_at", UTC_TS, nullable=True),
        *_versioned(),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["user_account.id"],
            name=op.f("fk_supervisor_question_answered_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["asked_by_id"],
            ["user_account.id"],
            name=op.f("fk_supervisor_question_asked_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_supervisor_question_store_id_store")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_supervisor_question_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervisor_question")),
    )
    with op.batch_alter_table("supervisor_question") as batch_op:
        for column in ("asked_by_id", "store_id", "subject_id", "team_id"):
            batch_op.create_index(batch_op.f(f"ix_supervisor_question_{column}"), [column])

    op.create_table(
        "viewing",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("seen_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_viewing_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "subject_type", "subject_id", name=op.f("pk_viewing")),
    )
    with op.batch_alter_table("viewing") as batch_op:
        batch_op.create_index(batch_op.f("ix_viewing_subject_id"), ["subject_id"])

    op.create_table(
        "mention",
        sa.Column("note_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("department", sa.String(length=40), nullable=True),
        sa.Column("subject_type", sa.String(length=30), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("read_at", UTC_TS, nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_mention_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["note.id"], name=op.f("fk_mention_note_id_note"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_mention_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention")),
    )
    with op.batch_alter_table("mention") as batch_op:
        batch_op.create_index(batch_op.f("ix_mention_user_id"), ["user_id"])

    op.create_table(
        "ticket_event",
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("by_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"], ["user_account.id"], name=op.f("fk_ticket_event_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
            name=op.f("fk_ticket_event_ticket_id_ticket"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_event")),
    )
    with op.batch_alter_table("ticket_event") as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_event_ticket_id"), ["ticket_id"])

    op.create_table(
        "follow_up",
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("due_at", UTC_TS, nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("done_at", UTC_TS, nullable=True),
        sa.Column("interaction_id", sa.Uuid(), nullable=True),
        *_versioned(),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_follow_up_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_follow_up_interaction_id_interaction"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user_account.id"], name=op.f("fk_follow_up_owner_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_follow_up_store_id_store")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_follow_up_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up") as batch_op:
        for column in ("customer_id", "owner_id", "store_id", "subject_id", "team_id"):
            batch_op.create_index(batch_op.f(f"ix_follow_up_{column}"), [column])
        batch_op.create_index("ix_follow_up_open_due", ["done_at", "due_at"])

    op.create_table(
        "handover_ack",
        sa.Column("note_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["handover_note.id"],
            name=op.f("fk_handover_ack_note_id_handover_note"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_handover_ack_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_ack")),
        sa.UniqueConstraint("note_id", "user_id", name=op.f("uq_handover_ack_note_id_user_id")),
    )
    with op.batch_alter_table("handover_ack") as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_ack_note_id"), ["note_id"])
        batch_op.create_index(batch_op.f("ix_handover_ack_user_id"), ["user_id"])

    with op.batch_alter_table("customer_phone") as batch_op:
        # a plain-text default: a SQL expression would make SQLite copy the table
        batch_op.add_column(
            sa.Column("do_not_contact", sa.Boolean(), server_default="0", nullable=False)
        )

    _add_reference("handover_note", "ticket_id", "ticket")
    with op.batch_alter_table("handover_note") as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_note_ticket_id"), ["ticket_id"])

    with op.batch_alter_table("team") as batch_op:
        batch_op.add_column(sa.Column("department", sa.String(length=40), nullable=True))

    with op.batch_alter_table("note") as batch_op:
        batch_op.add_column(sa.Column("mentioned", sa.JSON(), nullable=False, server_default="[]"))

    with op.batch_alter_table("ticket_escalation") as batch_op:
        for column in ("tried", "told", "expected"):
            batch_op.add_column(sa.Column(column, sa.Text(), nullable=False, server_default=""))
        for column in ("from_tier", "to_tier"):
            batch_op.add_column(sa.Column(column, sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("context", sa.JSON(), nullable=False, server_default="{}"))
    _add_reference("ticket_escalation", "interaction_id", "interaction")

    with op.batch_alter_table("ticket") as batch_op:
        batch_op.add_column(sa.Column("category", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("tier", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("checklist", sa.JSON(), nullable=False, server_default="[]"))
        for column in (
            "first_response_due_at",
            "resolution_due_at",
            "first_responded_at",
            "resolved_at",
            "sla_paused_at",
        ):
            batch_op.add_column(sa.Column(column, UTC_TS, nullable=True))

    _add_reference("ticket", "order_id", "sales_order")
    with op.batch_alter_table("ticket") as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_order_id"), ["order_id"])

    with op.batch_alter_table("interaction") as batch_op:
        batch_op.add_column(sa.Column("first_contact_resolution", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("acw_deadline_at", UTC_TS, nullable=True))

    _move_follow_ups()
    op.execute("UPDATE ticket SET status = 'pending_customer' WHERE status = 'pending'")
    op.execute("UPDATE ticket SET status = 'open' WHERE status = 'escalated'")

    op.drop_index("ix_ticket_follow_up_on", table_name="ticket")
    _drop_plain_column("ticket", "follow_up_on")
    _drop_plain_column("interaction", "follow_up_at")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_reference(table: str, column: str, target: str) -> None:
    """Add a nullable id column referencing ``target``, without copying ``table`` on SQLite.

    SQLite's batch mode would copy the table, and dropping the old copy of a table
    that others reference deletes (or refuses to delete) their rows; SQLite can add
    a column with its reference in place instead.
    """
    name = f"fk_{table}_{column}_{target}"
    if _sqlite():
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} CHAR(32)"
            f" CONSTRAINT {name} REFERENCES {target} (id)"
        )
        return
    op.add_column(table, sa.Column(column, sa.Uuid(), nullable=True))
    op.create_foreign_key(name, table, target, [column], ["id"])


def _drop_plain_column(table: str, column: str) -> None:
    """Drop an unindexed, unreferenced column in place (SQLite 3.35+), never copying the table."""
    if _sqlite():
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)


def _aware(value: object) -> datetime:
    """A stored date or timestamp as an aware UTC datetime (SQLite hands back text)."""
    if isinstance(value, str):
        value = (
            datetime.fromisoformat(value)
            if "T" in value or " " in value
            else date.fromisoformat(value)
        )
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    assert isinstance(value, date)
    return datetime.combine(value, time(9), tzinfo=UTC)


def _uuid(value: object) -> uuid.UUID | None:
    """A selected id (SQLite hands back its 32 hex digits) as a UUID."""
    return None if value is None or isinstance(value, uuid.UUID) else uuid.UUID(str(value))


_UUIDS = ("id", "subject_id", "customer_id", "owner_id", "team_id", "store_id")


def _move_follow_ups() -> None:
    """Each old follow-up date becomes a reminder record for whoever owns the work."""
    bind = op.get_bind()
    now = datetime.now(UTC)
    rows = []
    old = [
        (
            "ticket",
            "SELECT id, customer_id, owner_id, team_id, store_id, follow_up_on FROM ticket"
            " WHERE follow_up_on IS NOT NULL AND owner_id IS NOT NULL",
        ),
        (
            "interaction",
            "SELECT id, customer_id, assigned_agent_id, team_id, store_id, follow_up_at"
            " FROM interaction WHERE follow_up_at IS NOT NULL AND assigned_agent_id IS NOT NULL",
        ),
    ]
    for subject, query in old:
        for subject_id, customer_id, owner_id, team_id, store_id, due in bind.execute(
            sa.text(query)
        ):
            rows.append(
                {
                    "id": new_id(),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                    "subject_type": subject,
                    "subject_id": _uuid(subject_id),
                    "customer_id": _uuid(customer_id),
                    "owner_id": _uuid(owner_id),
                    "team_id": _uuid(team_id),
                    "store_id": _uuid(store_id),
                    "kind": "reminder",
                    "due_at": _aware(due),
                    "note": "",
                }
            )
    if rows:
        table = sa.table(
            "follow_up",
            *(sa.column(name, sa.Uuid()) for name in _UUIDS),
            *(sa.column(name, UTC_TS) for name in ("created_at", "updated_at", "due_at")),
            *(sa.column(name) for name in ("version", "subject_type", "kind", "note")),
        )
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.add_column("interaction", sa.Column("follow_up_at", UTC_TS, nullable=True))
    _drop_plain_column("interaction", "acw_deadline_at")
    _drop_plain_column("interaction", "first_contact_resolution")
    with op.batch_alter_table("ticket") as batch_op:
        batch_op.add_column(sa.Column("follow_up_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_ticket_follow_up_on"), ["follow_up_on"])
    op.execute("UPDATE ticket SET status = 'pending' WHERE status LIKE 'pending_%'")
    with op.batch_alter_table("ticket") as batch_op:
        if not _sqlite():  # SQLite's copy drops the column's unnamed reference with it
            batch_op.drop_constraint(
                batch_op.f("fk_ticket_order_id_sales_order"), type_="foreignkey"
            )
        batch_op.drop_index(batch_op.f("ix_ticket_order_id"))
        for column in (
            "sla_paused_at",
            "resolved_at",
            "first_responded_at",
            "resolution_due_at",
            "first_response_due_at",
            "checklist",
            "tier",
            "order_id",
            "category",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("ticket_escalation") as batch_op:
        if not _sqlite():
            batch_op.drop_constraint(
                batch_op.f("fk_ticket_escalation_interaction_id_interaction"), type_="foreignkey"
            )
        for column in (
            "context",
            "interaction_id",
            "to_tier",
            "from_tier",
            "expected",
            "told",
            "tried",
        ):
            batch_op.drop_column(column)
    _drop_plain_column("team", "department")
    _drop_plain_column("note", "mentioned")
    with op.batch_alter_table("handover_note") as batch_op:
        if not _sqlite():
            batch_op.drop_constraint(
                batch_op.f("fk_handover_note_ticket_id_ticket"), type_="foreignkey"
            )
        batch_op.drop_index(batch_op.f("ix_handover_note_ticket_id"))
        batch_op.drop_column("ticket_id")
    _drop_plain_column("customer_phone", "do_not_contact")
    for table in (
        "handover_ack",
        "follow_up",
        "ticket_event",
        "mention",
        "viewing",
        "supervisor_question",
    ):
        op.drop_table(table)
