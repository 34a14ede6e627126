"""conflicts, rejected ops, and which record each outbox op changed locally

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _op_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=True),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("local_fields", sa.JSON(), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("outbox_op", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entity", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("entity_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("local_fields", sa.JSON(), nullable=True))
        batch_op.create_index("ix_outbox_op_entity_entity_id", ["entity", "entity_id"])
    op.create_table(
        "conflict",
        sa.Column("position", sa.Integer(), autoincrement=True, nullable=False),
        *_op_columns(),
        sa.Column("server_record", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_conflict")),
        sa.UniqueConstraint("op_id", name=op.f("uq_conflict_op_id")),
    )
    op.create_table(
        "rejected_op",
        sa.Column("position", sa.Integer(), autoincrement=True, nullable=False),
        *_op_columns(),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_rejected_op")),
        sa.UniqueConstraint("op_id", name=op.f("uq_rejected_op_op_id")),
    )


def downgrade() -> None:
    op.drop_table("rejected_op")
    op.drop_table("conflict")
    with op.batch_alter_table("outbox_op", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_op_entity_entity_id")
        batch_op.drop_column("local_fields")
        batch_op.drop_column("entity_id")
        batch_op.drop_column("entity")
