"""personal stats and the end of the day: goals per team or rep, end-of-shift reports,
hold time and transfers on interactions, announcements for one role

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
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
    # plain columns are added in place on SQLite too (no table copy)
    op.add_column("announcement", sa.Column("audience_role", sa.String(length=30), nullable=True))
    op.add_column(
        "interaction",
        sa.Column("hold_seconds", sa.Double(), server_default="0", nullable=False),
    )
    op.add_column("interaction", sa.Column("hold_started_at", UTC_TS, nullable=True))
    op.add_column(
        "interaction",
        sa.Column("transferred", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_table(
        "goal",
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("metric", sa.String(length=30), nullable=False),
        sa.Column("target", sa.Double(), nullable=False),
        *_versioned(),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_goal_team_id_team")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_goal_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    op.create_index(op.f("ix_goal_team_id"), "goal", ["team_id"], unique=False)
    op.create_index(
        "uq_goal_team_metric",
        "goal",
        ["team_id", "metric"],
        unique=True,
        sqlite_where=sa.text("user_id IS NULL"),
        postgresql_where=sa.text("user_id IS NULL"),
    )
    op.create_index("uq_goal_user_metric", "goal", ["user_id", "metric"], unique=True)
    op.create_table(
        "shift_report",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("unresolved", sa.JSON(), nullable=False),
        sa.Column("went_well", sa.Text(), nullable=False),
        sa.Column("to_improve", sa.Text(), nullable=False),
        sa.Column("notes_for_supervisor", sa.Text(), nullable=False),
        sa.Column("signed_off_at", UTC_TS, nullable=False),
        sa.Column("submitted_at", UTC_TS, nullable=False),
        sa.Column("reviewed_at", UTC_TS, nullable=True),
        sa.Column("reviewed_by_id", sa.Uuid(), nullable=True),
        *_versioned(),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_shift_report_team_id_team")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_shift_report_user_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["user_account.id"],
            name=op.f("fk_shift_report_reviewed_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_report")),
        sa.UniqueConstraint("user_id", "day", name=op.f("uq_shift_report_user_id_day")),
    )
    op.create_index(op.f("ix_shift_report_team_id"), "shift_report", ["team_id"], unique=False)
    op.create_index(op.f("ix_shift_report_user_id"), "shift_report", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("shift_report")
    op.drop_table("goal")
    with op.batch_alter_table("interaction") as batch:
        batch.drop_column("transferred")
        batch.drop_column("hold_started_at")
        batch.drop_column("hold_seconds")
    with op.batch_alter_table("announcement") as batch:
        batch.drop_column("audience_role")
