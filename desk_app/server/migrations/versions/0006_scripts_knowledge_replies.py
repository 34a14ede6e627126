"""interaction tags, follow-up and messages; canned answers by team with shortcuts; macros

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("follow_up_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("canned_answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("shortcut", sa.String(length=30), nullable=True))
        batch_op.create_index(batch_op.f("ix_canned_answer_team_id"), ["team_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_canned_answer_team_id_team"), "team", ["team_id"], ["id"]
        )

    op.create_table(
        "macro",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("shortcut", sa.String(length=30), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_macro_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_macro")),
    )
    with op.batch_alter_table("macro", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_macro_team_id"), ["team_id"], unique=False)

    op.create_table(
        "interaction_message",
        sa.Column("interaction_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_interaction_message_author_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_message_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction_message")),
    )
    with op.batch_alter_table("interaction_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_message_interaction_id"), ["interaction_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("interaction_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_message_interaction_id"))
    op.drop_table("interaction_message")
    with op.batch_alter_table("macro", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_macro_team_id"))
    op.drop_table("macro")
    with op.batch_alter_table("canned_answer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_canned_answer_team_id_team"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_canned_answer_team_id"))
        batch_op.drop_column("shortcut")
        batch_op.drop_column("team_id")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_column("follow_up_at")
        batch_op.drop_column("tags")
