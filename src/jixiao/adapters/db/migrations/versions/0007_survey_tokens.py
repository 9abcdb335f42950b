"""one-time answer links of satisfaction surveys

Revision ID: 0007_survey_tokens
Revises: 0006_evidence
Create Date: 2026-12-07 01:30:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007_survey_tokens"
down_revision: str | Sequence[str] | None = "0006_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "survey_token",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("used", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
            name=op.f("fk_survey_token_survey_id_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_survey_token")),
    )
    with op.batch_alter_table("survey_token", schema=None) as batch_op:
        batch_op.create_index("ix_survey_token_survey_id", ["survey_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("survey_token", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_token_survey_id")
    op.drop_table("survey_token")
