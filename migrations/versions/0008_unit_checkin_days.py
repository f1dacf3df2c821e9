"""each unit's check-ins per day, for its latest check-in as of any day by one index seek

Revision ID: 0008
Revises: 0007

The units' scorecards show each unit's latest check-in. They read the last fortnight's
check-ins of every unit (at region scale on PostgreSQL 115,000 rows joined to their
assignments: 0.6–0.8 s) and looked up the rest in their history. unit_checkin_days keeps how
many check-ins each unit has on each day (core/state_counts.py), so each unit's latest is one
seek down (unit, day).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('unit_checkin_days',
                    sa.Column('unit_id', sa.Integer(), nullable=False),
                    sa.Column('day', sa.Date(), nullable=False),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('unit_id', 'day', name=op.f('pk_unit_checkin_days')),
                    sqlite_with_rowid=False)
    # Existing workspaces: counted from the check-ins stored.
    from core.state_counts import rebuild_checkin_days

    rebuild_checkin_days(op.get_bind())


def downgrade() -> None:
    op.drop_table('unit_checkin_days')
