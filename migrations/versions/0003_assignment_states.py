"""assignment_states: how each assignment stands over time, derived for fast "as of" queries

Revision ID: 0003
Revises: 0002
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('assignment_states',
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('unit_sort_key', sa.LargeBinary(), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('original_due', sa.Date(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('reporting_cycle', sa.String(length=32), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('awaiting', sa.Boolean(), nullable=False),
    sa.Column('last_decision', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'],
                            name=op.f('fk_assignment_states_assignment_id_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('valid_to', 'assignment_id', name=op.f('pk_assignment_states')),
    sqlite_with_rowid=False,
    )
    op.create_index('ix_assignment_states_assignment', 'assignment_states', ['assignment_id', 'valid_to'])
    op.create_index('ix_assignment_states_unit', 'assignment_states', ['unit_id', 'valid_to'])
    op.create_index('ix_assignment_states_directive', 'assignment_states', ['directive_id', 'valid_to'])
    # Existing workspaces: derive the rows from what is already stored.
    from core.fact_states import rebuild_all_states

    rebuild_all_states(op.get_bind(), counts=False)  # their counts come with 0007


def downgrade() -> None:
    op.drop_table('assignment_states')
