"""saved filters of the assignment list

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('saved_filters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('filter', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['clerks.id'], name=op.f('fk_saved_filters_clerk_id_clerks'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_filters')),
    sa.UniqueConstraint('clerk_id', 'name', name=op.f('uq_saved_filters_clerk_id_name')),
    )
    op.create_index(op.f('ix_saved_filters_clerk_id'), 'saved_filters', ['clerk_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_saved_filters_clerk_id'), table_name='saved_filters')
    op.drop_table('saved_filters')
