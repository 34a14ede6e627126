"""customer view: preferred channel, order actions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("preferred_channel", sa.String(length=30), nullable=True))

    op.create_table(
        "order_action",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_order.id"], name=op.f("fk_order_action_order_id_sales_order")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["user_account.id"],
            name=op.f("fk_order_action_requested_by_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_action")),
    )
    with op.batch_alter_table("order_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_action_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("order_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_action_order_id"))
    op.drop_table("order_action")

    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("preferred_channel")
