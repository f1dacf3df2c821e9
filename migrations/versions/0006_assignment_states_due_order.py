"""assignment states in the list's default order, and by task

Revision ID: 0006
Revises: 0005

The assignment list opens sorted by due date (no date last), then document order, unit and
id. With an index in exactly that order, carrying the columns the as-of test and the text
search read, the first page is read by walking the index and stopping after a page instead
of sorting every assignment on each keystroke (at province scale 0.07–0.11 s → 0.001–0.03 s).
A text search that matches only a few tasks reads their states by the task index instead
(the walk would go nearly to the end of the index): 0.06 s → 0.01 s.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORDER = ['due', 'signed_on', 'directive_id', 'position', 'unit_sort_key', 'assignment_id']
CARRIED = ['valid_from', 'assigned_on', 'task_id']  # valid_to is in every entry (primary key)


def upgrade() -> None:
    op.create_index('ix_assignment_states_due_order', 'assignment_states',
                    [sa.text('(due IS NULL)'), *ORDER, *CARRIED], unique=False)
    op.create_index('ix_assignment_states_task', 'assignment_states', ['task_id', 'valid_to'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_assignment_states_task', table_name='assignment_states')
    op.drop_index('ix_assignment_states_due_order', table_name='assignment_states')
