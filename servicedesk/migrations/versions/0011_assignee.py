"""tickets.assignee and tickets.assignee_name: the agent who has the ticket in hand

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 18:00:00

A ticket belonged to a support group only; the agents' console lets one agent take it ("assign to me") or give it
to a colleague, and its queues show "mine". The assignee is an actor id as the history writes it, indexed so that
"my tickets" is one indexed query; the name is what a screen shows without reading the desk's accounts.
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('assignee', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('assignee_name', sa.String(length=200), nullable=True))
        batch.create_index(batch.f('ix_tickets_assignee'), ['assignee'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.drop_index(batch.f('ix_tickets_assignee'))
        batch.drop_column('assignee_name')
        batch.drop_column('assignee')
