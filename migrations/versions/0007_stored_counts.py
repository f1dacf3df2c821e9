"""stored counts per unit, category and day, for counts as of any day without a scan

Revision ID: 0007
Revises: 0006

The dashboard's totals, its most-overdue units and the units' scorecards counted every
assignment standing on the day asked about: over a region on PostgreSQL (1.5 million
assignments) a second or more each. core/state_counts.py keeps dated changes per unit,
category and flags, the totals at the start of every month, and each recurring assignment's
first check-in per reporting period; a count reads one month of them.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = ['unit_id', 'category', 'due_soon', 'awaiting', 'returned']


def _key_columns() -> list[sa.Column]:
    return [sa.Column('unit_id', sa.Integer(), nullable=False),
            sa.Column('category', sa.String(length=16), nullable=False),
            sa.Column('due_soon', sa.Boolean(), nullable=False),
            sa.Column('awaiting', sa.Boolean(), nullable=False),
            sa.Column('returned', sa.Boolean(), nullable=False)]


def upgrade() -> None:
    op.create_table('unit_count_changes',
                    sa.Column('day', sa.Date(), nullable=False), *_key_columns(),
                    sa.Column('change', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('day', *KEY, name=op.f('pk_unit_count_changes')),
                    sqlite_with_rowid=False)
    op.create_table('unit_count_marks',
                    sa.Column('month', sa.Date(), nullable=False), *_key_columns(),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('month', *KEY, name=op.f('pk_unit_count_marks')),
                    sqlite_with_rowid=False)
    op.create_table('count_months',
                    sa.Column('month', sa.Date(), nullable=False),
                    sa.PrimaryKeyConstraint('month', name=op.f('pk_count_months')))
    op.create_table('recurring_reports',
                    sa.Column('assignment_id', sa.Integer(), nullable=False),
                    sa.Column('period_start', sa.Date(), nullable=False),
                    sa.Column('reporting_cycle', sa.String(length=32), nullable=False),
                    sa.Column('unit_id', sa.Integer(), nullable=False),
                    sa.Column('reported_on', sa.Date(), nullable=False),
                    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'],
                                            name=op.f('fk_recurring_reports_assignment_id_assignments'),
                                            ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('assignment_id', 'period_start', name=op.f('pk_recurring_reports')))
    op.create_index('ix_recurring_reports_period', 'recurring_reports',
                    ['period_start', 'reporting_cycle', 'reported_on', 'unit_id'], unique=False)
    # Existing workspaces: derive them (and the states they come from) from what is stored.
    from core.fact_states import rebuild_all_states

    rebuild_all_states(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_recurring_reports_period', table_name='recurring_reports')
    op.drop_table('recurring_reports')
    op.drop_table('count_months')
    op.drop_table('unit_count_marks')
    op.drop_table('unit_count_changes')
