"""check-ins by date: the index carries the assignment too

Revision ID: 0005
Revises: 0004

"The latest check-in of each unit" reads the check-ins of the last weeks by date; with the
assignment in the index entry it never has to open the check-in rows themselves (at province
scale 0.8 s → a small fraction).
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_checkins_reported_on', table_name='checkins')
    op.create_index('ix_checkins_reported_on', 'checkins', ['reported_on', 'assignment_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_checkins_reported_on', table_name='checkins')
    op.create_index('ix_checkins_reported_on', 'checkins', ['reported_on'], unique=False)
