"""phone index of cached customers, filled from the customers already cached

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "phone_index",
        sa.Column("e164", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("e164", "customer_id", name=op.f("pk_phone_index")),
    )
    op.create_index(op.f("ix_phone_index_customer_id"), "phone_index", ["customer_id"])
    # Server copies carry E.164 numbers; a number still as typed on this desk is
    # indexed when the server's copy of its customer arrives.
    op.execute(
        """
        INSERT OR IGNORE INTO phone_index (e164, customer_id)
        SELECT json_extract(phone.value, '$.number'), record.id
        FROM cached_record AS record, json_each(record.data, '$.phones') AS phone
        WHERE record.entity = 'customer'
          AND json_extract(phone.value, '$.number') GLOB '+[1-9]*'
        """
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_phone_index_customer_id"), table_name="phone_index")
    op.drop_table("phone_index")
