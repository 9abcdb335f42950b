"""recorded intervals per channel and day (the 录像巡检)

Revision ID: 0009_recordings
Revises: 0007_survey_tokens
Create Date: 2026-12-07 03:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009_recordings"
down_revision: str | Sequence[str] | None = "0008_probes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "recording_day",
        sa.Column("device_pk", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("spans", sa.Text(), server_default="[]", nullable=False),
        sa.Column("findings", sa.Text(), server_default="[]", nullable=False),
        sa.Column("answered", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("oldest", sa.BigInteger(), nullable=True),
        sa.Column("scanned", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["device_pk"],
            ["device.pk"],
            name=op.f("fk_recording_day_device_pk_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_pk", "day", name=op.f("pk_recording_day")),
    )
    with op.batch_alter_table("recording_day", schema=None) as batch_op:
        batch_op.create_index("ix_recording_day_day", ["day"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("recording_day", schema=None) as batch_op:
        batch_op.drop_index("ix_recording_day_day")
    op.drop_table("recording_day")
