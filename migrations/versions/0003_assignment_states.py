"""assignment_states: the stored timeline of each assignment's facts

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
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('extended_due', sa.Date(), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('awaiting', sa.Boolean(), nullable=False),
    sa.Column('last_decision', sa.String(length=16), nullable=True),
    sa.Column('last_reported_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'],
                            name=op.f('fk_assignment_states_assignment_id_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assignment_id', 'valid_from', name=op.f('pk_assignment_states')),
    )
    # Existing workspaces: derive the timelines from the facts already stored.
    from core.fact_states import rebuild_all_states

    rebuild_all_states(op.get_bind())


def downgrade() -> None:
    op.drop_table('assignment_states')
