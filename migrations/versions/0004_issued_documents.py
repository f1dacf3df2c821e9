"""issued reports and reminder letters, kept as issued

Revision ID: 0004
Revises: 0003
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('issued_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('number', sa.String(length=255), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('file_format', sa.String(length=8), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['directive_id'], ['directives.id'],
                            name=op.f('fk_issued_documents_directive_id_directives'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                            name=op.f('fk_issued_documents_unit_id_units'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['clerk_id'], ['clerks.id'],
                            name=op.f('fk_issued_documents_clerk_id_clerks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_documents')),
    )
    op.create_index(op.f('ix_issued_documents_issued_on'), 'issued_documents', ['issued_on'], unique=False)
    op.create_index(op.f('ix_issued_documents_directive_id'), 'issued_documents', ['directive_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_issued_documents_directive_id'), table_name='issued_documents')
    op.drop_index(op.f('ix_issued_documents_issued_on'), table_name='issued_documents')
    op.drop_table('issued_documents')
